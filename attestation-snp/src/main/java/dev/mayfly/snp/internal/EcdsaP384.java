package dev.mayfly.snp.internal;

import java.math.BigInteger;
import org.bouncycastle.crypto.digests.SHA384Digest;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;

/**
 * ECDSA P-384 with SHA-384 over a report's signed bytes, with the AMD encoding of r and s as
 * 72-byte little-endian integers (SEV-SNP ABI, table "ECDSA P-384 with SHA-384 Signature").
 * Verification only: simulated chips (simulation module) sign on their own.
 */
public final class EcdsaP384 {
  /** Size of each little-endian signature component in the report. */
  public static final int COMPONENT_BYTES = 72;

  private EcdsaP384() {}

  /** Whether (r, s), given little-endian, is a valid signature of {@code message}. */
  public static boolean verify(
      ECPublicKeyParameters key, byte[] message, byte[] rLittleEndian, byte[] sLittleEndian) {
    BigInteger r = fromLittleEndian(rLittleEndian);
    BigInteger s = fromLittleEndian(sLittleEndian);
    byte[] digest = sha384(message);
    ECDSASigner verifier = new ECDSASigner();
    verifier.init(false, key);
    return verifier.verifySignature(digest, r, s);
  }

  /** SHA-384 of {@code message}. */
  public static byte[] sha384(byte[] message) {
    SHA384Digest digest = new SHA384Digest();
    digest.update(message, 0, message.length);
    byte[] out = new byte[digest.getDigestSize()];
    digest.doFinal(out, 0);
    return out;
  }

  /** Unsigned little-endian bytes to an integer. */
  public static BigInteger fromLittleEndian(byte[] le) {
    byte[] be = new byte[le.length];
    for (int i = 0; i < le.length; i++) {
      be[i] = le[le.length - 1 - i];
    }
    return new BigInteger(1, be);
  }
}

package dev.mayfly.simulation.snp.internal;

import java.math.BigInteger;
import org.bouncycastle.crypto.CipherParameters;
import org.bouncycastle.crypto.CryptoException;
import org.bouncycastle.crypto.digests.SHA384Digest;
import org.bouncycastle.crypto.engines.RSAEngine;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.crypto.signers.PSSSigner;

/**
 * The two signatures AMD's key hierarchy makes, for simulated keys: RSASSA-PSS with SHA-384,
 * MGF1-SHA-384 and a 48-byte salt (RFC 8017 §8.1; ARK, ASK and ASVK certificates and CRLs), and
 * the report's ECDSA P-384 with SHA-384 with r and s as 72-byte little-endian integers (SEV-SNP
 * ABI, table "ECDSA P-384 with SHA-384 Signature"). Production verifies these in attestation-snp
 * and never signs them. Simulation only; not API.
 */
public final class Signing {
  private static final int SALT_BYTES = 48;
  private static final int COMPONENT_BYTES = 72;

  private Signing() {}

  /** An RSASSA-PSS SHA-384 signature of {@code message} (salt 48). */
  public static byte[] rsaPssSha384(CipherParameters privateKey, byte[] message) {
    PSSSigner signer = new PSSSigner(
        new RSAEngine(), new SHA384Digest(), new SHA384Digest(), SALT_BYTES);
    signer.init(true, privateKey);
    signer.update(message, 0, message.length);
    try {
      return signer.generateSignature();
    } catch (CryptoException e) {
      throw new IllegalStateException("RSASSA-PSS signing failed", e);
    }
  }

  /**
   * Signs {@code message} deterministically (RFC 6979 nonces) and returns {r, s} as 72-byte
   * little-endian arrays, as a report carries them.
   */
  public static byte[][] ecdsaP384(ECPrivateKeyParameters key, byte[] message) {
    SHA384Digest digest = new SHA384Digest();
    digest.update(message, 0, message.length);
    byte[] hash = new byte[digest.getDigestSize()];
    digest.doFinal(hash, 0);
    ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA384Digest()));
    signer.init(true, key);
    BigInteger[] rs = signer.generateSignature(hash);
    return new byte[][] {littleEndian(rs[0]), littleEndian(rs[1])};
  }

  private static byte[] littleEndian(BigInteger value) {
    byte[] be = value.toByteArray();
    byte[] le = new byte[COMPONENT_BYTES];
    for (int i = 0; i < be.length && i < COMPONENT_BYTES; i++) {
      le[i] = be[be.length - 1 - i];
    }
    return le;
  }
}

package dev.mayfly.mpc.ecdsa;

import static java.util.Objects.requireNonNull;

import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.ProtocolException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.StandardDSAEncoding;

/**
 * A standard ECDSA P-256 signature with SHA-256 (FIPS 186-5 §6.4, SEC 1 §4.1) that has been
 * verified under a threshold key: the proof type of threshold ECDSA signing.
 *
 * <p>Only {@link #verify} and a completed signing session create instances. Signatures made by
 * Mayfly are <b>low-S normalised</b> ({@code s <= n/2}, as Bitcoin's BIP 62 and many ECDSA
 * libraries require); every standard verifier (JDK {@code SHA256withECDSA}, Bouncy Castle,
 * OpenSSL) accepts them. {@link #verify} accepts both forms, like those verifiers.
 *
 * @since 0.1.0
 */
public final class EcdsaSignature {
  /** The P-256 group order n. */
  static final BigInteger ORDER = CustomNamedCurves.getByName("P-256").getN();

  private final BigInteger r;
  private final BigInteger s;

  private EcdsaSignature(BigInteger r, BigInteger s) {
    this.r = r;
    this.s = s;
  }

  /** SHA-256 of {@code message}. */
  static byte[] digest(byte[] message) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(message);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  /**
   * Verifies a DER-encoded {@code signature} over SHA-256 of {@code message} under the group key.
   *
   * @throws ProtocolException {@code MPC_INVALID_SIGNATURE} if the encoding is not strict DER of
   *     two integers in 1..n-1, or the signature does not verify
   */
  public static EcdsaSignature verify(EcdsaPublicKey key, byte[] message, byte[] signature)
      throws ProtocolException {
    requireNonNull(key, "key");
    requireNonNull(message, "message");
    requireNonNull(signature, "signature");
    BigInteger[] rs;
    try {
      rs = StandardDSAEncoding.INSTANCE.decode(ORDER, signature);
    } catch (IOException | RuntimeException e) {
      throw new ProtocolException(ErrorCode.MPC_INVALID_SIGNATURE,
          "signature is not a strict DER ECDSA-Sig-Value");
    }
    return verified(key, digest(message), rs[0], rs[1]);
  }

  /** Checks {@code (r, s)} over a SHA-256 digest; the signing code's final step. */
  static EcdsaSignature verified(EcdsaPublicKey key, byte[] digest, BigInteger r, BigInteger s)
      throws ProtocolException {
    ECDSASigner verifier = new ECDSASigner();
    verifier.init(false, key.parameters());
    if (r.signum() <= 0 || s.signum() <= 0 || r.compareTo(ORDER) >= 0 || s.compareTo(ORDER) >= 0
        || !verifier.verifySignature(digest, r, s)) {
      throw new ProtocolException(ErrorCode.MPC_INVALID_SIGNATURE,
          "ECDSA signature does not verify under the group key");
    }
    return new EcdsaSignature(r, s);
  }

  /** {@code r}, 1..n-1. */
  public BigInteger r() {
    return r;
  }

  /** {@code s}, 1..n-1 (at most n/2 for signatures Mayfly made). */
  public BigInteger s() {
    return s;
  }

  /** Whether {@code s <= n/2}. */
  public boolean isLowS() {
    return s.compareTo(ORDER.shiftRight(1)) <= 0;
  }

  /** The DER encoding (ECDSA-Sig-Value, RFC 3279 §2.2.3), as X.509, CMS and OpenSSL use. */
  public byte[] der() {
    try {
      return StandardDSAEncoding.INSTANCE.encode(ORDER, r, s);
    } catch (IOException e) {
      throw new UncheckedIOException("DER encoding failed", e);
    }
  }

  /** The raw 64-byte form {@code r || s}, each 32 bytes big-endian (IEEE P1363, JOSE). */
  public byte[] raw() {
    byte[] out = new byte[64];
    put(r, out, 0);
    put(s, out, 32);
    return out;
  }

  private static void put(BigInteger v, byte[] out, int off) {
    byte[] b = v.toByteArray();
    int n = Math.min(b.length, 32);
    System.arraycopy(b, b.length - n, out, off + 32 - n, n);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EcdsaSignature e && e.r.equals(r) && e.s.equals(s);
  }

  @Override
  public int hashCode() {
    return r.hashCode() * 31 + s.hashCode();
  }

  @Override
  public String toString() {
    return "EcdsaSignature[" + HexFormat.of().formatHex(raw()) + "]";
  }
}

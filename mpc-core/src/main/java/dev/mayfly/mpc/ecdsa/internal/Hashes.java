package dev.mayfly.mpc.ecdsa.internal;

import dev.mayfly.mpc.ciphersuite.internal.ScalarField;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * The domain-separated hash functions of Mayfly's threshold ECDSA (the random oracles of DKLs23,
 * ePrint 2023/765, and of the OT protocols under it).
 *
 * <p>Every input is framed as {@code "mayfly/dkls23/v1/" || tag} (length-prefixed) followed by each
 * part with a four-byte big-endian length, so no two different part lists hash the same bytes and
 * no tag can be confused with another. Scalars come from SHA-512 output reduced modulo the P-256
 * group order (bias below 2^-256); uniform scalars from OT rows use 48 bytes each (bias below
 * 2^-128). The digests are the JDK's (hardware SHA extensions where the CPU has them).
 *
 * @since 0.1.0
 */
public final class Hashes {
  private static final byte[] PREFIX = "mayfly/dkls23/v1/".getBytes(StandardCharsets.US_ASCII);

  private Hashes() {}

  private static MessageDigest digest(String algorithm) {
    try {
      return MessageDigest.getInstance(algorithm);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has " + algorithm, e);
    }
  }

  private static void frame(MessageDigest d, String tag, byte[]... parts) {
    byte[] t = tag.getBytes(StandardCharsets.US_ASCII);
    int len = PREFIX.length + t.length;
    byte[] lengths = new byte[4];
    d.update((byte) (len >>> 8));
    d.update((byte) len);
    d.update(PREFIX);
    d.update(t);
    for (byte[] p : parts) {
      lengths[0] = (byte) (p.length >>> 24);
      lengths[1] = (byte) (p.length >>> 16);
      lengths[2] = (byte) (p.length >>> 8);
      lengths[3] = (byte) p.length;
      d.update(lengths);
      d.update(p);
    }
  }

  /** SHA-256 of the framed {@code tag} and {@code parts}: 32 bytes. */
  public static byte[] sha256(String tag, byte[]... parts) {
    MessageDigest d = digest("SHA-256");
    frame(d, tag, parts);
    return d.digest();
  }

  /** SHA-512 of the framed {@code tag} and {@code parts}: 64 bytes. */
  public static byte[] sha512(String tag, byte[]... parts) {
    MessageDigest d = digest("SHA-512");
    frame(d, tag, parts);
    return d.digest();
  }

  /** A scalar modulo the P-256 order from SHA-512 of the framed input (constant time). */
  public static int[] toScalar(ScalarField field, String tag, byte[]... parts) {
    byte[] wide = sha512(tag, parts);
    try {
      return field.reduceBigEndian(wide);
    } finally {
      Arrays.fill(wide, (byte) 0);
    }
  }

  /**
   * {@code length} pseudo-random bytes from {@code seed} and {@code tweak}: SHA-256 in counter
   * mode, block {@code i} = SHA-256(frame(tag, seed, tweak, i)). Constant time.
   */
  public static byte[] expand(String tag, byte[] seed, byte[] tweak, int length) {
    byte[] out = new byte[length];
    byte[] counter = new byte[4];
    for (int i = 0, off = 0; off < length; i++, off += 32) {
      counter[0] = (byte) (i >>> 24);
      counter[1] = (byte) (i >>> 16);
      counter[2] = (byte) (i >>> 8);
      counter[3] = (byte) i;
      byte[] block = sha256(tag, seed, tweak, counter);
      System.arraycopy(block, 0, out, off, Math.min(32, length - off));
      Arrays.fill(block, (byte) 0);
    }
    return out;
  }

  /** A big-endian uint16. */
  public static byte[] u16(int v) {
    return new byte[] {(byte) (v >>> 8), (byte) v};
  }

  /** A big-endian uint32. */
  public static byte[] u32(int v) {
    return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
  }
}

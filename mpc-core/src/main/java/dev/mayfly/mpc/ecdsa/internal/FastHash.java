package dev.mayfly.mpc.ecdsa.internal;

import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * The hot-path SHA-256 of the OT extension and the multiplication: the JDK's SHA-256 (hardware
 * SHA extensions where the CPU has them), one compression per call, no allocation per call.
 *
 * <p>Every input starts with a one-byte domain ({@link #PRG} or {@link #ROW}) and has a fixed
 * length of at most 55 bytes, so it fits one SHA-256 block. Inputs framed by {@link Hashes} start
 * with a two-byte length whose first byte is zero, so no input here equals one of those.
 *
 * <p>Not thread-safe: one instance per computation. {@link #wipe()} clears the input buffer.
 *
 * @since 0.1.0
 */
final class FastHash {
  /** Domain of the OT-extension PRG: {@code SHA-256(1 || seed(32) || tweak(16) || counter(1))}. */
  static final byte PRG = 1;

  /** Domain of the row hash: {@code SHA-256(2 || key(16) || row index(4) || block(1) || row(16))}. */
  static final byte ROW = 2;

  private final MessageDigest sha;
  private final byte[] in = WipeProbe.see(new byte[50]);

  FastHash() {
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  /**
   * Writes {@code length} bytes of the PRG keyed by the 32-byte seed at {@code seeds[seedOff..]}
   * and the 16-byte {@code tweak} into {@code out} at {@code outOff}.
   */
  void prg(byte[] seeds, int seedOff, byte[] tweak, byte[] out, int outOff, int length) {
    in[0] = PRG;
    System.arraycopy(seeds, seedOff, in, 1, 32);
    System.arraycopy(tweak, 0, in, 33, 16);
    byte[] block = new byte[32];
    try {
      for (int counter = 0, done = 0; done < length; counter++, done += 32) {
        in[49] = (byte) counter;
        sha.update(in, 0, 50);
        sha.digest(block, 0, 32);
        System.arraycopy(block, 0, out, outOff + done, Math.min(32, length - done));
      }
    } catch (DigestException e) {
      throw new IllegalStateException(e);
    } finally {
      Arrays.fill(block, (byte) 0);
      wipe();
    }
  }

  /**
   * Writes {@code blocks * 32} bytes {@code SHA-256(ROW || key || index || b || row)},
   * {@code b = 0..blocks-1}, into {@code out} at {@code outOff}; the row is two little-endian
   * longs.
   */
  void row(byte[] key, int index, long lo, long hi, int blocks, byte[] out, int outOff) {
    in[0] = ROW;
    System.arraycopy(key, 0, in, 1, 16);
    in[17] = (byte) (index >>> 24);
    in[18] = (byte) (index >>> 16);
    in[19] = (byte) (index >>> 8);
    in[20] = (byte) index;
    Gf128.writeLong(lo, in, 22);
    Gf128.writeLong(hi, in, 30);
    try {
      for (int b = 0; b < blocks; b++) {
        in[21] = (byte) b;
        sha.update(in, 0, 38);
        sha.digest(out, outOff + 32 * b, 32);
      }
    } catch (DigestException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Clears the input buffer (it held a seed or a row). */
  void wipe() {
    Arrays.fill(in, (byte) 0);
  }
}

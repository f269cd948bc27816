package dev.mayfly.mpc;

import dev.mayfly.testsupport.Gen;
import java.util.Arrays;

/**
 * Mutations of valid encodings for the parser fuzz targets: a sample index, then one to four
 * operations (flip a bit, truncate, extend by a zero byte) at pseudo-random positions.
 */
public final class Mutations {
  private Mutations() {}

  /** {@code [sample index, op, op, ...]} for {@code samples} samples. */
  public static int[] of(Gen g, int samples, int maxOperand) {
    int i = g.intBetween(0, samples - 1);
    java.util.List<Integer> list = g.listOf(1, 4, () -> g.intBetween(0, maxOperand));
    int[] out = new int[list.size() + 1];
    out[0] = i;
    for (int k = 0; k < list.size(); k++) {
      out[k + 1] = list.get(k);
    }
    return out;
  }

  /** Applies the operations of {@code m} (from index 1) to a copy of {@code sample}. */
  public static byte[] apply(byte[] sample, int[] m) {
    byte[] bytes = sample.clone();
    for (int k = 1; k < m.length; k++) {
      int op = m[k] % 3;
      int pos = (m[k] / 3) % (bytes.length + 1);
      if (op == 0 && pos < bytes.length) {
        bytes[pos] ^= (byte) (1 << (m[k] % 8));
      } else if (op == 1) {
        bytes = Arrays.copyOf(bytes, pos);
      } else {
        bytes = Arrays.copyOf(bytes, bytes.length + 1);
      }
    }
    return bytes;
  }
}

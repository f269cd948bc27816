package dev.mayfly.snp.internal;


/** Little-endian reads and small byte helpers for the report layout (all offsets in bytes). */
public final class Bytes {

  private Bytes() {}

  /** Unsigned 8-bit value at {@code offset}. */
  public static int u8(byte[] b, int offset) {
    return b[offset] & 0xFF;
  }

  /** Unsigned 32-bit little-endian value at {@code offset}, as a long. */
  public static long u32(byte[] b, int offset) {
    return (b[offset] & 0xFFL)
        | (b[offset + 1] & 0xFFL) << 8
        | (b[offset + 2] & 0xFFL) << 16
        | (b[offset + 3] & 0xFFL) << 24;
  }

  /** 64-bit little-endian value at {@code offset}. */
  public static long u64(byte[] b, int offset) {
    return u32(b, offset) | u32(b, offset + 4) << 32;
  }

  /** Writes {@code value} as 32-bit little-endian at {@code offset}. */
  public static void putU32(byte[] b, int offset, long value) {
    putLe(b, offset, value, 4);
  }

  /** Writes {@code value} as 64-bit little-endian at {@code offset}. */
  public static void putU64(byte[] b, int offset, long value) {
    putLe(b, offset, value, 8);
  }

  private static void putLe(byte[] b, int offset, long value, int length) {
    for (int i = 0; i < length; i++) {
      b[offset + i] = (byte) (value >>> (8 * i));
    }
  }

  /**
   * Returns {@code value} after checking it is exactly {@code length} bytes.
   *
   * @throws NullPointerException if {@code value} is null
   * @throws IllegalArgumentException otherwise
   */
  public static byte[] requireLength(byte[] value, int length, String name) {
    java.util.Objects.requireNonNull(value, name);
    if (value.length != length) {
      throw new IllegalArgumentException(name + " must be " + length + " bytes, got " + value.length);
    }
    return value;
  }

  /** A copy of {@code length} bytes at {@code offset}. */
  public static byte[] slice(byte[] b, int offset, int length) {
    byte[] out = new byte[length];
    System.arraycopy(b, offset, out, 0, length);
    return out;
  }

  /** The first non-zero index in {@code [from, to)}, or -1 when all are zero. */
  public static int firstNonZero(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] != 0) {
        return i;
      }
    }
    return -1;
  }

  /** Whether every byte is zero. */
  public static boolean isAllZero(byte[] b) {
    return firstNonZero(b, 0, b.length) < 0;
  }
}

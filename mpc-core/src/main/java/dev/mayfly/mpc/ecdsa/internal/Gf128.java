package dev.mayfly.mpc.ecdsa.internal;

/**
 * Arithmetic in GF(2^128) = GF(2)[x] / (x^128 + x^7 + x^2 + x + 1), the field of the KOS
 * OT-extension consistency check (KOS15, Fig. 7).
 *
 * <p>An element is two {@code long}s, {@code lo} holding the coefficients of x^0..x^63 and
 * {@code hi} those of x^64..x^127. Multiplication is a branch-free shift-and-mask carry-less
 * product (constant time in both operands), accumulated unreduced in four words and reduced once.
 *
 * @since 0.1.0
 */
public final class Gf128 {
  private Gf128() {}

  /** Carry-less 64 x 64 product, XORed into {@code acc[at]} (low word) and {@code acc[at + 1]}. */
  private static void clmulInto(long a, long b, long[] acc, int at) {
    long lo = 0;
    long hi = 0;
    long aShifted = a >>> 1;
    for (int i = 0; i < 64; i++) {
      long mask = -((b >>> i) & 1L);
      lo ^= (a << i) & mask;
      hi ^= (aShifted >>> (63 - i)) & mask;
    }
    acc[at] ^= lo;
    acc[at + 1] ^= hi;
  }

  /** {@code acc ^= a * b} without reduction; {@code acc} has four words, lowest first. */
  public static void mulAccumulate(long[] acc, long aLo, long aHi, long bLo, long bHi) {
    clmulInto(aLo, bLo, acc, 0);
    clmulInto(aHi, bHi, acc, 2);
    clmulInto(aLo, bHi, acc, 1);
    clmulInto(aHi, bLo, acc, 1);
  }

  /** Reduces a four-word product modulo x^128 + x^7 + x^2 + x + 1: {@code {lo, hi}}. */
  public static long[] reduce(long[] acc) {
    long[] out = new long[2];
    reduceInto(acc, out);
    return out;
  }

  /** Reduces a four-word product into {@code out[0..1]} (no allocation). */
  public static void reduceInto(long[] acc, long[] out) {
    long h0 = acc[2];
    long h1 = acc[3];
    long t0 = h0 ^ (h0 << 1) ^ (h0 << 2) ^ (h0 << 7);
    long t1 = h1 ^ (h1 << 1) ^ (h1 << 2) ^ (h1 << 7) ^ (h0 >>> 63) ^ (h0 >>> 62) ^ (h0 >>> 57);
    long t2 = (h1 >>> 63) ^ (h1 >>> 62) ^ (h1 >>> 57);
    t0 ^= t2 ^ (t2 << 1) ^ (t2 << 2) ^ (t2 << 7);
    out[0] = acc[0] ^ t0;
    out[1] = acc[1] ^ t1;
  }

  /** {@code a * b}. */
  public static long[] mul(long aLo, long aHi, long bLo, long bHi) {
    long[] acc = new long[4];
    mulAccumulate(acc, aLo, aHi, bLo, bHi);
    return reduce(acc);
  }

  /** Reads an element from 16 little-endian bytes at {@code off}. */
  public static long[] read(byte[] bytes, int off) {
    return new long[] {readLong(bytes, off), readLong(bytes, off + 8)};
  }

  /** Writes an element as 16 little-endian bytes at {@code off}. */
  public static void write(long lo, long hi, byte[] out, int off) {
    writeLong(lo, out, off);
    writeLong(hi, out, off + 8);
  }

  static long readLong(byte[] b, int off) {
    long v = 0;
    for (int i = 7; i >= 0; i--) {
      v = (v << 8) | (b[off + i] & 0xFFL);
    }
    return v;
  }

  static void writeLong(long v, byte[] out, int off) {
    for (int i = 0; i < 8; i++) {
      out[off + i] = (byte) (v >>> (8 * i));
    }
  }
}

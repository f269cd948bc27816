package dev.mayfly.mpc.ecdsa.internal;

/**
 * Arithmetic in GF(2^128) = GF(2)[x] / (x^128 + x^7 + x^2 + x + 1), the field of the KOS
 * OT-extension consistency check (KOS15, Fig. 7).
 *
 * <p>An element is two {@code long}s, {@code lo} holding the coefficients of x^0..x^63 and
 * {@code hi} those of x^64..x^127. Multiplication is a branch-free carry-less product from integer
 * multiplications of masked operands (constant time in both operands, no table), accumulated
 * unreduced in four words and reduced once.
 *
 * @since 0.1.0
 */
public final class Gf128 {
  private Gf128() {}

  private static final long M1 = 0x1111_1111_1111_1111L;
  private static final long M2 = 0x2222_2222_2222_2222L;
  private static final long M4 = 0x4444_4444_4444_4444L;
  private static final long M8 = 0x8888_8888_8888_8888L;

  /**
   * The low 64 bits of the carry-less product {@code x * y}, by integer multiplications of
   * operands with holes (the constant-time method of BearSSL's {@code ghash_ctmul64}, written
   * anew): each operand is split into four words keeping every fourth bit, so a product of two
   * such words sums at most 15 one-bit terms at any result position below 64 (at most 16 at bit 60,
   * whose carry leaves the word) and its carries land only in the bits the final mask discards.
   * Integer multiplication takes the same time for every value on the CPUs Java runs on.
   */
  private static long bmul64(long x, long y) {
    long x0 = x & M1;
    long x1 = x & M2;
    long x2 = x & M4;
    long x3 = x & M8;
    long y0 = y & M1;
    long y1 = y & M2;
    long y2 = y & M4;
    long y3 = y & M8;
    long z0 = (x0 * y0) ^ (x1 * y3) ^ (x2 * y2) ^ (x3 * y1);
    long z1 = (x0 * y1) ^ (x1 * y0) ^ (x2 * y3) ^ (x3 * y2);
    long z2 = (x0 * y2) ^ (x1 * y1) ^ (x2 * y0) ^ (x3 * y3);
    long z3 = (x0 * y3) ^ (x1 * y2) ^ (x2 * y1) ^ (x3 * y0);
    return (z0 & M1) | (z1 & M2) | (z2 & M4) | (z3 & M8);
  }

  /**
   * {@code acc ^= a * b} without reduction; {@code acc} has four words, lowest first (Karatsuba:
   * three 64 x 64 products).
   */
  public static void mulAccumulate(long[] acc, long aLo, long aHi, long bLo, long bHi) {
    long l0 = bmul64(aLo, bLo);
    long l1 = Long.reverse(bmul64(Long.reverse(aLo), Long.reverse(bLo))) >>> 1;
    long h0 = bmul64(aHi, bHi);
    long h1 = Long.reverse(bmul64(Long.reverse(aHi), Long.reverse(bHi))) >>> 1;
    long mx = aLo ^ aHi;
    long my = bLo ^ bHi;
    long m0 = bmul64(mx, my) ^ l0 ^ h0;
    long m1 = (Long.reverse(bmul64(Long.reverse(mx), Long.reverse(my))) >>> 1) ^ l1 ^ h1;
    acc[0] ^= l0;
    acc[1] ^= l1 ^ m0;
    acc[2] ^= h0 ^ m1;
    acc[3] ^= h1;
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

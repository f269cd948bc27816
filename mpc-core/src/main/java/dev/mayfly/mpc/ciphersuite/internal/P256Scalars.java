package dev.mayfly.mpc.ciphersuite.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.math.BigInteger;
import java.nio.ByteOrder;

/**
 * Arithmetic modulo the P-256 group order {@code n} on flat arrays of 64-bit limbs, for the inner
 * loops of the threshold ECDSA multiplication (hundreds of scalars per call): no object per
 * scalar, no conversion between 32-bit and 64-bit limbs, and products that are summed before they
 * are reduced.
 *
 * <p>A scalar is four little-endian 64-bit limbs at {@code a[off..off+3]}, fully reduced. A wide
 * accumulator is {@value #ACC} limbs holding a sum of up to {@value #MAX_TERMS} products of
 * reduced scalars; {@link #redc} turns it into {@code sum * 2^-256 mod n} (Montgomery reduction),
 * so a product with a constant kept in Montgomery form ({@code c * 2^256 mod n}) comes out as the
 * plain product. {@link #redcHash} reduces a 48-byte hash the same way.
 *
 * <p><b>Constant time:</b> every method runs in time independent of the values: carries and
 * borrows are computed with bit operations, conditional subtractions by masks. Only
 * {@link #toBigIntegerPublic} and the class initialiser (public constants) use {@link BigInteger}.
 *
 * @since 0.1.0
 */
public final class P256Scalars {
  /** Limbs of a scalar. */
  public static final int LIMBS = 4;

  /** Limbs of a wide accumulator. */
  public static final int ACC = 9;

  /** Products a wide accumulator may hold before {@link #redc}. */
  public static final int MAX_TERMS = 15;

  /** The order. */
  public static final BigInteger ORDER = new BigInteger(
      "FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", 16);

  private static final long N0 = 0xF3B9CAC2FC632551L;
  private static final long N1 = 0xBCE6FAADA7179E84L;
  private static final long N2 = 0xFFFFFFFFFFFFFFFFL;
  private static final long N3 = 0xFFFFFFFF00000000L;
  private static final long[] ZERO = new long[LIMBS];
  private static final long[] ORDER_LIMBS = {N0, N1, N2, N3};
  /** {@code -n^-1 mod 2^64}. */
  private static final long N_INV =
      ORDER.negate().modInverse(BigInteger.ONE.shiftLeft(64)).longValue();
  /** {@code 2^512 mod n}: {@code redc(a * R2) = a * 2^256 mod n} (to Montgomery form). */
  private static final long[] R2 = limbsOf(BigInteger.ONE.shiftLeft(512).mod(ORDER));
  /** {@code 8n, 4n, 2n, n} as five limbs each, for the final subtractions of {@link #redc}. */
  private static final long[] MULTIPLES = new long[20];

  private static final VarHandle BE_LONG =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  static {
    for (int i = 0; i < 4; i++) {
      BigInteger m = ORDER.shiftLeft(3 - i);
      for (int k = 0; k < 5; k++) {
        MULTIPLES[5 * i + k] = m.shiftRight(64 * k).longValue();
      }
    }
  }

  private P256Scalars() {}

  private static long[] limbsOf(BigInteger v) {
    long[] r = new long[LIMBS];
    for (int i = 0; i < LIMBS; i++) {
      r[i] = v.shiftRight(64 * i).longValue();
    }
    return r;
  }

  // ------------------------------------------------------------------ 64-bit helpers

  /** High 64 bits of the unsigned product. */
  private static long mulHi(long a, long b) {
    return Math.multiplyHigh(a, b) + ((a >> 63) & b) + ((b >> 63) & a);
  }

  /** Carry out of {@code s = x + y + carryIn}. */
  private static long carryOut(long x, long y, long s) {
    return ((x & y) | ((x | y) & ~s)) >>> 63;
  }

  /** Borrow out of {@code d = x - y - borrowIn}. */
  private static long borrowOut(long x, long y, long d) {
    return ((~x & y) | (~(x ^ y) & d)) >>> 63;
  }

  // ------------------------------------------------------------------ conversions

  /** Reads the 8 little-endian 32-bit limbs of a {@link ScalarField} scalar. */
  public static void fromInts(int[] a, long[] r, int ro) {
    for (int i = 0; i < LIMBS; i++) {
      r[ro + i] = (a[2 * i] & 0xFFFF_FFFFL) | ((long) a[2 * i + 1] << 32);
    }
  }

  /** Writes the scalar as 8 little-endian 32-bit limbs (a {@link ScalarField} scalar). */
  public static int[] toInts(long[] a, int ao) {
    int[] r = new int[2 * LIMBS];
    for (int i = 0; i < LIMBS; i++) {
      r[2 * i] = (int) a[ao + i];
      r[2 * i + 1] = (int) (a[ao + i] >>> 32);
    }
    return r;
  }

  /** Writes the scalar as 32 big-endian bytes at {@code out[off..]}. */
  public static void encode(long[] a, int ao, byte[] out, int off) {
    for (int i = 0; i < LIMBS; i++) {
      BE_LONG.set(out, off + 8 * (3 - i), a[ao + i]);
    }
  }

  /**
   * Reads 32 big-endian bytes; returns 0 if the value is below {@code n} (canonical) and -1
   * otherwise, in constant time (the limbs are written either way).
   */
  public static long decode(byte[] in, int off, long[] r, int ro) {
    long borrow = 0;
    for (int i = 0; i < LIMBS; i++) {
      long x = (long) BE_LONG.get(in, off + 8 * (3 - i));
      r[ro + i] = x;
      long d = x - ORDER_LIMBS[i] - borrow;
      borrow = borrowOut(x, ORDER_LIMBS[i], d);
    }
    return borrow - 1; // borrow 1 (below n) gives 0
  }

  /** The public value as a {@link BigInteger}; never for secrets. */
  public static BigInteger toBigIntegerPublic(long[] a, int ao) {
    byte[] be = new byte[33];
    encode(a, ao, be, 1);
    return new BigInteger(be);
  }

  // ------------------------------------------------------------------ additive

  /** {@code r = a + b mod n}. */
  public static void add(long[] a, int ao, long[] b, int bo, long[] r, int ro) {
    long a0 = a[ao];
    long a1 = a[ao + 1];
    long a2 = a[ao + 2];
    long a3 = a[ao + 3];
    long b0 = b[bo];
    long b1 = b[bo + 1];
    long b2 = b[bo + 2];
    long b3 = b[bo + 3];
    long s0 = a0 + b0;
    long c = carryOut(a0, b0, s0);
    long s1 = a1 + b1 + c;
    c = carryOut(a1, b1, s1);
    long s2 = a2 + b2 + c;
    c = carryOut(a2, b2, s2);
    long s3 = a3 + b3 + c;
    c = carryOut(a3, b3, s3);
    subtractOnce(s0, s1, s2, s3, c, r, ro);
  }

  /** {@code r = a - b mod n}. */
  public static void sub(long[] a, int ao, long[] b, int bo, long[] r, int ro) {
    long a0 = a[ao];
    long a1 = a[ao + 1];
    long a2 = a[ao + 2];
    long a3 = a[ao + 3];
    long b0 = b[bo];
    long b1 = b[bo + 1];
    long b2 = b[bo + 2];
    long b3 = b[bo + 3];
    long d0 = a0 - b0;
    long w = borrowOut(a0, b0, d0);
    long d1 = a1 - b1 - w;
    w = borrowOut(a1, b1, d1);
    long d2 = a2 - b2 - w;
    w = borrowOut(a2, b2, d2);
    long d3 = a3 - b3 - w;
    w = borrowOut(a3, b3, d3);
    // add n back when it borrowed
    long m = -w;
    long n0 = N0 & m;
    long n1 = N1 & m;
    long n2 = N2 & m;
    long n3 = N3 & m;
    long s0 = d0 + n0;
    long c = carryOut(d0, n0, s0);
    long s1 = d1 + n1 + c;
    c = carryOut(d1, n1, s1);
    long s2 = d2 + n2 + c;
    c = carryOut(d2, n2, s2);
    long s3 = d3 + n3 + c;
    r[ro] = s0;
    r[ro + 1] = s1;
    r[ro + 2] = s2;
    r[ro + 3] = s3;
  }

  /** {@code r = -a mod n}. */
  public static void negate(long[] a, int ao, long[] r, int ro) {
    sub(ZERO, 0, a, ao, r, ro);
  }

  /** {@code r = bit == 0 ? a : b} ({@code bit} 0 or 1, may be secret). */
  public static void select(long[] a, int ao, long[] b, int bo, int bit, long[] r, int ro) {
    long m = -(long) (bit & 1);
    for (int i = 0; i < LIMBS; i++) {
      r[ro + i] = (a[ao + i] & ~m) | (b[bo + i] & m);
    }
  }

  /** {@code r = bit == 0 ? 0 : a}. */
  public static void mask(long[] a, int ao, int bit, long[] r, int ro) {
    long m = -(long) (bit & 1);
    for (int i = 0; i < LIMBS; i++) {
      r[ro + i] = a[ao + i] & m;
    }
  }

  /** Writes {@code c:s - n} if that is not negative, else {@code s}; needs {@code c:s < 2n}. */
  private static void subtractOnce(long s0, long s1, long s2, long s3, long c, long[] r,
      int ro) {
    long d0 = s0 - N0;
    long w = borrowOut(s0, N0, d0);
    long d1 = s1 - N1 - w;
    w = borrowOut(s1, N1, d1);
    long d2 = s2 - N2 - w;
    w = borrowOut(s2, N2, d2);
    long d3 = s3 - N3 - w;
    w = borrowOut(s3, N3, d3);
    long keep = -((w & ~c) & 1); // all ones when c:s < n
    r[ro] = (s0 & keep) | (d0 & ~keep);
    r[ro + 1] = (s1 & keep) | (d1 & ~keep);
    r[ro + 2] = (s2 & keep) | (d2 & ~keep);
    r[ro + 3] = (s3 & keep) | (d3 & ~keep);
  }

  // ------------------------------------------------------------------ products

  /**
   * {@code acc += a * b} (a 512-bit product into the {@value #ACC}-limb accumulator); the caller
   * keeps at most {@value #MAX_TERMS} products of reduced scalars in it.
   */
  public static void mulAcc(long[] a, int ao, long[] b, int bo, long[] acc) {
    long a0 = a[ao];
    long a1 = a[ao + 1];
    long a2 = a[ao + 2];
    long a3 = a[ao + 3];
    long r0 = 0, r1 = 0, r2 = 0, r3 = 0, r4 = 0, r5 = 0, r6 = 0, r7 = 0;
    long lo, hi, s, s2, c, c1, bi;
    bi = b[bo + 0];
    c = 0;
    lo = a0 * bi;
    hi = mulHi(a0, bi);
    s = r0 + lo;
    c1 = carryOut(r0, lo, s);
    s2 = s + c;
    c1 += carryOut(s, c, s2);
    r0 = s2;
    c = hi + c1;
    lo = a1 * bi;
    hi = mulHi(a1, bi);
    s = r1 + lo;
    c1 = carryOut(r1, lo, s);
    s2 = s + c;
    c1 += carryOut(s, c, s2);
    r1 = s2;
    c = hi + c1;
    lo = a2 * bi;
    hi = mulHi(a2, bi);
    s = r2 + lo;
    c1 = carryOut(r2, lo, s);
    s2 = s + c;
    c1 += carryOut(s, c, s2);
    r2 = s2;
    c = hi + c1;
    lo = a3 * bi;
    hi = mulHi(a3, bi);
    s = r3 + lo;
    c1 = carryOut(r3, lo, s);
    s2 = s + c;
    c1 += carryOut(s, c, s2);
    r3 = s2;
    c = hi + c1;
    r4 = c;
    bi = b[bo + 1];
    c = 0;
    lo = a0 * bi;
    hi = mulHi(a0, bi);
    s = r1 + lo;
    c1 = carryOut(r1, lo, s);
    s2 = s + c;
    c1 += carryOut(s, c, s2);
    r1 = s2;
    c = hi + c1;
    lo = a1 * bi;
    hi = mulHi(a1, bi);
    s = r2 + lo;
    c1 = carryOut(r2, lo, s);
    s2 = s + c;
    c1 += carryOut(s, c, s2);
    r2 = s2;
    c = hi + c1;
    lo = a2 * bi;
    hi = mulHi(a2, bi);
    s = r3 + lo;
    c1 = carryOut(r3, lo, s);
    s2 = s + c;
    c1 += carryOut(s, c, s2);
    r3 = s2;
    c = hi + c1;
    lo = a3 * bi;
    hi = mulHi(a3, bi);
    s = r4 + lo;
    c1 = carryOut(r4, lo, s);
    s2 = s + c;
    c1 += carryOut(s, c, s2);
    r4 = s2;
    c = hi + c1;
    r5 = c;
    bi = b[bo + 2];
    c = 0;
    lo = a0 * bi;
    hi = mulHi(a0, bi);
    s = r2 + lo;
    c1 = carryOut(r2, lo, s);
    s2 = s + c;
    c1 += carryOut(s, c, s2);
    r2 = s2;
    c = hi + c1;
    lo = a1 * bi;
    hi = mulHi(a1, bi);
    s = r3 + lo;
    c1 = carryOut(r3, lo, s);
    s2 = s + c;
    c1 += carryOut(s, c, s2);
    r3 = s2;
    c = hi + c1;
    lo = a2 * bi;
    hi = mulHi(a2, bi);
    s = r4 + lo;
    c1 = carryOut(r4, lo, s);
    s2 = s + c;
    c1 += carryOut(s, c, s2);
    r4 = s2;
    c = hi + c1;
    lo = a3 * bi;
    hi = mulHi(a3, bi);
    s = r5 + lo;
    c1 = carryOut(r5, lo, s);
    s2 = s + c;
    c1 += carryOut(s, c, s2);
    r5 = s2;
    c = hi + c1;
    r6 = c;
    bi = b[bo + 3];
    c = 0;
    lo = a0 * bi;
    hi = mulHi(a0, bi);
    s = r3 + lo;
    c1 = carryOut(r3, lo, s);
    s2 = s + c;
    c1 += carryOut(s, c, s2);
    r3 = s2;
    c = hi + c1;
    lo = a1 * bi;
    hi = mulHi(a1, bi);
    s = r4 + lo;
    c1 = carryOut(r4, lo, s);
    s2 = s + c;
    c1 += carryOut(s, c, s2);
    r4 = s2;
    c = hi + c1;
    lo = a2 * bi;
    hi = mulHi(a2, bi);
    s = r5 + lo;
    c1 = carryOut(r5, lo, s);
    s2 = s + c;
    c1 += carryOut(s, c, s2);
    r5 = s2;
    c = hi + c1;
    lo = a3 * bi;
    hi = mulHi(a3, bi);
    s = r6 + lo;
    c1 = carryOut(r6, lo, s);
    s2 = s + c;
    c1 += carryOut(s, c, s2);
    r6 = s2;
    c = hi + c1;
    r7 = c;
    // acc += r
    long x = acc[0];
    s = x + r0;
    c = carryOut(x, r0, s);
    acc[0] = s;
    x = acc[1];
    s = x + r1 + c;
    c = carryOut(x, r1, s);
    acc[1] = s;
    x = acc[2];
    s = x + r2 + c;
    c = carryOut(x, r2, s);
    acc[2] = s;
    x = acc[3];
    s = x + r3 + c;
    c = carryOut(x, r3, s);
    acc[3] = s;
    x = acc[4];
    s = x + r4 + c;
    c = carryOut(x, r4, s);
    acc[4] = s;
    x = acc[5];
    s = x + r5 + c;
    c = carryOut(x, r5, s);
    acc[5] = s;
    x = acc[6];
    s = x + r6 + c;
    c = carryOut(x, r6, s);
    acc[6] = s;
    x = acc[7];
    s = x + r7 + c;
    c = carryOut(x, r7, s);
    acc[7] = s;
    acc[8] += c;
  }

  /**
   * {@code r = acc * 2^-256 mod n} for an accumulator below {@code 15 n 2^256} (at most
   * {@value #MAX_TERMS} products of reduced scalars), and clears the accumulator: the result is
   * below {@code 16n} before the masked subtractions of {@code 8n, 4n, 2n, n}.
   */
  public static void redc(long[] acc, long[] r, int ro) {
    montgomery(acc, r, ro, 0);
  }

  /**
   * {@link #redc} for an accumulator below {@code 3 n 2^256} (at most three products of reduced
   * scalars, or a 384-bit value): the result is below {@code 4n} before the masked subtractions
   * of {@code 2n} and {@code n}.
   */
  public static void redcSmall(long[] acc, long[] r, int ro) {
    montgomery(acc, r, ro, 2);
  }

  /**
   * Four Montgomery steps on locals (unrolled: the carries stay in registers), using the form of
   * {@code n}: its two high limbs are {@code 2^64 - 1} and {@code 2^64 - 2^32}, so their products
   * with {@code q} need no multiplication. Then the masked subtractions of {@code 2^(3-k) n} for
   * {@code k = first..3}; clears the accumulator.
   */
  private static void montgomery(long[] acc, long[] r, int ro, int first) {
    long t0 = acc[0], t1 = acc[1], t2 = acc[2], t3 = acc[3], t4 = acc[4];
    long t5 = acc[5], t6 = acc[6], t7 = acc[7], t8 = acc[8];
    long q, lo, hi, s, s2, c, c1;
    // round 0: t += q n 2^0, which clears t0
    q = t0 * N_INV;
    lo = q * N0;
    hi = Math.multiplyHigh(q, N0) + ((q >> 63) & N0) + q;
    s = t0 + lo;
    c = hi + carryOut(t0, lo, s);
    lo = q * N1;
    hi = Math.multiplyHigh(q, N1) + ((q >> 63) & N1) + q;
    s = t1 + lo;
    c1 = carryOut(t1, lo, s);
    s2 = s + c;
    c1 += carryOut(s, c, s2);
    t1 = s2;
    c = hi + c1;
    lo = -q;
    hi = q - ((q | -q) >>> 63);
    s = t2 + lo;
    c1 = carryOut(t2, lo, s);
    s2 = s + c;
    c1 += carryOut(s, c, s2);
    t2 = s2;
    c = hi + c1;
    lo = -(q << 32);
    hi = q - (q >>> 32) - (((q << 32) | -(q << 32)) >>> 63);
    s = t3 + lo;
    c1 = carryOut(t3, lo, s);
    s2 = s + c;
    c1 += carryOut(s, c, s2);
    t3 = s2;
    c = hi + c1;
    s = t4 + c;
    c = carryOut(t4, c, s);
    t4 = s;
    s = t5 + c;
    c = carryOut(t5, c, s);
    t5 = s;
    s = t6 + c;
    c = carryOut(t6, c, s);
    t6 = s;
    s = t7 + c;
    c = carryOut(t7, c, s);
    t7 = s;
    s = t8 + c;
    t8 = s;
    // round 1: t += q n 2^64, which clears t1
    q = t1 * N_INV;
    lo = q * N0;
    hi = Math.multiplyHigh(q, N0) + ((q >> 63) & N0) + q;
    s = t1 + lo;
    c = hi + carryOut(t1, lo, s);
    lo = q * N1;
    hi = Math.multiplyHigh(q, N1) + ((q >> 63) & N1) + q;
    s = t2 + lo;
    c1 = carryOut(t2, lo, s);
    s2 = s + c;
    c1 += carryOut(s, c, s2);
    t2 = s2;
    c = hi + c1;
    lo = -q;
    hi = q - ((q | -q) >>> 63);
    s = t3 + lo;
    c1 = carryOut(t3, lo, s);
    s2 = s + c;
    c1 += carryOut(s, c, s2);
    t3 = s2;
    c = hi + c1;
    lo = -(q << 32);
    hi = q - (q >>> 32) - (((q << 32) | -(q << 32)) >>> 63);
    s = t4 + lo;
    c1 = carryOut(t4, lo, s);
    s2 = s + c;
    c1 += carryOut(s, c, s2);
    t4 = s2;
    c = hi + c1;
    s = t5 + c;
    c = carryOut(t5, c, s);
    t5 = s;
    s = t6 + c;
    c = carryOut(t6, c, s);
    t6 = s;
    s = t7 + c;
    c = carryOut(t7, c, s);
    t7 = s;
    s = t8 + c;
    t8 = s;
    // round 2: t += q n 2^128, which clears t2
    q = t2 * N_INV;
    lo = q * N0;
    hi = Math.multiplyHigh(q, N0) + ((q >> 63) & N0) + q;
    s = t2 + lo;
    c = hi + carryOut(t2, lo, s);
    lo = q * N1;
    hi = Math.multiplyHigh(q, N1) + ((q >> 63) & N1) + q;
    s = t3 + lo;
    c1 = carryOut(t3, lo, s);
    s2 = s + c;
    c1 += carryOut(s, c, s2);
    t3 = s2;
    c = hi + c1;
    lo = -q;
    hi = q - ((q | -q) >>> 63);
    s = t4 + lo;
    c1 = carryOut(t4, lo, s);
    s2 = s + c;
    c1 += carryOut(s, c, s2);
    t4 = s2;
    c = hi + c1;
    lo = -(q << 32);
    hi = q - (q >>> 32) - (((q << 32) | -(q << 32)) >>> 63);
    s = t5 + lo;
    c1 = carryOut(t5, lo, s);
    s2 = s + c;
    c1 += carryOut(s, c, s2);
    t5 = s2;
    c = hi + c1;
    s = t6 + c;
    c = carryOut(t6, c, s);
    t6 = s;
    s = t7 + c;
    c = carryOut(t7, c, s);
    t7 = s;
    s = t8 + c;
    t8 = s;
    // round 3: t += q n 2^192, which clears t3
    q = t3 * N_INV;
    lo = q * N0;
    hi = Math.multiplyHigh(q, N0) + ((q >> 63) & N0) + q;
    s = t3 + lo;
    c = hi + carryOut(t3, lo, s);
    lo = q * N1;
    hi = Math.multiplyHigh(q, N1) + ((q >> 63) & N1) + q;
    s = t4 + lo;
    c1 = carryOut(t4, lo, s);
    s2 = s + c;
    c1 += carryOut(s, c, s2);
    t4 = s2;
    c = hi + c1;
    lo = -q;
    hi = q - ((q | -q) >>> 63);
    s = t5 + lo;
    c1 = carryOut(t5, lo, s);
    s2 = s + c;
    c1 += carryOut(s, c, s2);
    t5 = s2;
    c = hi + c1;
    lo = -(q << 32);
    hi = q - (q >>> 32) - (((q << 32) | -(q << 32)) >>> 63);
    s = t6 + lo;
    c1 = carryOut(t6, lo, s);
    s2 = s + c;
    c1 += carryOut(s, c, s2);
    t6 = s2;
    c = hi + c1;
    s = t7 + c;
    c = carryOut(t7, c, s);
    t7 = s;
    s = t8 + c;
    t8 = s;
    // masked subtractions of 8n, 4n, 2n, n, from MULTIPLES[5 * first] on
    for (int k = first; k < 4; k++) {
      int o = 5 * k;
      long d0 = t4 - MULTIPLES[o];
      long w = borrowOut(t4, MULTIPLES[o], d0);
      long d1 = t5 - MULTIPLES[o + 1] - w;
      w = borrowOut(t5, MULTIPLES[o + 1], d1);
      long d2 = t6 - MULTIPLES[o + 2] - w;
      w = borrowOut(t6, MULTIPLES[o + 2], d2);
      long d3 = t7 - MULTIPLES[o + 3] - w;
      w = borrowOut(t7, MULTIPLES[o + 3], d3);
      long d4 = t8 - MULTIPLES[o + 4] - w;
      w = borrowOut(t8, MULTIPLES[o + 4], d4);
      long keep = -w; // all ones when it went negative
      t4 = (t4 & keep) | (d0 & ~keep);
      t5 = (t5 & keep) | (d1 & ~keep);
      t6 = (t6 & keep) | (d2 & ~keep);
      t7 = (t7 & keep) | (d3 & ~keep);
      t8 = (t8 & keep) | (d4 & ~keep);
    }
    r[ro] = t4;
    r[ro + 1] = t5;
    r[ro + 2] = t6;
    r[ro + 3] = t7;
    acc[0] = 0;
    acc[1] = 0;
    acc[2] = 0;
    acc[3] = 0;
    acc[4] = 0;
    acc[5] = 0;
    acc[6] = 0;
    acc[7] = 0;
    acc[8] = 0;
  }

  /**
   * {@code r = x * 2^-256 mod n} for the 384-bit big-endian {@code x = in[off..off+48)}: a hash
   * output made a scalar with one Montgomery reduction. Multiplying by the unit {@code 2^-256} is a
   * bijection of the scalars, so the result is as close to uniform as {@code x mod n} (bias below
   * 2^-128). {@code acc} is a cleared scratch accumulator and is cleared again.
   */
  public static void redcHash(byte[] in, int off, long[] acc, long[] r, int ro) {
    for (int i = 0; i < 6; i++) {
      acc[i] = (long) BE_LONG.get(in, off + 8 * (5 - i));
    }
    redcSmall(acc, r, ro);
  }

  /** {@code r = a * b mod n} for {@code aMont = a * 2^256 mod n}; {@code acc} is cleared scratch. */
  public static void mulMont(long[] aMont, int ao, long[] b, int bo, long[] acc, long[] r,
      int ro) {
    mulAcc(aMont, ao, b, bo, acc);
    redcSmall(acc, r, ro);
  }

  /** {@code r = a * 2^256 mod n} (Montgomery form); {@code acc} is cleared scratch. */
  public static void toMontgomery(long[] a, int ao, long[] acc, long[] r, int ro) {
    mulAcc(a, ao, R2, 0, acc);
    redcSmall(acc, r, ro);
  }
}

package dev.mayfly.mpc.ciphersuite.internal;

import java.math.BigInteger;
import java.util.Arrays;

/**
 * Arithmetic modulo a 256-bit odd prime (a group order) on fixed-length limbs, in constant time.
 *
 * <p>A scalar is an {@code int[8]} of little-endian 32-bit limbs, always fully reduced. Addition,
 * subtraction and multiplication (Montgomery, CIOS) run in time independent of the values, so
 * they are safe for secret scalars. Only {@link #invertPublic} uses {@link BigInteger}; it is
 * meant for public values (Lagrange denominators).
 *
 * @since 0.1.0
 */
public final class ScalarField {
  /** Number of 32-bit limbs. */
  public static final int LIMBS = 8;

  private static final long M32 = 0xFFFF_FFFFL;

  private final BigInteger order;
  private final int[] m;
  private final int mInv; // -m^-1 mod 2^32
  private final long mInv64; // -m^-1 mod 2^64
  private final long m0;
  private final long m1;
  private final long m2;
  private final long m3;
  private final int[] r1; // 2^256 mod m
  private final int[] r2; // 2^512 mod m
  private final boolean littleEndian;
  private final boolean topBitSet; // m > 2^255, so any 256-bit value is below 2m
  private final int[] orderBytes; // the order's 32 bytes, least significant first

  /** A field for the prime {@code order}, whose scalars encode in 32 bytes of the given order. */
  public ScalarField(BigInteger order, boolean littleEndian) {
    if (order.bitLength() > 256 || !order.testBit(0)) {
      throw new IllegalArgumentException("order must be an odd number of at most 256 bits");
    }
    this.order = order;
    this.littleEndian = littleEndian;
    this.m = fromBigInteger(order);
    BigInteger two32 = BigInteger.ONE.shiftLeft(32);
    this.mInv = order.negate().modInverse(two32).intValue();
    this.mInv64 = order.negate().modInverse(BigInteger.ONE.shiftLeft(64)).longValue();
    this.m0 = order.longValue();
    this.m1 = order.shiftRight(64).longValue();
    this.m2 = order.shiftRight(128).longValue();
    this.m3 = order.shiftRight(192).longValue();
    this.r1 = fromBigInteger(BigInteger.ONE.shiftLeft(256).mod(order));
    this.r2 = fromBigInteger(BigInteger.ONE.shiftLeft(512).mod(order));
    this.topBitSet = order.bitLength() == 256;
    this.orderBytes = new int[32];
    for (int i = 0; i < 32; i++) {
      orderBytes[i] = order.shiftRight(8 * i).intValue() & 0xFF;
    }
  }

  /** The group order. */
  public BigInteger order() {
    return order;
  }

  /** A copy of the order as limbs. */
  public int[] orderLimbs() {
    return m.clone();
  }

  private static int[] fromBigInteger(BigInteger v) {
    int[] r = new int[LIMBS];
    for (int i = 0; i < LIMBS; i++) {
      r[i] = v.shiftRight(32 * i).intValue();
    }
    return r;
  }

  /** The scalar {@code value} (a small non-negative public integer). */
  public int[] fromInt(int value) {
    if (value < 0) {
      throw new IllegalArgumentException("value must not be negative");
    }
    int[] r = new int[LIMBS];
    r[0] = value;
    return reduceOnce(r, 0);
  }

  /** Zero. */
  public int[] zero() {
    return new int[LIMBS];
  }

  /**
   * Decodes a canonical 32-byte scalar (RFC 9591 §4, DeserializeScalar) at {@code offset}.
   *
   * @return the scalar, or {@code null} when the value is not below the order
   */
  public int[] decode(byte[] bytes, int offset) {
    int[] r = new int[LIMBS];
    for (int i = 0; i < LIMBS; i++) {
      int v = 0;
      for (int j = 0; j < 4; j++) {
        int pos = littleEndian ? offset + 4 * i + j : offset + 31 - 4 * i - j;
        v |= (bytes[pos] & 0xFF) << (8 * j);
      }
      r[i] = v;
    }
    // Canonical iff r - m borrows.
    long borrow = 0;
    for (int i = 0; i < LIMBS; i++) {
      long d = (r[i] & M32) - (m[i] & M32) - borrow;
      borrow = (d >>> 63);
    }
    if (borrow == 0) {
      Arrays.fill(r, 0);
      return null;
    }
    return r;
  }

  /**
   * Whether the 32 bytes at {@code offset} encode a canonical scalar (below the order), without
   * decoding it: the borrow of {@code value - order}, byte by byte, in constant time (the answer
   * itself is revealed). For checking many scalars of a message at once.
   */
  public boolean isCanonical(byte[] bytes, int offset) {
    int borrow = 0;
    for (int i = 0; i < 32; i++) {
      int pos = littleEndian ? offset + i : offset + 31 - i;
      int d = (bytes[pos] & 0xFF) - orderBytes[i] - borrow;
      borrow = d >>> 31;
    }
    return borrow == 1;
  }

  /** Encodes a scalar as 32 bytes (RFC 9591 §4, SerializeScalar). */
  public byte[] encode(int[] a) {
    byte[] out = new byte[32];
    encode(a, out, 0);
    return out;
  }

  /** Encodes a scalar into {@code out} at {@code offset}. */
  public void encode(int[] a, byte[] out, int offset) {
    for (int i = 0; i < LIMBS; i++) {
      for (int j = 0; j < 4; j++) {
        byte b = (byte) (a[i] >>> (8 * j));
        if (littleEndian) {
          out[offset + 4 * i + j] = b;
        } else {
          out[offset + 31 - 4 * i - j] = b;
        }
      }
    }
  }

  /**
   * Reduces a wide little-endian integer (up to 64 bytes) modulo the order, in constant time.
   */
  public int[] reduceLittleEndian(byte[] wide) {
    if (wide.length > 64) {
      throw new IllegalArgumentException("at most 64 bytes");
    }
    byte[] padded = Arrays.copyOf(wide, 64);
    int[] lo = new int[LIMBS];
    int[] hi = new int[LIMBS];
    for (int i = 0; i < 16; i++) {
      int v = (padded[4 * i] & 0xFF)
          | (padded[4 * i + 1] & 0xFF) << 8
          | (padded[4 * i + 2] & 0xFF) << 16
          | (padded[4 * i + 3] & 0xFF) << 24;
      if (i < LIMBS) {
        lo[i] = v;
      } else {
        hi[i - LIMBS] = v;
      }
    }
    Arrays.fill(padded, (byte) 0);
    return combineWide(lo, hi);
  }

  /**
   * Reduces the big-endian integer {@code src[off..off+len)} ({@code len} at most 64) modulo the
   * order, in constant time, without copying the input.
   */
  public int[] reduceBigEndian(byte[] src, int off, int len) {
    if (len > 64 || len < 0) {
      throw new IllegalArgumentException("at most 64 bytes");
    }
    int[] lo = new int[LIMBS];
    int[] hi = new int[LIMBS];
    int end = off + len - 1;
    for (int i = 0; i < 16; i++) {
      int v = 0;
      for (int k = 0; k < 4; k++) {
        int pos = end - (4 * i + k);
        if (pos >= off) {
          v |= (src[pos] & 0xFF) << (8 * k);
        }
      }
      if (i < LIMBS) {
        lo[i] = v;
      } else {
        hi[i - LIMBS] = v;
      }
    }
    return combineWide(lo, hi);
  }

  /** Reduces a wide big-endian integer (up to 64 bytes) modulo the order, in constant time. */
  public int[] reduceBigEndian(byte[] wide) {
    byte[] reversed = new byte[wide.length];
    for (int i = 0; i < wide.length; i++) {
      reversed[i] = wide[wide.length - 1 - i];
    }
    int[] r = reduceLittleEndian(reversed);
    Arrays.fill(reversed, (byte) 0);
    return r;
  }

  private int[] combineWide(int[] lo, int[] hi) {
    // lo mod m: one conditional subtraction when m > 2^255, else a Montgomery product with R.
    int[] a = topBitSet ? reduceOnce(lo, 0) : montMul(lo, r1);
    int[] b = montMul(hi, r2); // hi * 2^256 mod m
    int[] r = add(a, b);
    Arrays.fill(a, 0);
    Arrays.fill(b, 0);
    Arrays.fill(lo, 0);
    Arrays.fill(hi, 0);
    return r;
  }

  /** {@code a + b mod m}. */
  public int[] add(int[] a, int[] b) {
    int[] r = new int[LIMBS];
    long carry = 0;
    for (int i = 0; i < LIMBS; i++) {
      long s = (a[i] & M32) + (b[i] & M32) + carry;
      r[i] = (int) s;
      carry = s >>> 32;
    }
    return reduceOnce(r, (int) carry);
  }

  /** {@code a - b mod m}. */
  public int[] sub(int[] a, int[] b) {
    int[] r = new int[LIMBS];
    long borrow = 0;
    for (int i = 0; i < LIMBS; i++) {
      long d = (a[i] & M32) - (b[i] & M32) - borrow;
      r[i] = (int) d;
      borrow = d >>> 63;
    }
    long mask = -borrow & M32;
    long carry = 0;
    for (int i = 0; i < LIMBS; i++) {
      long s = (r[i] & M32) + (m[i] & mask) + carry;
      r[i] = (int) s;
      carry = s >>> 32;
    }
    return r;
  }

  /** {@code -a mod m}. */
  public int[] negate(int[] a) {
    return sub(new int[LIMBS], a);
  }

  /** {@code a * b mod m}. */
  public int[] mul(int[] a, int[] b) {
    int[] t = montMul(a, b);
    int[] r = montMul(t, r2);
    Arrays.fill(t, 0);
    return r;
  }

  /**
   * {@code a * 2^256 mod m}, the Montgomery form of {@code a}, for {@link #mulMontgomery}: a
   * constant multiplied many times is converted once and each product then costs one Montgomery
   * multiplication instead of two.
   */
  public int[] toMontgomery(int[] a) {
    return montMul(a, r2);
  }

  /** {@code a * b mod m} for {@code aMont = toMontgomery(a)}; constant time. */
  public int[] mulMontgomery(int[] aMont, int[] b) {
    return montMul(aMont, b);
  }

  /** Whether {@code a} is zero (constant time; the answer itself is revealed). */
  public boolean isZero(int[] a) {
    int acc = 0;
    for (int v : a) {
      acc |= v;
    }
    return acc == 0;
  }

  /** Whether {@code a == b} (constant time; the answer itself is revealed). */
  public boolean equal(int[] a, int[] b) {
    int acc = 0;
    for (int i = 0; i < LIMBS; i++) {
      acc |= a[i] ^ b[i];
    }
    return acc == 0;
  }

  /**
   * The inverse of a public, non-zero scalar. Not constant time: use only on public values such as
   * Lagrange denominators.
   */
  public int[] invertPublic(int[] a) {
    BigInteger v = toBigIntegerPublic(a);
    if (v.signum() == 0) {
      throw new ArithmeticException("zero has no inverse");
    }
    return fromBigInteger(v.modInverse(order));
  }

  /** The value of a public scalar as a {@link BigInteger}; never call it on a secret. */
  public BigInteger toBigIntegerPublic(int[] a) {
    byte[] be = new byte[33];
    for (int i = 0; i < LIMBS; i++) {
      for (int j = 0; j < 4; j++) {
        be[32 - 4 * i - j] = (byte) (a[i] >>> (8 * j));
      }
    }
    return new BigInteger(be);
  }

  /**
   * {@code bit == 0 ? ifZero : ifOne} as a fresh array, in constant time ({@code bit} must be 0 or
   * 1 and may be secret).
   */
  public static int[] select(int[] ifZero, int[] ifOne, int bit) {
    int mask = -(bit & 1);
    int[] r = new int[LIMBS];
    for (int i = 0; i < LIMBS; i++) {
      r[i] = (ifZero[i] & ~mask) | (ifOne[i] & mask);
    }
    return r;
  }

  /** Overwrites a scalar with zeros. */
  public static void wipe(int[] a) {
    if (a != null) {
      Arrays.fill(a, 0);
    }
  }

  /** Subtracts m once when {@code top:r >= m}, in constant time. Needs {@code top:r < 2m}. */
  private int[] reduceOnce(int[] r, int top) {
    // First pass: does r - m borrow? Second pass: subtract m masked. No temporary array.
    long borrow = 0;
    for (int i = 0; i < LIMBS; i++) {
      long x = (r[i] & M32) - (m[i] & M32) - borrow;
      borrow = x >>> 63;
    }
    long mask = ~((long) (top - (int) borrow) >> 63) & M32; // all ones when top:r >= m
    borrow = 0;
    for (int i = 0; i < LIMBS; i++) {
      long x = (r[i] & M32) - (m[i] & mask) - borrow;
      r[i] = (int) x;
      borrow = x >>> 63;
    }
    return r;
  }

  /** The high 64 bits of the unsigned 128-bit product {@code a * b} (branch-free). */
  private static long mulHigh(long a, long b) {
    return Math.multiplyHigh(a, b) + ((a >> 63) & b) + ((b >> 63) & a);
  }

  /** The carry out of {@code x + y = s} (0 or 1), branch-free. */
  private static long carry(long x, long y, long s) {
    return ((x & y) | ((x | y) & ~s)) >>> 63;
  }

  /**
   * Montgomery product {@code a * b / 2^256 mod m} (CIOS on four 64-bit limbs, no allocation but
   * the result); needs {@code a * b < m * 2^256}. Every step is branch-free.
   */
  private int[] montMul(int[] a, int[] b) {
    long a0 = (a[0] & M32) | ((long) a[1] << 32);
    long a1 = (a[2] & M32) | ((long) a[3] << 32);
    long a2 = (a[4] & M32) | ((long) a[5] << 32);
    long a3 = (a[6] & M32) | ((long) a[7] << 32);
    long t0 = 0;
    long t1 = 0;
    long t2 = 0;
    long t3 = 0;
    long t4 = 0;
    for (int i = 0; i < 4; i++) {
      long bi = (b[2 * i] & M32) | ((long) b[2 * i + 1] << 32);
      // t += a * bi
      long lo = a0 * bi;
      long hi = mulHigh(a0, bi);
      long s0 = t0 + lo;
      long c = hi + carry(t0, lo, s0);
      t0 = s0;
      lo = a1 * bi;
      hi = mulHigh(a1, bi);
      long s = t1 + lo;
      long c1 = carry(t1, lo, s);
      long s2 = s + c;
      c1 += carry(s, c, s2);
      t1 = s2;
      c = hi + c1;
      lo = a2 * bi;
      hi = mulHigh(a2, bi);
      s = t2 + lo;
      c1 = carry(t2, lo, s);
      s2 = s + c;
      c1 += carry(s, c, s2);
      t2 = s2;
      c = hi + c1;
      lo = a3 * bi;
      hi = mulHigh(a3, bi);
      s = t3 + lo;
      c1 = carry(t3, lo, s);
      s2 = s + c;
      c1 += carry(s, c, s2);
      t3 = s2;
      c = hi + c1;
      long t4s = t4 + c;
      long t5 = carry(t4, c, t4s);
      t4 = t4s;
      // t += q * m, then shift right by one limb
      long q = t0 * mInv64;
      lo = q * m0;
      hi = mulHigh(q, m0);
      s = t0 + lo;
      c = hi + carry(t0, lo, s);
      lo = q * m1;
      hi = mulHigh(q, m1);
      s = t1 + lo;
      c1 = carry(t1, lo, s);
      s2 = s + c;
      c1 += carry(s, c, s2);
      t0 = s2;
      c = hi + c1;
      lo = q * m2;
      hi = mulHigh(q, m2);
      s = t2 + lo;
      c1 = carry(t2, lo, s);
      s2 = s + c;
      c1 += carry(s, c, s2);
      t1 = s2;
      c = hi + c1;
      lo = q * m3;
      hi = mulHigh(q, m3);
      s = t3 + lo;
      c1 = carry(t3, lo, s);
      s2 = s + c;
      c1 += carry(s, c, s2);
      t2 = s2;
      c = hi + c1;
      s = t4 + c;
      t3 = s;
      t4 = t5 + carry(t4, c, s);
    }
    int[] r = {(int) t0, (int) (t0 >>> 32), (int) t1, (int) (t1 >>> 32), (int) t2,
        (int) (t2 >>> 32), (int) t3, (int) (t3 >>> 32)};
    return reduceOnce(r, (int) t4);
  }
}

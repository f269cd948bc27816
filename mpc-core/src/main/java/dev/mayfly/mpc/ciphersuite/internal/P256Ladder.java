package dev.mayfly.mpc.ciphersuite.internal;

import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.ECLookupTable;
import org.bouncycastle.math.ec.ECPoint;

/**
 * Constant-time P-256 scalar multiplication for secret scalars given as limbs, without
 * {@code BigInteger}: a regular signed 4-bit window recoding (every digit odd, in -15..15, so no
 * zero digit and no data-dependent branch) and Bouncy Castle's cache-safe lookup tables, which
 * read every entry for every lookup. Field arithmetic is Bouncy Castle's {@code SecP256R1Field}
 * on {@code int[8]}.
 *
 * <ul>
 *   <li>{@link #mulBase}: 65 precomputed tables {@code d * 16^i * G} (built once), one lookup and
 *       one mixed addition per digit, no doublings;
 *   <li>{@link #mul}: a 16-entry table {@code (+-1, +-3, ..., +-15) * P} per call (the point is
 *       public), then four doublings and one addition per digit.
 * </ul>
 *
 * <p>The scalar {@code k} is made odd first as {@code k + n} when {@code k} is even (a masked
 * addition), so the recoding always has 65 digits. Additions meet an exceptional case (equal or
 * opposite points) only with negligible probability for scalars below the order, which is where
 * Bouncy Castle's formulas branch.
 *
 * @since 0.1.0
 */
final class P256Ladder {
  static final int DIGITS = 65;

  private final ECCurve curve;
  private final ECLookupTable[] baseTables;

  P256Ladder(ECCurve curve, ECPoint g) {
    this.curve = curve;
    this.baseTables = fixedTables(g);
  }

  /**
   * The 65 tables {@code (+-1, ..., +-15) * 16^i * P} of a point multiplied by many secret
   * scalars (the generator, a peer's base-OT key): each multiplication then needs no doubling.
   */
  ECLookupTable[] fixedTables(ECPoint p) {
    ECLookupTable[] tables = new ECLookupTable[DIGITS];
    ECPoint base = p;
    for (int i = 0; i < DIGITS; i++) {
      tables[i] = table(base);
      base = base.timesPow2(4);
    }
    return tables;
  }

  /** The cache-safe table {@code P, 3P, ..., 15P, -P, -3P, ..., -15P} (normalized). */
  ECLookupTable table(ECPoint p) {
    ECPoint[] points = new ECPoint[16];
    ECPoint twice = p.twice();
    points[0] = p;
    for (int i = 1; i < 8; i++) {
      points[i] = points[i - 1].add(twice);
    }
    curve.normalizeAll(points, 0, 8, null);
    for (int i = 0; i < 8; i++) {
      points[8 + i] = points[i].negate();
    }
    return curve.createCacheSafeLookupTable(points, 0, 16);
  }

  /**
   * The 65 digits of {@code k} (8 little-endian limbs, below the order {@code n}): odd values in
   * -15..15, least significant first, with {@code k (+ n if k is even) = sum d_i 16^i}.
   */
  static int[] recode(int[] k, int[] n) {
    // k' = k + n * (1 - k_0): odd, below 2^257, in 9 limbs.
    long mask = ((k[0] & 1) - 1) & 0xFFFF_FFFFL; // all ones when k is even
    int[] v = new int[9];
    long carry = 0;
    for (int i = 0; i < 8; i++) {
      long s = (k[i] & 0xFFFF_FFFFL) + (n[i] & mask) + carry;
      v[i] = (int) s;
      carry = s >>> 32;
    }
    v[8] = (int) carry;
    int[] digits = new int[DIGITS];
    for (int i = 0; i < DIGITS - 1; i++) {
      int d = (v[0] & 31) - 16; // odd, -15..15
      digits[i] = d;
      // v = (v - d) / 16, exact; v stays odd.
      long borrow = d; // subtract a signed small value
      for (int j = 0; j < 9; j++) {
        long x = (v[j] & 0xFFFF_FFFFL) - borrow;
        v[j] = (int) x;
        borrow = -(x >> 32); // 1 if it borrowed, -1 if d was negative and it carried
      }
      for (int j = 0; j < 8; j++) {
        v[j] = (v[j] >>> 4) | (v[j + 1] << 28);
      }
      v[8] = v[8] >>> 4;
    }
    digits[DIGITS - 1] = v[0]; // 1 or 3
    java.util.Arrays.fill(v, 0);
    return digits;
  }

  /** The table index of an odd digit in -15..15 (constant time). */
  private static int index(int d) {
    int sign = d >> 31;
    int abs = (d ^ sign) - sign;
    return ((abs - 1) >>> 1) + (sign & 8);
  }

  ECPoint mulBase(int[] k, int[] n) {
    return mulFixed(baseTables, k, n);
  }

  /** {@code k * P} for the tables {@link #fixedTables} of {@code P}: one addition per digit. */
  ECPoint mulFixed(ECLookupTable[] tables, int[] k, int[] n) {
    int[] digits = recode(k, n);
    try {
      ECPoint r = tables[DIGITS - 1].lookup(index(digits[DIGITS - 1]));
      for (int i = DIGITS - 2; i >= 0; i--) {
        r = r.add(tables[i].lookup(index(digits[i])));
      }
      return r.normalize();
    } finally {
      java.util.Arrays.fill(digits, 0);
    }
  }

  /** {@code k * P} for the table {@link #table} of {@code P}. */
  ECPoint mul(ECLookupTable t, int[] k, int[] n) {
    int[] digits = recode(k, n);
    try {
      ECPoint r = t.lookup(index(digits[DIGITS - 1]));
      for (int i = DIGITS - 2; i >= 0; i--) {
        r = r.timesPow2(4).add(t.lookup(index(digits[i])));
      }
      return r.normalize();
    } finally {
      java.util.Arrays.fill(digits, 0);
    }
  }
}

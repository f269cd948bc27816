package dev.mayfly.mpc.ciphersuite.internal;

import java.math.BigInteger;
import java.util.Arrays;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.custom.sec.SecP256R1Field;
import org.bouncycastle.math.raw.Nat256;

/**
 * Constant-time P-256 scalar multiplication for secret scalars given as limbs, without
 * {@code BigInteger}: a regular signed 4-bit window recoding (every digit odd, in -15..15, so no
 * zero digit and no data-dependent branch), tables of affine odd multiples read in full on every
 * lookup (masked selection, then a masked negation for the digit's sign), and the point
 * arithmetic of {@link P256Jacobian} on preallocated limbs.
 *
 * <ul>
 *   <li>{@link #mulFixed} (the generator, and any point multiplied more than once): 65 tables
 *       {@code (1, 3, ..., 15) * 16^i * P}, one lookup and one mixed addition per digit, no
 *       doubling;
 *   <li>{@link #mul}: one table {@code (1, 3, ..., 15) * P} (the point is public), then four
 *       doublings and one addition per digit.
 * </ul>
 *
 * <p>The scalar {@code k} is made odd first as {@code k + n} when {@code k} is even (a masked
 * addition), so the recoding always has 65 digits. With every digit odd and {@code n = 1 mod 16},
 * a partial sum can equal the point being added only in the last step and only for
 * {@code k = n - 2} (the doubling case the mixed addition cannot do); that step also computes
 * {@code 2Q} and selects it by mask, so every scalar gives the right point. The result leaves as a Bouncy Castle point
 * built from its affine coordinates (which pass through {@code BigInteger} there; the scalar never
 * does).
 *
 * @since 0.1.0
 */
final class P256Ladder {
  static final int DIGITS = 65;
  private static final int ENTRIES = 8;

  /** Affine {@code x, y} of {@code (2e + 1) * P} for {@code e = 0..7}, 8 limbs each. */
  static final class Table {
    final int[] xs = new int[ENTRIES * 8];
    final int[] ys = new int[ENTRIES * 8];
  }

  private final ECCurve curve;
  private final Table[] baseTables;

  P256Ladder(ECCurve curve, ECPoint g) {
    this.curve = curve;
    this.baseTables = fixedTables(g);
  }

  /** The table of odd multiples of a public point (variable time). */
  Table table(ECPoint p) {
    ECPoint[] points = new ECPoint[ENTRIES];
    ECPoint twice = p.twice();
    points[0] = p.normalize();
    for (int i = 1; i < ENTRIES; i++) {
      points[i] = points[i - 1].add(twice);
    }
    curve.normalizeAll(points);
    Table t = new Table();
    for (int i = 0; i < ENTRIES; i++) {
      System.arraycopy(Nat256.fromBigInteger(points[i].getAffineXCoord().toBigInteger()), 0,
          t.xs, 8 * i, 8);
      System.arraycopy(Nat256.fromBigInteger(points[i].getAffineYCoord().toBigInteger()), 0,
          t.ys, 8 * i, 8);
    }
    return t;
  }

  /** The 65 tables of {@code 16^i * P} (a point multiplied by many secret scalars). */
  Table[] fixedTables(ECPoint p) {
    Table[] tables = new Table[DIGITS];
    ECPoint base = p;
    for (int i = 0; i < DIGITS; i++) {
      tables[i] = table(base);
      base = base.timesPow2(4);
    }
    return tables;
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
      long borrow = d;
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
    Arrays.fill(v, 0);
    return digits;
  }

  /**
   * Writes the affine point {@code d * P} of an odd digit {@code d} in -15..15 into
   * {@code out[0..7]} (x) and {@code out[8..15]} (y): reads all entries, selects by mask, negates
   * y by mask.
   */
  private static void lookup(Table t, int d, int[] out, int[] neg) {
    int sign = d >> 31;
    int abs = (d ^ sign) - sign;
    int index = (abs - 1) >>> 1;
    Arrays.fill(out, 0, 16, 0);
    for (int e = 0; e < ENTRIES; e++) {
      int m = ((e ^ index) - 1) >> 31; // -1 when e == index
      for (int i = 0; i < 8; i++) {
        out[i] |= t.xs[8 * e + i] & m;
        out[8 + i] |= t.ys[8 * e + i] & m;
      }
    }
    System.arraycopy(out, 8, neg, 0, 8);
    SecP256R1Field.negate(neg, neg);
    for (int i = 0; i < 8; i++) {
      out[8 + i] = (out[8 + i] & ~sign) | (neg[i] & sign);
    }
  }

  ECPoint mulBase(int[] k, int[] n) {
    return mulFixed(baseTables, k, n);
  }

  /** {@code k * P} for the tables {@link #fixedTables} of {@code P}: one addition per digit. */
  ECPoint mulFixed(Table[] tables, int[] k, int[] n) {
    return ladder(tables, false, k, n);
  }

  /** {@code k * P} for the table {@link #table} of {@code P}. */
  ECPoint mul(Table t, int[] k, int[] n) {
    return ladder(new Table[] {t}, true, k, n);
  }

  /**
   * The digit loop: with one table, four doublings before each addition; with 65 tables (one per
   * digit position), additions only.
   */
  private ECPoint ladder(Table[] tables, boolean doublings, int[] k, int[] n) {
    int[] digits = recode(k, n);
    P256Jacobian j = new P256Jacobian();
    int[] acc = new int[24];
    int[] q = new int[16];
    int[] neg = new int[8];
    try {
      lookup(tables[tables.length == 1 ? 0 : DIGITS - 1], digits[DIGITS - 1], q, neg);
      start(acc, q);
      for (int i = DIGITS - 2; i >= 0; i--) {
        if (doublings) {
          j.dbl(acc);
          j.dbl(acc);
          j.dbl(acc);
          j.dbl(acc);
        }
        lookup(tables[tables.length == 1 ? 0 : i], digits[i], q, neg);
        if (i > 0) {
          j.madd(acc, q, 0, q, 8);
        } else {
          lastStep(j, acc, q);
        }
      }
      return finish(j, acc);
    } finally {
      Arrays.fill(digits, 0);
      Arrays.fill(acc, 0);
      Arrays.fill(q, 0);
      Arrays.fill(neg, 0);
      j.wipe();
    }
  }

  /** {@code acc += q}, selecting {@code 2q} by mask when {@code acc == q} (see the class note). */
  private static void lastStep(P256Jacobian j, int[] acc, int[] q) {
    int[] twice = new int[24];
    start(twice, q);
    j.dbl(twice);
    j.madd(acc, q, 0, q, 8);
    int m = j.degenerate;
    for (int i = 0; i < 24; i++) {
      acc[i] = (acc[i] & ~m) | (twice[i] & m);
    }
    Arrays.fill(twice, 0);
  }

  /** Jacobian {@code (x, y, 1)} from an affine lookup result. */
  private static void start(int[] acc, int[] q) {
    System.arraycopy(q, 0, acc, 0, 16);
    Arrays.fill(acc, 16, 24, 0);
    acc[16] = 1;
  }

  private ECPoint finish(P256Jacobian j, int[] acc) {
    int[] x = new int[8];
    int[] y = new int[8];
    try {
      if (!j.toAffine(acc, x, y)) {
        return curve.getInfinity();
      }
      return curve.createPoint(Nat256.toBigInteger(x), Nat256.toBigInteger(y));
    } finally {
      Arrays.fill(x, 0);
      Arrays.fill(y, 0);
    }
  }
}

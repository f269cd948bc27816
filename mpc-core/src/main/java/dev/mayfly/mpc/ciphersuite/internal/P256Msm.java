package dev.mayfly.mpc.ciphersuite.internal;

import java.util.Arrays;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.raw.Nat256;

/**
 * {@code sum k_i * P_i} for many public points and public scalars (the batched verification of the
 * base-OT proofs: some 770 terms): Pippenger's bucket method with 7-bit windows on the Jacobian
 * limbs of {@link P256Jacobian}. <b>Variable time</b>: public inputs only.
 *
 * @since 0.1.0
 */
final class P256Msm {
  private static final int WINDOW = 7;
  private static final int BUCKETS = (1 << WINDOW) - 1;

  private P256Msm() {}

  /** The sum for scalars given as reduced 8-limb values. */
  static ECPoint sum(ECCurve curve, ECPoint[] points, int[][] scalars) {
    int n = points.length;
    int[][] affine = new int[n][];
    for (int i = 0; i < n; i++) {
      ECPoint p = points[i].normalize();
      if (p.isInfinity()) {
        continue;
      }
      int[] a = new int[24];
      System.arraycopy(Nat256.fromBigInteger(p.getAffineXCoord().toBigInteger()), 0, a, 0, 8);
      System.arraycopy(Nat256.fromBigInteger(p.getAffineYCoord().toBigInteger()), 0, a, 8, 8);
      a[16] = 1;
      affine[i] = a;
    }
    P256Jacobian j = new P256Jacobian();
    int[] result = new int[24];
    int[][] buckets = new int[BUCKETS][24];
    int[] running = new int[24];
    int[] total = new int[24];
    int windows = (256 + WINDOW - 1) / WINDOW;
    for (int w = windows - 1; w >= 0; w--) {
      for (int d = 0; d < WINDOW; d++) {
        if (!P256Jacobian.isIdentity(result)) {
          j.dbl(result);
        }
      }
      for (int[] b : buckets) {
        Arrays.fill(b, 0);
      }
      for (int i = 0; i < n; i++) {
        if (affine[i] == null) {
          continue;
        }
        int digit = bits(scalars[i], w * WINDOW);
        if (digit != 0) {
          j.addVar(buckets[digit - 1], affine[i]);
        }
      }
      Arrays.fill(running, 0);
      Arrays.fill(total, 0);
      for (int b = BUCKETS - 1; b >= 0; b--) {
        j.addVar(running, buckets[b]);
        j.addVar(total, running);
      }
      j.addVar(result, total);
    }
    int[] x = new int[8];
    int[] y = new int[8];
    if (!j.toAffine(result, x, y)) {
      return curve.getInfinity();
    }
    return curve.createPoint(Nat256.toBigInteger(x), Nat256.toBigInteger(y));
  }

  /** Bits {@code from .. from + WINDOW - 1} of a little-endian 8-limb scalar. */
  private static int bits(int[] k, int from) {
    int limb = from >>> 5;
    int shift = from & 31;
    long v = k[limb] & 0xFFFF_FFFFL;
    if (limb + 1 < 8) {
      v |= (k[limb + 1] & 0xFFFF_FFFFL) << 32;
    }
    return (int) (v >>> shift) & BUCKETS;
  }
}

package dev.mayfly.mpc.ciphersuite.internal;

import dev.mayfly.mpc.ciphersuite.GroupElement;
import java.math.BigInteger;

/** Builds torsion points for tests by clearing the prime-order part of a curve point. */
final class Ed25519Torsion {
  private Ed25519Torsion() {}

  /** A point of order 8, found as L * P for a point P of the full group. */
  static GroupElement orderEight() {
    // Decode without the subgroup check by adding a known order-8 encoding to the identity is not
    // possible through the strict decoder, so multiply a full-group point by L instead.
    byte[] enc = new byte[32];
    for (int y = 3; ; y++) {
      enc[0] = (byte) y;
      GroupElement p = Ed25519Math.decodeForTest(enc);
      if (p == null) {
        continue;
      }
      int[] order = ED_ORDER;
      GroupElement t = Ed25519Math.INSTANCE.sumOfProductsPublic(
          new GroupElement[] {p}, new int[][] {order}, null);
      GroupElement t4 = Ed25519Math.INSTANCE.sumOfProductsPublic(
          new GroupElement[] {t}, new int[][] {Ed25519Math.INSTANCE.scalars().fromInt(4)}, null);
      if (!t4.isIdentity()) {
        return t;
      }
    }
  }

  private static final int[] ED_ORDER = limbs(Ed25519Math.ORDER);

  private static int[] limbs(BigInteger v) {
    int[] r = new int[8];
    for (int i = 0; i < 8; i++) {
      r[i] = v.shiftRight(32 * i).intValue();
    }
    return r;
  }
}

package dev.mayfly.mpc.ciphersuite.internal;

import java.util.Arrays;
import org.bouncycastle.math.ec.custom.sec.SecP256R1Field;
import org.bouncycastle.math.raw.Nat256;

/**
 * P-256 point arithmetic on preallocated limbs for the constant-time ladder ({@link P256Ladder}):
 * Jacobian doubling for {@code a = -3} (dbl-2001-b) and mixed Jacobian-affine addition
 * (madd-2007-bl), on Bouncy Castle's {@code SecP256R1Field} (constant-time field arithmetic on
 * {@code int[8]}), without allocating a point object per step.
 *
 * <p>A point is {@code X, Y, Z} in {@code p[0..7], p[8..15], p[16..23]}. The addition gives a
 * wrong result in the doubling case ({@code P == Q}) and reports it ({@link #degenerate}); the
 * ladder meets that case only in its last step and only for the scalar {@code n - 2}, and selects
 * {@code 2Q} there by mask. {@code P == -Q} gives {@code Z = 0}, the identity, correctly.
 * Not thread-safe: one instance per multiplication.
 *
 * @since 0.1.0
 */
final class P256Jacobian {
  private final int[] tt = Nat256.createExt();
  private final int[] t1 = Nat256.create();
  private final int[] t2 = Nat256.create();
  private final int[] t3 = Nat256.create();
  private final int[] t4 = Nat256.create();
  private final int[] t5 = Nat256.create();
  private final int[] t6 = Nat256.create();
  private final int[] x = Nat256.create();
  private final int[] y = Nat256.create();
  private final int[] z = Nat256.create();
  /** -1 when the last {@link #madd} met the doubling case, else 0. */
  int degenerate;

  private void load(int[] p) {
    System.arraycopy(p, 0, x, 0, 8);
    System.arraycopy(p, 8, y, 0, 8);
    System.arraycopy(p, 16, z, 0, 8);
  }

  private void store(int[] p) {
    System.arraycopy(x, 0, p, 0, 8);
    System.arraycopy(y, 0, p, 8, 8);
    System.arraycopy(z, 0, p, 16, 8);
  }

  /** {@code p = 2p} (a = -3). */
  void dbl(int[] p) {
    load(p);
    SecP256R1Field.square(z, t1, tt); // delta = Z^2
    SecP256R1Field.square(y, t2, tt); // gamma = Y^2
    SecP256R1Field.multiply(x, t2, t3, tt); // beta = X * gamma
    SecP256R1Field.subtract(x, t1, t4); // X - delta
    SecP256R1Field.add(x, t1, t5); // X + delta
    SecP256R1Field.multiply(t4, t5, t6, tt);
    SecP256R1Field.twice(t6, t4);
    SecP256R1Field.add(t4, t6, t4); // alpha = 3 (X - delta)(X + delta)
    // Z3 = (Y + Z)^2 - gamma - delta
    SecP256R1Field.add(y, z, t5);
    SecP256R1Field.square(t5, t5, tt);
    SecP256R1Field.subtract(t5, t2, t5);
    SecP256R1Field.subtract(t5, t1, z);
    // X3 = alpha^2 - 8 beta
    SecP256R1Field.twice(t3, t3);
    SecP256R1Field.twice(t3, t3); // 4 beta
    SecP256R1Field.square(t4, x, tt);
    SecP256R1Field.twice(t3, t5); // 8 beta
    SecP256R1Field.subtract(x, t5, x);
    // Y3 = alpha (4 beta - X3) - 8 gamma^2
    SecP256R1Field.subtract(t3, x, t3);
    SecP256R1Field.multiply(t4, t3, y, tt);
    SecP256R1Field.square(t2, t2, tt);
    SecP256R1Field.twice(t2, t2);
    SecP256R1Field.twice(t2, t2);
    SecP256R1Field.twice(t2, t2);
    SecP256R1Field.subtract(y, t2, y);
    store(p);
  }

  /** {@code p = p + q} for an affine {@code q = (qx[qOff..], qy[qyOff..])}, {@code q != p}. */
  void madd(int[] p, int[] qx, int qOff, int[] qy, int qyOff) {
    load(p);
    SecP256R1Field.square(z, t1, tt); // Z1Z1
    copy(qx, qOff, t2);
    SecP256R1Field.multiply(t2, t1, t2, tt); // U2 = X2 Z1Z1
    copy(qy, qyOff, t3);
    SecP256R1Field.multiply(t3, z, t3, tt);
    SecP256R1Field.multiply(t3, t1, t3, tt); // S2 = Y2 Z1 Z1Z1
    SecP256R1Field.subtract(t2, x, t2); // H = U2 - X1
    SecP256R1Field.square(t2, t4, tt); // HH
    SecP256R1Field.twice(t4, t5);
    SecP256R1Field.twice(t5, t5); // I = 4 HH
    SecP256R1Field.multiply(t2, t5, t6, tt); // J = H I
    SecP256R1Field.subtract(t3, y, t3);
    SecP256R1Field.twice(t3, t3); // r = 2 (S2 - Y1)
    degenerate = zeroMask(t2) & zeroMask(t3);
    SecP256R1Field.multiply(x, t5, t5, tt); // V = X1 I
    // Z3 = (Z1 + H)^2 - Z1Z1 - HH
    SecP256R1Field.add(z, t2, z);
    SecP256R1Field.square(z, z, tt);
    SecP256R1Field.subtract(z, t1, z);
    SecP256R1Field.subtract(z, t4, z);
    // Y1 J, then X3 = r^2 - J - 2V, Y3 = r (V - X3) - 2 Y1 J
    SecP256R1Field.multiply(y, t6, t1, tt);
    SecP256R1Field.square(t3, x, tt);
    SecP256R1Field.subtract(x, t6, x);
    SecP256R1Field.twice(t5, t4);
    SecP256R1Field.subtract(x, t4, x);
    SecP256R1Field.subtract(t5, x, t5);
    SecP256R1Field.multiply(t3, t5, y, tt);
    SecP256R1Field.twice(t1, t1);
    SecP256R1Field.subtract(y, t1, y);
    store(p);
  }

  private final int[] u1 = Nat256.create();
  private final int[] u2 = Nat256.create();
  private final int[] s1 = Nat256.create();
  private final int[] s2 = Nat256.create();

  /**
   * {@code p = p + q} for Jacobian points, every case handled (identity as {@code Z = 0}, equal and
   * opposite points): add-2007-bl. <b>Variable time</b>: only for public points and scalars (the
   * multi-scalar multiplication of verifications).
   */
  void addVar(int[] p, int[] q) {
    if (isIdentity(q)) {
      return;
    }
    if (isIdentity(p)) {
      System.arraycopy(q, 0, p, 0, 24);
      return;
    }
    load(p);
    int[] qz = Arrays.copyOfRange(q, 16, 24);
    SecP256R1Field.square(z, t1, tt); // Z1Z1
    SecP256R1Field.square(qz, t2, tt); // Z2Z2
    SecP256R1Field.multiply(x, t2, u1, tt); // U1 = X1 Z2Z2
    copy(q, 0, u2);
    SecP256R1Field.multiply(u2, t1, u2, tt); // U2 = X2 Z1Z1
    SecP256R1Field.multiply(y, qz, s1, tt);
    SecP256R1Field.multiply(s1, t2, s1, tt); // S1 = Y1 Z2 Z2Z2
    copy(q, 8, s2);
    SecP256R1Field.multiply(s2, z, s2, tt);
    SecP256R1Field.multiply(s2, t1, s2, tt); // S2 = Y2 Z1 Z1Z1
    SecP256R1Field.subtract(u2, u1, t3); // H
    SecP256R1Field.subtract(s2, s1, t4);
    SecP256R1Field.twice(t4, t4); // r
    if (zeroMask(t3) != 0) {
      if (zeroMask(t4) != 0) {
        dbl(p);
      } else {
        Arrays.fill(p, 0); // P + (-P)
      }
      return;
    }
    // Z3 = ((Z1 + Z2)^2 - Z1Z1 - Z2Z2) H
    SecP256R1Field.add(z, qz, t5);
    SecP256R1Field.square(t5, t5, tt);
    SecP256R1Field.subtract(t5, t1, t5);
    SecP256R1Field.subtract(t5, t2, t5);
    SecP256R1Field.multiply(t5, t3, z, tt);
    SecP256R1Field.twice(t3, t5);
    SecP256R1Field.square(t5, t5, tt); // I = (2H)^2
    SecP256R1Field.multiply(t3, t5, t6, tt); // J = H I
    SecP256R1Field.multiply(u1, t5, t5, tt); // V = U1 I
    SecP256R1Field.square(t4, x, tt);
    SecP256R1Field.subtract(x, t6, x);
    SecP256R1Field.twice(t5, t1);
    SecP256R1Field.subtract(x, t1, x); // X3 = r^2 - J - 2V
    SecP256R1Field.subtract(t5, x, t5);
    SecP256R1Field.multiply(t4, t5, y, tt);
    SecP256R1Field.multiply(s1, t6, t1, tt);
    SecP256R1Field.twice(t1, t1);
    SecP256R1Field.subtract(y, t1, y); // Y3 = r (V - X3) - 2 S1 J
    store(p);
  }

  /** Whether a Jacobian point is the identity ({@code Z = 0}). */
  static boolean isIdentity(int[] p) {
    int acc = 0;
    for (int i = 16; i < 24; i++) {
      acc |= p[i];
    }
    return acc == 0;
  }

  /** -1 if every limb of {@code a} is zero, else 0 (branch-free). */
  private static int zeroMask(int[] a) {
    int acc = 0;
    for (int v : a) {
      acc |= v;
    }
    return ~((acc | -acc) >> 31);
  }

  private static void copy(int[] src, int off, int[] dst) {
    System.arraycopy(src, off, dst, 0, 8);
  }

  /** Affine {@code (x, y)} of {@code p}; false if {@code p} is the identity ({@code Z = 0}). */
  boolean toAffine(int[] p, int[] ax, int[] ay) {
    load(p);
    if (Nat256.isZero(z)) {
      return false; // the identity: a public outcome
    }
    SecP256R1Field.inv(z, t1);
    SecP256R1Field.square(t1, t2, tt);
    SecP256R1Field.multiply(x, t2, ax, tt);
    SecP256R1Field.multiply(t2, t1, t2, tt);
    SecP256R1Field.multiply(y, t2, ay, tt);
    return true;
  }

  /** Overwrites the scratch limbs (they held secret-derived coordinates). */
  void wipe() {
    for (int[] a : new int[][] {tt, t1, t2, t3, t4, t5, t6, x, y, z, u1, u2, s1, s2}) {
      Arrays.fill(a, 0);
    }
  }
}

package dev.mayfly.mpc.keygen.internal;

import static java.util.Objects.requireNonNull;

import dev.mayfly.common.PartyId;
import dev.mayfly.mpc.ciphersuite.GroupElement;
import dev.mayfly.mpc.ciphersuite.internal.ScalarField;
import dev.mayfly.mpc.ciphersuite.internal.SuiteMath;
import dev.mayfly.mpc.internal.SecretState;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

/**
 * A secret Shamir polynomial {@code f(x) = a_0 + a_1 x + ... + a_{t-1} x^{t-1}} (RFC 9591
 * Appendix C.1; FROST paper, Figure 1, round 1 step 1).
 *
 * <p><b>Security:</b> the coefficients are fixed-length limb arrays owned here and overwritten by
 * {@link #destroy()}; use after destruction throws {@link IllegalStateException}.
 *
 * @since 0.1.0
 */
public final class SecretPolynomial extends SecretState {
  private final SuiteMath math;
  private final int[][] coefficients;

  private SecretPolynomial(SuiteMath math, int[][] coefficients) {
    this.math = math;
    this.coefficients = coefficients;
  }

  /** A polynomial of {@code threshold} uniformly random non-zero coefficients. */
  public static SecretPolynomial random(SuiteMath math, int threshold, SecureRandom random) {
    requireNonNull(random, "random");
    int[][] c = new int[threshold][];
    for (int i = 0; i < threshold; i++) {
      c[i] = math.randomScalar(random);
    }
    return new SecretPolynomial(math, c);
  }

  /** A polynomial with the given coefficients, lowest degree first; takes ownership. */
  public static SecretPolynomial of(SuiteMath math, int[][] coefficients) {
    if (coefficients.length == 0) {
      throw new IllegalArgumentException("a polynomial needs at least one coefficient");
    }
    return new SecretPolynomial(math, coefficients);
  }

  /** The number of coefficients (the threshold). */
  public int size() {
    return coefficients.length;
  }

  /** {@code f(x)} by Horner's rule, in constant time; the caller must wipe the result. */
  public int[] evaluate(PartyId x) {
    checkLive();
    ScalarField f = math.scalars();
    int[] xs = math.identifier(x);
    int[] acc = coefficients[coefficients.length - 1].clone();
    for (int i = coefficients.length - 2; i >= 0; i--) {
      int[] product = f.mul(acc, xs);
      ScalarField.wipe(acc);
      acc = f.add(product, coefficients[i]);
      ScalarField.wipe(product);
    }
    return acc;
  }

  /** A copy of {@code a_0}; the caller must wipe it. */
  public int[] constantTerm() {
    checkLive();
    return coefficients[0].clone();
  }

  /** The Feldman commitments {@code a_k * G} (RFC 9591 Appendix C.2, vss_commit). */
  public List<GroupElement> commitments() {
    checkLive();
    List<GroupElement> out = new ArrayList<>(coefficients.length);
    for (int[] c : coefficients) {
      out.add(math.mulBase(c));
    }
    return out;
  }

  @Override
  protected void wipe() {
    for (int[] c : coefficients) {
      ScalarField.wipe(c);
    }
  }

  @Override
  protected String describe() {
    return "polynomial of degree " + (coefficients.length - 1);
  }
}

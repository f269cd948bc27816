package dev.mayfly.mpc.keygen.internal;

import dev.mayfly.common.PartyId;
import dev.mayfly.mpc.ciphersuite.GroupElement;
import dev.mayfly.mpc.ciphersuite.internal.ScalarField;
import dev.mayfly.mpc.ciphersuite.internal.SuiteMath;
import java.security.SecureRandom;
import java.util.List;

/**
 * Feldman verifiable secret sharing checks and the Schnorr proof of knowledge of the DKG, on
 * public values (variable time).
 *
 * @since 0.1.0
 */
public final class Feldman {
  private Feldman() {}

  /**
   * {@code sum(phi_k * x^k)}: the point a share for {@code x} must match (RFC 9591 Appendix C.2,
   * vss_verify; also derive_group_info for verifying shares).
   */
  public static GroupElement evaluateCommitments(
      SuiteMath math, List<GroupElement> commitments, PartyId x) {
    ScalarField f = math.scalars();
    int[] xs = math.identifier(x);
    int[][] powers = new int[commitments.size()][];
    powers[0] = f.fromInt(1);
    for (int k = 1; k < powers.length; k++) {
      powers[k] = f.mul(powers[k - 1], xs);
    }
    return math.sumOfProductsPublic(commitments.toArray(new GroupElement[0]), powers, null);
  }

  /**
   * The DKG proof challenge {@code HDKG(id || phi_0 || R)}, as in the Zcash Foundation frost-core
   * (serialised identifier, then the two serialised elements).
   */
  public static int[] challenge(SuiteMath math, PartyId id, GroupElement phi0, GroupElement r) {
    byte[] idBytes = math.encodeIdentifier(id);
    byte[] phiBytes = phi0.encode();
    byte[] rBytes = r.encode();
    byte[] input = new byte[idBytes.length + phiBytes.length + rBytes.length];
    System.arraycopy(idBytes, 0, input, 0, idBytes.length);
    System.arraycopy(phiBytes, 0, input, idBytes.length, phiBytes.length);
    System.arraycopy(rBytes, 0, input, idBytes.length + phiBytes.length, rBytes.length);
    return math.hdkg(input);
  }

  /** A proof of knowledge {@code (R, mu)} of {@code a_0}, with {@code mu = k + a_0 * c}. */
  public static Proof prove(SuiteMath math, PartyId id, int[] a0, GroupElement phi0,
      SecureRandom random) {
    int[] k = math.randomScalar(random);
    try {
      GroupElement r = math.mulBase(k);
      int[] c = challenge(math, id, phi0, r);
      int[] product = math.scalars().mul(a0, c);
      int[] mu = math.scalars().add(k, product);
      ScalarField.wipe(product);
      return new Proof(r, mu);
    } finally {
      ScalarField.wipe(k);
    }
  }

  /** Whether {@code R == mu * G - c * phi_0} (FROST paper, Figure 1, round 1 step 5). */
  public static boolean verifyProof(SuiteMath math, PartyId id, GroupElement phi0,
      GroupElement r, int[] mu) {
    int[] c = challenge(math, id, phi0, r);
    GroupElement lhs = math.sumOfProductsPublic(
        new GroupElement[] {phi0}, new int[][] {math.scalars().negate(c)}, mu);
    return math.equalPublic(lhs, r);
  }

  /** A Schnorr proof of knowledge: commitment {@code r} and response {@code mu} (public). */
  public record Proof(GroupElement r, int[] mu) {}
}

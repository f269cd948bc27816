package dev.mayfly.mpc.keygen.internal;

import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.PartyId;
import dev.mayfly.common.ProtocolException;
import dev.mayfly.mpc.ciphersuite.GroupElement;
import dev.mayfly.mpc.ciphersuite.internal.ScalarField;
import dev.mayfly.mpc.ciphersuite.internal.SuiteMath;
import java.security.SecureRandom;
import java.util.ArrayList;
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

  /** Hashes a proof transcript to the challenge scalar; distinct protocols use distinct hashes. */
  @FunctionalInterface
  public interface ChallengeHash {
    /** The challenge for {@code transcript}. */
    int[] apply(byte[] transcript);
  }

  /**
   * The DKG proof challenge {@code HDKG(id || phi_0 || R)}, as in the Zcash Foundation frost-core
   * (serialised identifier, then the two serialised elements).
   */
  public static int[] challenge(SuiteMath math, PartyId id, GroupElement phi0, GroupElement r) {
    return challenge(math, math::hdkg, id, phi0, r);
  }

  /** The challenge {@code h(id || phi_0 || R)} of a proof under the hash {@code h}. */
  public static int[] challenge(SuiteMath math, ChallengeHash h, PartyId id, GroupElement phi0,
      GroupElement r) {
    return h.apply(SuiteMath.concat(math.encodeIdentifier(id), phi0.encode(), r.encode()));
  }

  /** A proof of knowledge {@code (R, mu)} of {@code a_0}, with {@code mu = k + a_0 * c}. */
  public static Proof prove(SuiteMath math, PartyId id, int[] a0, GroupElement phi0,
      SecureRandom random) {
    return prove(math, math::hdkg, id, a0, phi0, random);
  }

  /** A proof of knowledge of {@code a_0} whose challenge uses the hash {@code h}. */
  public static Proof prove(SuiteMath math, ChallengeHash h, PartyId id, int[] a0,
      GroupElement phi0, SecureRandom random) {
    int[] k = math.randomScalar(random);
    try {
      GroupElement r = math.mulBase(k);
      int[] c = challenge(math, h, id, phi0, r);
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
    return verifyProof(math, math::hdkg, id, phi0, r, mu);
  }

  /** Whether {@code R == mu * G - c * phi_0} for the challenge hash {@code h}. */
  public static boolean verifyProof(SuiteMath math, ChallengeHash h, PartyId id,
      GroupElement phi0, GroupElement r, int[] mu) {
    int[] c = challenge(math, h, id, phi0, r);
    GroupElement lhs = math.sumOfProductsPublic(
        new GroupElement[] {phi0}, new int[][] {math.scalars().negate(c)}, mu);
    return math.equalPublic(lhs, r);
  }

  /**
   * Whether every proof verifies, checked at once as {@code sum r_l (mu_l G - c_l phi_l - R_l) ==
   * O} with random 128-bit {@code r_l}. Sound with error 2^-128 because every element was already
   * checked to lie in the prime-order group; on {@code false}, check each proof to find the
   * culprits.
   */
  public static boolean verifyProofsBatch(SuiteMath math, List<PartyId> ids,
      List<GroupElement> phi0s, List<GroupElement> rs, List<int[]> mus, SecureRandom random) {
    return verifyProofsBatch(math, math::hdkg, ids, phi0s, rs, mus, random);
  }

  /** {@link #verifyProofsBatch} for proofs whose challenge uses the hash {@code h}. */
  public static boolean verifyProofsBatch(SuiteMath math, ChallengeHash h, List<PartyId> ids,
      List<GroupElement> phi0s, List<GroupElement> rs, List<int[]> mus, SecureRandom random) {
    ScalarField f = math.scalars();
    int n = ids.size();
    GroupElement[] points = new GroupElement[2 * n];
    int[][] scalars = new int[2 * n][];
    int[] base = f.zero();
    byte[] seed = new byte[16];
    for (int i = 0; i < n; i++) {
      random.nextBytes(seed);
      int[] r = f.reduceLittleEndian(seed);
      int[] c = challenge(math, h, ids.get(i), phi0s.get(i), rs.get(i));
      points[i] = phi0s.get(i);
      scalars[i] = f.negate(f.mul(r, c));
      points[n + i] = rs.get(i);
      scalars[n + i] = f.negate(r);
      base = f.add(base, f.mul(r, mus.get(i)));
    }
    return math.sumOfProductsPublic(points, scalars, base).isIdentity();
  }

  /**
   * Checks every proof, first as one batch and, only if that fails, one by one.
   *
   * @throws ProtocolException {@code MPC_INVALID_PROOF_OF_KNOWLEDGE} naming every party whose
   *     proof fails
   */
  public static void requireProofs(SuiteMath math, ChallengeHash h, String what,
      List<PartyId> ids, List<GroupElement> phi0s, List<GroupElement> rs, List<int[]> mus,
      SecureRandom random) throws ProtocolException {
    if (verifyProofsBatch(math, h, ids, phi0s, rs, mus, random)) {
      return;
    }
    List<PartyId> culprits = new ArrayList<>();
    for (int i = 0; i < ids.size(); i++) {
      if (!verifyProof(math, h, ids.get(i), phi0s.get(i), rs.get(i), mus.get(i))) {
        culprits.add(ids.get(i));
      }
    }
    throw new ProtocolException(ErrorCode.MPC_INVALID_PROOF_OF_KNOWLEDGE,
        what + " from " + culprits + " do not verify", culprits);
  }

  /** A Schnorr proof of knowledge: commitment {@code r} and response {@code mu} (public). */
  public record Proof(GroupElement r, int[] mu) {}
}

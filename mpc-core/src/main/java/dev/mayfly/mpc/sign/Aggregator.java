package dev.mayfly.mpc.sign;

import static java.util.Objects.requireNonNull;

import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.PartyId;
import dev.mayfly.common.ProtocolException;
import dev.mayfly.mpc.ciphersuite.internal.ScalarField;
import dev.mayfly.mpc.ciphersuite.internal.SuiteMath;
import dev.mayfly.mpc.keygen.PublicKeyPackage;
import dev.mayfly.mpc.sign.internal.FrostSigning;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * FROST aggregation (RFC 9591 §5.3) with identifiable abort (§5.4).
 *
 * @since 0.1.0
 */
public final class Aggregator {
  private Aggregator() {}

  /**
   * Sums the shares into {@code (R, z)} and verifies the result before returning it. If it does
   * not verify, every share is verified and the signers whose shares fail are named.
   *
   * @throws ProtocolException {@code MPC_INVALID_SIGNATURE_SHARE} naming the culprits;
   *     {@code MPC_UNEXPECTED_MESSAGE} for a share from a non-signer or a second share from one
   *     signer; {@code MPC_INVALID_SIGNING_PACKAGE} if the package does not fit the key
   * @throws IllegalArgumentException if a signer's share is missing
   */
  public static FrostSignature aggregate(SigningPackage signingPackage,
      Collection<SignatureShare> shares, PublicKeyPackage keys) throws ProtocolException {
    requireNonNull(signingPackage, "signingPackage");
    requireNonNull(shares, "shares");
    requireNonNull(keys, "keys");
    return aggregate(FrostSigning.context(signingPackage, keys), shares);
  }

  /** Aggregation within a precomputed context. */
  static FrostSignature aggregate(FrostSigning.Context ctx, Collection<SignatureShare> shares)
      throws ProtocolException {
    SuiteMath math = ctx.math();
    ScalarField f = math.scalars();
    Map<PartyId, int[]> byId = new TreeMap<>();
    for (SignatureShare s : shares) {
      if (!ctx.signingPackage().commitments().containsKey(s.sender())) {
        throw new ProtocolException(ErrorCode.MPC_UNEXPECTED_MESSAGE,
            "signature share from " + s.sender() + ", who is not a signer", s.sender());
      }
      if (s.ciphersuite() != math.suite()) {
        throw new ProtocolException(ErrorCode.MPC_WRONG_CIPHERSUITE,
            "signature share from " + s.sender() + " is for " + s.ciphersuite(), s.sender());
      }
      if (byId.put(s.sender(), requireNonNull(math.decodeScalar(s.share(), 0))) != null) {
        throw new ProtocolException(ErrorCode.MPC_UNEXPECTED_MESSAGE,
            "second signature share from " + s.sender(), s.sender());
      }
    }
    if (!byId.keySet().equals(ctx.signingPackage().commitments().keySet())) {
      throw new IllegalArgumentException("shares from " + byId.keySet() + ", signers are "
          + ctx.signingPackage().signers());
    }
    int[] z = f.zero();
    for (int[] zi : byId.values()) {
      z = f.add(z, zi);
    }
    byte[] message = ctx.message();
    if (FrostSigning.verifySignature(math, ctx.groupCommitment(), z,
        ctx.keys().groupPublicKey(), message)) {
      byte[] r = ctx.groupCommitment().encode();
      byte[] sig = new byte[r.length + math.scalarLength()];
      System.arraycopy(r, 0, sig, 0, r.length);
      f.encode(z, sig, r.length);
      return new FrostSignature(math.suite(), sig, ctx.keys().groupPublicKeyBytes());
    }
    List<PartyId> culprits = new ArrayList<>();
    for (Map.Entry<PartyId, int[]> e : byId.entrySet()) {
      if (!FrostSigning.verifyShare(ctx, e.getKey(), e.getValue())) {
        culprits.add(e.getKey());
      }
    }
    if (culprits.isEmpty()) {
      throw new ProtocolException(ErrorCode.MPC_INVALID_SIGNATURE,
          "aggregate signature does not verify although every share does");
    }
    throw new ProtocolException(ErrorCode.MPC_INVALID_SIGNATURE_SHARE,
        "signature shares of " + culprits + " do not verify", culprits);
  }
}

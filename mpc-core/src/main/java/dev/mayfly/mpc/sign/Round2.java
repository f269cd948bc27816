package dev.mayfly.mpc.sign;

import static java.util.Objects.requireNonNull;

import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.InsecureSecretAccess;
import dev.mayfly.common.ProtocolException;
import dev.mayfly.mpc.ciphersuite.internal.ScalarField;
import dev.mayfly.mpc.ciphersuite.internal.SuiteMath;
import dev.mayfly.mpc.keygen.KeyShare;
import dev.mayfly.mpc.sign.internal.FrostSigning;
import java.util.Arrays;

/**
 * FROST round two, signature share generation (RFC 9591 §5.2).
 *
 * @since 0.1.0
 */
public final class Round2 {
  private Round2() {}

  /**
   * Computes {@code z_i = d_i + e_i * rho_i + lambda_i * sk_i * c} and destroys the nonces.
   *
   * <p><b>Security:</b> the nonces are destroyed whether signing succeeds or fails, so a second
   * call with them throws {@code MPC_NONCE_REUSED}. The package must list this signer with exactly
   * the commitments of {@code nonces}.
   *
   * @throws ProtocolException {@code MPC_NONCE_REUSED} (culprit: this signer) for used nonces;
   *     {@code MPC_INVALID_SIGNING_PACKAGE} if the package lacks or alters this signer's
   *     commitment, lists a non-participant, or has fewer signers than the threshold
   */
  public static SignatureShare sign(KeyShare keyShare, SigningNonces nonces,
      SigningPackage signingPackage) throws ProtocolException {
    requireNonNull(keyShare, "keyShare");
    requireNonNull(nonces, "nonces");
    requireNonNull(signingPackage, "signingPackage");
    checkNonces(keyShare, nonces);
    try {
      return sign(keyShare, nonces, FrostSigning.context(signingPackage,
          keyShare.publicKeyPackage()));
    } finally {
      nonces.destroy();
    }
  }

  private static void checkNonces(KeyShare keyShare, SigningNonces nonces)
      throws ProtocolException {
    if (!nonces.owner().equals(keyShare.id())) {
      throw new IllegalArgumentException("nonces of " + nonces.owner() + " used with the key share of "
          + keyShare.id());
    }
    if (nonces.isDestroyed()) {
      throw new ProtocolException(ErrorCode.MPC_NONCE_REUSED,
          "signing nonces of " + nonces.owner() + " were already used", nonces.owner());
    }
  }

  /** Signs within a precomputed context; destroys the nonces. */
  static SignatureShare sign(KeyShare keyShare, SigningNonces nonces, FrostSigning.Context ctx)
      throws ProtocolException {
    try {
      checkNonces(keyShare, nonces);
      SigningCommitments listed = ctx.signingPackage().commitments().get(keyShare.id());
      if (listed == null || !listed.equals(nonces.commitments())) {
        throw new ProtocolException(ErrorCode.MPC_INVALID_SIGNING_PACKAGE, "signing package "
            + (listed == null ? "lacks" : "alters") + " the commitment of " + keyShare.id());
      }
      SuiteMath math = ctx.math();
      ScalarField f = math.scalars();
      byte[] skBytes = keyShare.signingShareBytes(InsecureSecretAccess.get());
      int[] sk = math.decodeScalar(skBytes, 0);
      Arrays.fill(skBytes, (byte) 0);
      int[] lambda = ctx.lagrange(keyShare.id());
      int[] c = ctx.challenge();
      int[] lc = f.mul(lambda, c);
      int[] term = f.mul(requireNonNull(sk), lc);
      int[] eRho = f.mul(nonces.binding(), ctx.bindingFactor(keyShare.id()));
      int[] partial = f.add(nonces.hiding(), eRho);
      int[] z = f.add(partial, term);
      byte[] encoded = math.encodeScalar(z);
      for (int[] secret : new int[][] {sk, term, eRho, partial, z}) {
        ScalarField.wipe(secret);
      }
      return new SignatureShare(keyShare.ciphersuite(), keyShare.id(), encoded);
    } finally {
      nonces.destroy();
    }
  }
}

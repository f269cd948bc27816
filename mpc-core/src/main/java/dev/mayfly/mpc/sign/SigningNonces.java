package dev.mayfly.mpc.sign;

import dev.mayfly.common.PartyId;
import dev.mayfly.mpc.SecretHolder;
import dev.mayfly.mpc.ciphersuite.internal.ScalarField;

/**
 * A signer's secret single-use nonces {@code (d_i, e_i)} from round 1 (RFC 9591 §5.1) and their
 * public {@link SigningCommitments}.
 *
 * <p><b>Security:</b> reusing nonces for two signatures reveals the signing share. Nonces are
 * therefore single-use at run time: {@link Round2#sign} destroys them, and any later use fails
 * with {@code MPC_NONCE_REUSED}. They are fixed-length scalars owned here, never printed, and
 * overwritten by {@link #destroy()} (best effort).
 *
 * @since 0.1.0
 */
public final class SigningNonces extends SecretHolder {
  private final PartyId owner;
  private final int[] hiding;
  private final int[] binding;
  private final SigningCommitments commitments;

  /** Takes ownership of both nonces. */
  SigningNonces(PartyId owner, int[] hiding, int[] binding, SigningCommitments commitments) {
    this.owner = owner;
    this.hiding = hiding;
    this.binding = binding;
    this.commitments = commitments;
  }

  /** The signer these nonces belong to. */
  public PartyId owner() {
    return owner;
  }

  /** The public commitments to broadcast. */
  public SigningCommitments commitments() {
    return commitments;
  }

  int[] hiding() {
    return hiding;
  }

  int[] binding() {
    return binding;
  }

  @Override
  protected void wipe() {
    ScalarField.wipe(hiding);
    ScalarField.wipe(binding);
  }

  @Override
  protected String describe() {
    return "signing nonces of " + owner;
  }
}

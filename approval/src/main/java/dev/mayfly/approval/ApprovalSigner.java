package dev.mayfly.approval;

import static java.util.Objects.requireNonNull;

import dev.mayfly.approval.dsse.DsseEnvelope;
import dev.mayfly.approval.dsse.DsseSignature;
import dev.mayfly.approval.intoto.InTotoStatement;
import dev.mayfly.approval.keys.ApproverSigningKey;
import java.util.List;

/**
 * Signs approval statements with an approver's key, producing the DSSE envelope a verifier reads
 * (DESIGN.md §6): payload type {@value InTotoStatement#PAYLOAD_TYPE}, the statement's compact
 * JSON as payload, one signature over the PAE, and the key's {@code keyid}.
 *
 * <p>The signer does not own the key: closing the key is the caller's job, and signing after that
 * throws {@link IllegalStateException}. Thread-safe.
 *
 * @since 0.1.0
 */
public final class ApprovalSigner {
  private final ApproverSigningKey key;

  private ApprovalSigner(ApproverSigningKey key) {
    this.key = key;
  }

  /** A signer using {@code key}. */
  public static ApprovalSigner create(ApproverSigningKey key) {
    return new ApprovalSigner(requireNonNull(key, "key"));
  }

  /**
   * Builds and signs the envelope of {@code statement}. The statement's approver id should be the
   * id the policy gives this key, or verifiers discount the approval.
   *
   * @throws IllegalStateException if the key was closed
   */
  public DsseEnvelope sign(ApprovalStatement statement) {
    requireNonNull(statement, "statement");
    byte[] payload = statement.toInTotoStatement().toJsonBytes();
    DsseEnvelope unsigned = DsseEnvelope.of(InTotoStatement.PAYLOAD_TYPE, payload, List.of());
    byte[] signature = key.sign(unsigned.preAuthEncoding());
    return unsigned.withSignature(DsseSignature.of(key.publicKey().keyId(), signature));
  }
}

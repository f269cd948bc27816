package dev.mayfly.approval;

import dev.mayfly.approval.dsse.DsseEnvelope;
import dev.mayfly.approval.keys.ApproverPublicKey;

/**
 * An approval that counted towards a quorum: its position in the input, the configured approver
 * whose key signed it, the verified statement and the envelope. Only the approval verifier makes
 * one.
 *
 * @since 0.1.0
 */
public final class Approval {
  private final int index;
  private final String approverId;
  private final ApproverPublicKey publicKey;
  private final ApprovalStatement statement;
  private final DsseEnvelope envelope;
  private final byte[] envelopeJson;

  Approval(
      int index,
      String approverId,
      ApproverPublicKey publicKey,
      ApprovalStatement statement,
      DsseEnvelope envelope,
      byte[] envelopeJson) {
    this.index = index;
    this.approverId = approverId;
    this.publicKey = publicKey;
    this.statement = statement;
    this.envelope = envelope;
    this.envelopeJson = envelopeJson.clone();
  }

  /** The position of the envelope in the verified list, from 0. */
  public int index() {
    return index;
  }

  /** The configured approver id of the signing key (equal to the statement's approver id). */
  public String approverId() {
    return approverId;
  }

  /** The configured key that signed the approval. */
  public ApproverPublicKey publicKey() {
    return publicKey;
  }

  /** The verified approval statement. */
  public ApprovalStatement statement() {
    return statement;
  }

  /** The parsed envelope. */
  public DsseEnvelope envelope() {
    return envelope;
  }

  /** A copy of the envelope JSON exactly as supplied. */
  public byte[] envelopeJson() {
    return envelopeJson.clone();
  }

  @Override
  public String toString() {
    return "Approval[" + index + ", " + approverId + ", key " + publicKey.keyId() + "]";
  }
}

package dev.mayfly.approval.dsse;

import dev.mayfly.approval.keys.ApproverPublicKey;
import java.util.List;

/**
 * Proof that a DSSE envelope met a {@link DsseVerifier}'s threshold: only the verifier makes one.
 *
 * @since 0.1.0
 */
public final class VerifiedDsseEnvelope {
  private final DsseEnvelope envelope;
  private final List<ApproverPublicKey> signers;

  VerifiedDsseEnvelope(DsseEnvelope envelope, List<ApproverPublicKey> signers) {
    this.envelope = envelope;
    this.signers = signers;
  }

  /** The envelope that verified. */
  public DsseEnvelope envelope() {
    return envelope;
  }

  /** The payload type, which the verifier supports. */
  public String payloadType() {
    return envelope.payloadType();
  }

  /** A copy of the verified payload bytes: parse these, never a second decoding. */
  public byte[] payload() {
    return envelope.payload();
  }

  /** The distinct trusted keys whose signatures verified, in the order they were found. */
  public List<ApproverPublicKey> signers() {
    return signers;
  }

  @Override
  public String toString() {
    return "VerifiedDsseEnvelope[" + envelope + ", " + signers.size() + " signers]";
  }
}

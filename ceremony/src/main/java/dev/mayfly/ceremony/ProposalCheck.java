package dev.mayfly.ceremony;

import dev.mayfly.approval.ApprovalException;
import dev.mayfly.approval.ApprovalVerifier;
import dev.mayfly.common.ArtifactDigest;
import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.PartyId;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The checks a party makes of a proposal on its own. Against its pins, before its hello (DESIGN.md
 * section 1, "Party-side pins"): the TEE policy hash, the approval policy, the ceremony limits and
 * the approvals quorum, judged at the proposal's agreed start time, as the verifier judges them
 * later. Then, once its hello is out, what only it can see: its clock and the artifact bytes the
 * host gave it.
 *
 * <p>Every failure is this party's report about nobody: a host that proposes something else to
 * some parties is not a party to blame. A party that refuses still announces it (with an attested
 * hello of its own, which it never sends as a hello), so that every party records the refusal.
 */
final class ProposalCheck {
  private ProposalCheck() {}

  /** Checks {@code proposal} against this party's pins. */
  static void againstPins(SessionProposal proposal, PartyId self, byte[] policyPin,
      byte[] approvalPolicyDigest, CeremonyLimits limits) throws SessionFault {
    if (!MessageDigest.isEqual(proposal.teePolicyHash(), policyPin)) {
      throw refuse(ErrorCode.CEREMONY_POLICY_PIN_MISMATCH, "the proposal pins TEE policy "
          + hex(proposal.teePolicyHash()) + ", " + self + " is configured with " + hex(policyPin));
    }
    if (!MessageDigest.isEqual(proposal.approvalPolicy().digest(), approvalPolicyDigest)) {
      throw refuse(ErrorCode.CEREMONY_APPROVAL_POLICY_MISMATCH, "the proposal's approval policy "
          + hex(proposal.approvalPolicy().digest()) + " is not the one " + self
          + " is configured with (" + hex(approvalPolicyDigest) + ")");
    }
    if (!limits.allowedAlgorithms().contains(proposal.algorithm())) {
      throw refuse(ErrorCode.CEREMONY_ALGORITHM_NOT_ALLOWED, "the proposal uses "
          + proposal.algorithm().id() + ", " + self + " allows " + limits.allowedAlgorithms());
    }
    if (proposal.threshold() < limits.minThreshold()) {
      throw refuse(ErrorCode.CEREMONY_THRESHOLD_TOO_LOW, "the proposal's threshold is "
          + proposal.threshold() + ", " + self + " requires at least " + limits.minThreshold());
    }
    if (proposal.partyCount() > limits.maxParties()) {
      throw refuse(ErrorCode.CEREMONY_TOO_MANY_PARTIES, "the proposal has "
          + proposal.partyCount() + " parties, " + self + " allows at most " + limits.maxParties());
    }
    try {
      ApprovalVerifier.create(proposal.approvalPolicy()).verify(proposal.approvals(),
          proposal.artifacts(), policyPin, proposal.startTime());
    } catch (ApprovalException e) {
      throw refuse(e.code(), "approvals: " + e.detail());
    }
  }

  /**
   * Checks what only this party sees: its clock, and in raw mode each artifact's bytes it was
   * given against that artifact's digest.
   */
  static void local(SessionProposal proposal, PartyId self, Instant now, Duration tolerance,
      List<byte[]> artifacts) throws SessionFault {
    Duration skew = Duration.between(proposal.startTime(), now).abs();
    if (skew.compareTo(tolerance.plusSeconds(1)) > 0) {
      throw refuse(ErrorCode.CEREMONY_CLOCK_SKEW, "the proposal starts at "
          + proposal.startTime() + ", " + self + "'s clock says " + now + " (" + skew.toSeconds()
          + " s apart, at most " + tolerance.toSeconds() + " s allowed)");
    }
    if (proposal.artifactMode() == ArtifactMode.RAW) {
      for (int i = 0; i < artifacts.size(); i++) {
        ArtifactDigest expected = proposal.artifacts().get(i);
        byte[] digest = Document.sha256(artifacts.get(i));
        if (!expected.hasDigest(digest)) {
          throw refuse(ErrorCode.CEREMONY_ARTIFACT_MISMATCH, "the bytes given to " + self
              + " for artifact " + expected.name() + " have SHA-256 " + hex(digest)
              + ", the proposal approves " + expected.sha256Hex());
        }
      }
    }
  }

  /**
   * Computes, from the JAR bytes this party was given, the JAR signing plan of every artifact the
   * proposal signs in the JAR format (docs/jar-signing.md, "In a ceremony"): a JAR it cannot sign
   * is refused with the JAR's code ({@code CERT_JAR_MALFORMED}, {@code CERT_JAR_ALREADY_SIGNED},
   * {@code CERT_JAR_DUPLICATE_ENTRY}, {@code CERT_JAR_ENTRY_UNSIGNABLE}).
   */
  static List<dev.mayfly.cert.jar.@Nullable JarSigningPlan> jarPlans(SessionProposal proposal,
      PartyId self, List<byte[]> artifacts) throws SessionFault {
    try {
      return SessionDocuments.jarPlans(proposal, artifacts);
    } catch (dev.mayfly.cert.CertMintingException e) {
      throw refuse(e.code(), self + " cannot sign a JAR of the proposal: " + e.detail());
    }
  }

  private static SessionFault refuse(ErrorCode code, String text) {
    return new SessionFault(Complaint.report(code, List.of(), null, List.of(), text));
  }

  private static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }
}

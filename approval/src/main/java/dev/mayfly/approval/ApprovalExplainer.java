package dev.mayfly.approval;

import static java.util.Objects.requireNonNull;

import dev.mayfly.common.ArtifactDigest;
import java.time.Instant;
import java.util.List;

/**
 * Lists, for a policy, a set of approval envelopes and an artifact, which approvals would count
 * and why the others would not, without throwing (for {@code mayfly approval list}).
 *
 * <p><b>Security:</b> an explanation is a report for people, not a proof: code that must act on
 * approvals uses {@link ApprovalVerifier}, which applies exactly the same checks.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class ApprovalExplainer {
  private final ApprovalPolicy policy;

  private ApprovalExplainer(ApprovalPolicy policy) {
    this.policy = policy;
  }

  /** An explainer for {@code policy}. */
  public static ApprovalExplainer create(ApprovalPolicy policy) {
    return new ApprovalExplainer(requireNonNull(policy, "policy"));
  }

  /**
   * Explains the envelopes; the arguments mean what they mean for
   * {@link ApprovalVerifier#verify(List, String, byte[], byte[], Instant)}. Bad envelopes are
   * reported, never thrown.
   *
   * @throws IllegalArgumentException if the digest or policy hash is not 32 bytes
   */
  public ApprovalExplanation explain(
      List<byte[]> envelopesJson,
      String artifactName,
      byte[] artifactSha256,
      byte[] teePolicyHash,
      Instant at) {
    return explain(envelopesJson,
        ApprovalVerifier.single(artifactName, artifactSha256), teePolicyHash, at);
  }

  /**
   * Explains the envelopes for a release; the arguments mean what they mean for
   * {@link ApprovalVerifier#verify(List, List, byte[], Instant)}.
   *
   * @throws IllegalArgumentException if the release list or the policy hash is invalid
   * @since 0.2.0
   */
  public ApprovalExplanation explain(
      List<byte[]> envelopesJson,
      List<ArtifactDigest> artifacts,
      byte[] teePolicyHash,
      Instant at) {
    List<byte[]> envelopes = ApprovalVerifier.checkArguments(
        envelopesJson, artifacts, teePolicyHash, at);
    QuorumEvaluation evaluation = QuorumEvaluation.evaluate(
        policy, envelopes, artifacts, teePolicyHash, at);
    return new ApprovalExplanation(evaluation, policy.quorum(), envelopes.size());
  }
}

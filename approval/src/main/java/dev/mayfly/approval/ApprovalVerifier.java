package dev.mayfly.approval;

import static java.util.Objects.requireNonNull;

import dev.mayfly.common.ArtifactDigest;
import dev.mayfly.common.ErrorCode;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Verifies that a quorum of distinct configured approvers approved an artifact (DESIGN.md §1 step
 * 1 and §6), returning an {@link ApprovedQuorum} proof or throwing.
 *
 * <p>Each envelope is checked on its own (see {@code docs/approvals.md} for the order of checks).
 * An approval that fails a check does not count, and is only an error if the quorum then fails.
 * The quorum counts distinct configured keys and distinct approver ids: a second approval from a
 * key or id that already counted is discounted as {@link ErrorCode#APPROVAL_DUPLICATE_APPROVER}.
 *
 * <p><b>Security:</b> the approver set in the policy is the trust anchor; the DSSE {@code keyid}
 * only selects which configured key to try. Approvals are valid from {@code notBefore} to
 * {@code notAfter} inclusive at the instant checked; there is no clock-skew allowance here (the
 * ceremony agrees on that instant). The verifier keeps no state, so it cannot detect an approval
 * replayed in a later ceremony for the same artifact and policy while it is still valid: keep
 * validity windows short.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class ApprovalVerifier {
  private static final int HASH_BYTES = ApprovalStatement.HASH_BYTES;

  private final ApprovalPolicy policy;
  private final Clock clock;

  private ApprovalVerifier(ApprovalPolicy policy, Clock clock) {
    this.policy = policy;
    this.clock = clock;
  }

  /** A verifier for {@code policy} whose clock is {@link Clock#systemUTC()}. */
  public static ApprovalVerifier create(ApprovalPolicy policy) {
    return create(policy, Clock.systemUTC());
  }

  /** A verifier for {@code policy} that reads {@code clock} on each {@link #verify(List, String, byte[], byte[])}. */
  public static ApprovalVerifier create(ApprovalPolicy policy, Clock clock) {
    return new ApprovalVerifier(requireNonNull(policy, "policy"), requireNonNull(clock, "clock"));
  }

  /** The policy applied. */
  public ApprovalPolicy policy() {
    return policy;
  }

  /**
   * Verifies the approvals at the clock's current instant; see
   * {@link #verify(List, String, byte[], byte[], Instant)}.
   */
  public ApprovedQuorum verify(
      List<byte[]> envelopesJson, String artifactName, byte[] artifactSha256, byte[] teePolicyHash)
      throws ApprovalException {
    return verify(envelopesJson, artifactName, artifactSha256, teePolicyHash, clock.instant());
  }

  /**
   * Verifies that the envelopes hold approvals of {@code artifactName} with digest
   * {@code artifactSha256} for {@code teePolicyHash}, valid at {@code at}, from at least the
   * policy's quorum of distinct configured approvers.
   *
   * @param envelopesJson DSSE envelope JSON, each exactly as received (the order matters for
   *     {@link ApprovedQuorum#approvalsDigest()})
   * @throws ApprovalException when fewer than the quorum counted: with the code of the first
   *     discounted approval if the discounted ones explain the shortfall (counted plus discounted
   *     reach the quorum), else {@link ErrorCode#APPROVAL_QUORUM_NOT_MET}; the message and
   *     {@link ApprovalException#discounted()} list every discounted approval and its reason
   * @throws IllegalArgumentException if the digest or policy hash is not 32 bytes
   */
  public ApprovedQuorum verify(
      List<byte[]> envelopesJson,
      String artifactName,
      byte[] artifactSha256,
      byte[] teePolicyHash,
      Instant at)
      throws ApprovalException {
    return verify(envelopesJson, single(artifactName, artifactSha256), teePolicyHash, at);
  }

  /**
   * Verifies that the envelopes hold approvals of exactly the release {@code artifacts} for
   * {@code teePolicyHash}, valid at {@code at}, from at least the policy's quorum of distinct
   * configured approvers. An approval counts only if its subjects are the same set of (name,
   * SHA-256) pairs as {@code artifacts}, in any order: an approval of another list, of a subset,
   * of a superset or with one digest swapped is discounted as {@link
   * ErrorCode#APPROVAL_WRONG_DIGEST}.
   *
   * @param artifacts the release, 1 to {@link ArtifactDigest#MAX_ARTIFACTS} distinct names
   * @throws ApprovalException as {@link #verify(List, String, byte[], byte[], Instant)}
   * @throws IllegalArgumentException if the release list is invalid or the policy hash is not 32
   *     bytes
   * @since 0.2.0
   */
  public ApprovedQuorum verify(
      List<byte[]> envelopesJson,
      List<ArtifactDigest> artifacts,
      byte[] teePolicyHash,
      Instant at)
      throws ApprovalException {
    List<byte[]> envelopes = checkArguments(envelopesJson, artifacts, teePolicyHash, at);
    List<ArtifactDigest> release = List.copyOf(artifacts);
    QuorumEvaluation evaluation = QuorumEvaluation.evaluate(
        policy, envelopes, release, teePolicyHash, at);
    Optional<ErrorCode> failure = evaluation.failure();
    if (failure.isPresent()) {
      throw new ApprovalException(failure.get(), evaluation.failureMessage(),
          evaluation.discounted());
    }
    return new ApprovedQuorum(evaluation, ApprovedQuorum.approvalsDigestOf(envelopes), policy,
        release, teePolicyHash, at);
  }

  /** The one-artifact release, with the argument checks of the single-artifact methods. */
  static List<ArtifactDigest> single(String artifactName, byte[] artifactSha256) {
    requireNonNull(artifactName, "artifactName");
    requireNonNull(artifactSha256, "artifactSha256");
    if (artifactSha256.length != HASH_BYTES) {
      throw new IllegalArgumentException(
          "artifactSha256 must be " + HASH_BYTES + " bytes, got " + artifactSha256.length);
    }
    return List.of(ArtifactDigest.create(artifactName, artifactSha256));
  }

  /** Null and length checks shared with {@link ApprovalExplainer}; returns a snapshot of the list. */
  static List<byte[]> checkArguments(
      List<byte[]> envelopesJson,
      List<ArtifactDigest> artifacts,
      byte[] teePolicyHash,
      Instant at) {
    requireNonNull(envelopesJson, "envelopesJson");
    ArtifactDigest.checkRelease(artifacts);
    requireNonNull(teePolicyHash, "teePolicyHash");
    requireNonNull(at, "at");
    if (teePolicyHash.length != HASH_BYTES) {
      throw new IllegalArgumentException(
          "teePolicyHash must be " + HASH_BYTES + " bytes, got " + teePolicyHash.length);
    }
    // List.copyOf rejects null elements; the arrays are copied so later changes cannot race.
    return List.copyOf(envelopesJson).stream().map(byte[]::clone).toList();
  }
}

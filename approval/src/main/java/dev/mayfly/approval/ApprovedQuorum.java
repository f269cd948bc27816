package dev.mayfly.approval;

import static java.util.Objects.requireNonNull;

import dev.mayfly.approval.internal.Encodings;
import dev.mayfly.common.ArtifactDigest;
import dev.mayfly.common.internal.Sha256;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.List;

/**
 * Proof that a quorum of distinct configured approvers approved an artifact for a TEE policy at
 * an instant. Only {@link ApprovalVerifier} makes one.
 *
 * @since 0.1.0
 */
public final class ApprovedQuorum {
  private final List<Approval> counted;
  private final List<RejectedApproval> discounted;
  private final byte[] approvalsDigest;
  private final int quorum;
  private final byte[] policyDigest;
  private final List<ArtifactDigest> artifacts;
  private final byte[] teePolicyHash;
  private final Instant verifiedAt;

  ApprovedQuorum(
      QuorumEvaluation evaluation,
      byte[] approvalsDigest,
      ApprovalPolicy policy,
      List<ArtifactDigest> artifacts,
      byte[] teePolicyHash,
      Instant verifiedAt) {
    this.counted = evaluation.counted();
    this.discounted = evaluation.discounted();
    this.approvalsDigest = approvalsDigest.clone();
    this.quorum = policy.quorum();
    this.policyDigest = policy.digest();
    this.artifacts = List.copyOf(artifacts);
    this.teePolicyHash = teePolicyHash.clone();
    this.verifiedAt = verifiedAt;
  }

  /**
   * The approvals digest of {@code envelopesJson} (certificate extension {@code .4}, DESIGN.md
   * §5): SHA-256 over, for each envelope in the given order, its length as 4 bytes big-endian
   * followed by its JSON bytes exactly as supplied. Discounted envelopes are included.
   */
  public static byte[] approvalsDigestOf(List<byte[]> envelopesJson) {
    requireNonNull(envelopesJson, "envelopesJson");
    MessageDigest d = Sha256.newDigest();
    for (byte[] json : envelopesJson) {
      Encodings.updateLengthPrefixed(d, requireNonNull(json, "envelope"));
    }
    return d.digest();
  }

  /** The approvals that counted (distinct keys and ids), in input order. */
  public List<Approval> counted() {
    return counted;
  }

  /** The approvals that did not count, in input order, each with its code and reason. */
  public List<RejectedApproval> discounted() {
    return discounted;
  }

  /** A copy of {@link #approvalsDigestOf} over every envelope that was verified. */
  public byte[] approvalsDigest() {
    return approvalsDigest.clone();
  }

  /** The quorum the policy required. */
  public int quorum() {
    return quorum;
  }

  /** A copy of {@link ApprovalPolicy#digest()} of the policy that was applied. */
  public byte[] policyDigest() {
    return policyDigest.clone();
  }

  /**
   * The approved release, in the order the verifier was given it.
   *
   * @since 0.2.0
   */
  public List<ArtifactDigest> artifacts() {
    return artifacts;
  }

  /** The first approved artifact's name (the only one unless a release was approved). */
  public String artifactName() {
    return artifacts.get(0).name();
  }

  /** A copy of the first approved artifact's SHA-256 (see {@link #artifactName()}). */
  public byte[] artifactSha256() {
    return artifacts.get(0).sha256();
  }

  /** A copy of the TEE policy hash the approvals are for. */
  public byte[] teePolicyHash() {
    return teePolicyHash.clone();
  }

  /** The instant at which the approvals were valid. */
  public Instant verifiedAt() {
    return verifiedAt;
  }

  @Override
  public String toString() {
    return "ApprovedQuorum[" + counted.size() + " of quorum " + quorum + " for "
        + (artifacts.size() == 1 ? artifacts.get(0).name() : artifacts.size() + " artifacts")
        + ", " + discounted.size() + " discounted]";
  }
}

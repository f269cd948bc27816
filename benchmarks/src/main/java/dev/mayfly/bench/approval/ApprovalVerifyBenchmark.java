package dev.mayfly.bench.approval;

import dev.mayfly.approval.ApprovalException;
import dev.mayfly.approval.ApprovalPolicy;
import dev.mayfly.approval.ApprovalSigner;
import dev.mayfly.approval.ApprovalStatement;
import dev.mayfly.approval.ApprovalVerifier;
import dev.mayfly.approval.ApprovedQuorum;
import dev.mayfly.approval.ApproverSet;
import dev.mayfly.approval.keys.ApproverSigningKey;
import dev.mayfly.approval.keys.KeyAlgorithm;
import dev.mayfly.bench.BenchmarkDefaults;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * Quorum verification of approvals, as every party runs it before a ceremony: {@code quorum}
 * approvals from a set of {@code quorum + 2} approvers, all with keys of {@code algorithm}.
 * Compare with {@code BaselineBenchmark.bcEd25519SignVerify} from the same run.
 */
public class ApprovalVerifyBenchmark extends BenchmarkDefaults {
  @Param({"ed25519", "ecdsa-p256"})
  public String algorithm;

  @Param({"2", "5"})
  public int quorum;

  private ApprovalVerifier verifier;
  private List<byte[]> envelopes;
  private byte[] artifactSha256;
  private byte[] teePolicyHash;
  private Instant at;

  @Setup(Level.Trial)
  public void setUp() throws NoSuchAlgorithmException {
    MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
    artifactSha256 = sha256.digest(new byte[] {1});
    teePolicyHash = sha256.digest(new byte[] {2});
    at = Instant.parse("2026-11-24T12:00:00Z");
    KeyAlgorithm keyAlgorithm = KeyAlgorithm.fromId(algorithm);
    ApproverSet.Builder set = ApproverSet.builder();
    envelopes = new ArrayList<>();
    for (int i = 0; i < quorum + 2; i++) {
      try (ApproverSigningKey key = ApproverSigningKey.generate(keyAlgorithm)) {
        set.approver("approver-" + i, key.publicKey());
        if (i < quorum) {
          envelopes.add(ApprovalSigner.create(key).sign(ApprovalStatement.builder()
              .artifact("artifact.jar", artifactSha256)
              .approverId("approver-" + i)
              .changeRef("bench")
              .teePolicyHash(teePolicyHash)
              .validity(at.minus(Duration.ofHours(1)), at.plus(Duration.ofHours(1)))
              .build()).toJsonBytes());
        }
      }
    }
    verifier = ApprovalVerifier.create(
        ApprovalPolicy.builder().approvers(set.build()).quorum(quorum).build());
  }

  /** Parses and verifies every approval envelope and counts the quorum. */
  @Benchmark
  public ApprovedQuorum verifyQuorum() throws ApprovalException {
    return verifier.verify(envelopes, "artifact.jar", artifactSha256, teePolicyHash, at);
  }
}

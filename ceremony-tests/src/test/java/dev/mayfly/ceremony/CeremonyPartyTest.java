package dev.mayfly.ceremony;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mayfly.approval.ApprovalPolicy;
import dev.mayfly.approval.ApproverSet;
import dev.mayfly.approval.keys.ApproverSigningKey;
import dev.mayfly.approval.keys.KeyAlgorithm;
import dev.mayfly.cert.mint.GroupKeyAlgorithm;
import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.PartyId;
import dev.mayfly.simulation.ceremony.LocalCeremony;
import dev.mayfly.simulation.snp.SimulatedAuthority;
import dev.mayfly.simulation.snp.SimulatedEvidenceProvider;
import dev.mayfly.snp.abi.Product;
import dev.mayfly.snp.abi.TcbVersion;
import dev.mayfly.snp.validate.TeePolicy;
import dev.mayfly.transport.SessionId;
import dev.mayfly.transport.memory.InMemoryNetwork;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Building one party, and a party on its own when its peers never show up. */
class CeremonyPartyTest {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static SimulatedAuthority authority;
  private static TeePolicy policy;

  @BeforeAll
  static void setUp() {
    authority = SimulatedAuthority.generate(Product.MILAN, RANDOM, Instant.now());
    policy = TeePolicy.builder().products(List.of(Product.MILAN))
        .allowMeasurement(LocalCeremony.SIMULATED_MEASUREMENT).build();
  }

  @AfterAll
  static void tearDown() {
    authority.close();
  }

  private static SessionProposal proposal(GroupKeyAlgorithm algorithm) {
    ApproverSigningKey key = ApproverSigningKey.generate(KeyAlgorithm.ED25519, RANDOM);
    ApprovalPolicy approvals = ApprovalPolicy.builder()
        .approvers(ApproverSet.builder().approver("alice", key.publicKey()).build())
        .quorum(1).build();
    byte[] digest = Document.sha256(CeremonyTestSupport.SAMPLE);
    byte[] approval = dev.mayfly.approval.ApprovalSigner.create(key).sign(
        dev.mayfly.approval.ApprovalStatement.builder().artifact("a.txt", digest)
            .approverId("alice").changeRef("test").teePolicyHash(policy.hash())
            .validity(Instant.now().minusSeconds(3600), Instant.now().plusSeconds(3600))
            .random(RANDOM).build()).toJsonBytes();
    return SessionProposal.builder()
        .approvals(List.of(approval))
        .sessionId(SessionId.generate(RANDOM))
        .parties(List.of(PartyInfo.of(1), PartyInfo.of(2)))
        .threshold(2)
        .algorithm(algorithm)
        .artifact("a.txt", digest)
        .teePolicyHash(policy.hash())
        .approvalPolicy(approvals)
        .startTime(Instant.now())
        .build();
  }

  private static CeremonyParty.Builder party(SessionProposal proposal, InMemoryNetwork network) {
    return CeremonyParty.builder()
        .approvalPolicy(proposal.approvalPolicy())
        .proposal(proposal)
        .self(PartyId.of(1))
        .transport(network.transport(PartyId.of(1)))
        .teePolicy(policy)
        .evidenceProvider(SimulatedEvidenceProvider.builder(
                authority.newChip(new byte[64], TcbVersion.of(3, 0, 8, 115)))
            .measurement(LocalCeremony.SIMULATED_MEASUREMENT).build())
        .artifact(CeremonyTestSupport.SAMPLE);
  }

  @Test
  void build_partyNotInProposal_throwsIllegalArgument() {
    try (InMemoryNetwork network = InMemoryNetwork.builder().parties(3).build()) {
      SessionProposal proposal = proposal(GroupKeyAlgorithm.ED25519);
      assertThrows(IllegalArgumentException.class, () -> party(proposal, network)
          .self(PartyId.of(3)).transport(network.transport(PartyId.of(3))).build());
      assertThrows(IllegalArgumentException.class, () -> party(proposal, network)
          .transport(network.transport(PartyId.of(2))).build());
      assertThrows(IllegalStateException.class, () -> CeremonyParty.builder().build());
    }
  }

  @Test
  void build_rawModeWithoutArtifact_throwsIllegalArgument() {
    try (InMemoryNetwork network = InMemoryNetwork.builder().parties(2).build()) {
      SessionProposal proposal = proposal(GroupKeyAlgorithm.ED25519);
      CeremonyParty.Builder builder = CeremonyParty.builder()
          .proposal(proposal).approvalPolicy(proposal.approvalPolicy()).self(PartyId.of(1))
          .transport(network.transport(PartyId.of(1))).teePolicy(policy)
          .evidenceProvider(reportData -> { throw new AssertionError(); });
      assertThrows(IllegalArgumentException.class, builder::build);
      assertThrows(IllegalArgumentException.class, () -> builder.artifact(new byte[17])
          .options(CeremonyOptions.builder().rawArtifactMaxBytes(16).build()).build());
    }
  }

  @Test
  void run_peerNeverAnswers_timesOutReportingItAndDestroysSecrets() throws Exception {
    try (InMemoryNetwork network = InMemoryNetwork.builder().parties(2).build()) {
      CeremonyParty party = party(proposal(GroupKeyAlgorithm.ED25519), network)
          .options(CeremonyOptions.builder().phaseTimeouts(Duration.ofMillis(300))
              .abortWindow(Duration.ofMillis(300))
              .snpVerifyOptions(dev.mayfly.snp.verify.SnpVerifyOptions.builder()
                  .allowSimulatedEvidenceInsecure().build()).build())
          .build();
      CeremonyException e = assertThrows(CeremonyException.class, party::run);
      assertEquals(ErrorCode.TRANSPORT_TIMEOUT, e.code());
      // Silence proves nothing: the record names nobody and keeps the report.
      assertEquals(List.of(), e.culprits());
      assertEquals(List.of(new OutcomeRecord.Report(PartyId.of(1), ErrorCode.TRANSPORT_TIMEOUT,
          List.of(PartyId.of(2)), "hello/1")), e.record().reports());
      assertEquals(CeremonyPhase.HELLO, e.phase());
      assertTrue(party.secretCountForTest() >= 2);
      assertEquals(List.of(), party.aliveSecretsForTest());
      assertThrows(IllegalStateException.class, party::run);
    }
  }

  @Test
  void run_interrupted_throwsInterruptedAndDestroysSecrets() throws Exception {
    try (InMemoryNetwork network = InMemoryNetwork.builder().parties(2).build()) {
      CeremonyParty party = party(proposal(GroupKeyAlgorithm.ED25519), network)
          .options(CeremonyOptions.builder().phaseTimeouts(Duration.ofSeconds(60))
              .snpVerifyOptions(dev.mayfly.snp.verify.SnpVerifyOptions.builder()
                  .allowSimulatedEvidenceInsecure().build()).build())
          .progressListener(event -> { })
          .build();
      AtomicReference<Throwable> failure = new AtomicReference<>();
      Thread thread = new Thread(() -> {
        try {
          party.run();
        } catch (Throwable t) {
          failure.set(t);
        }
      });
      thread.start();
      Thread.sleep(500);
      thread.interrupt();
      thread.join(10_000);
      CeremonyException e = (CeremonyException) failure.get();
      assertEquals(ErrorCode.CEREMONY_INTERRUPTED, e.code());
      assertEquals(List.of(), party.aliveSecretsForTest());
    }
  }

}

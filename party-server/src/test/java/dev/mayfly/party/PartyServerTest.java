package dev.mayfly.party;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mayfly.ceremony.ArtifactMode;
import dev.mayfly.ceremony.PartyInfo;
import dev.mayfly.ceremony.PartyResult;
import dev.mayfly.ceremony.ProgressEvent;
import dev.mayfly.ceremony.SessionProposal;
import dev.mayfly.ceremony.internal.SimulationSupport;
import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.MayflyException;
import dev.mayfly.common.PartyId;
import dev.mayfly.party.internal.PartyChannel;
import dev.mayfly.party.internal.ProposalCodec;
import dev.mayfly.party.internal.SigningWire;
import dev.mayfly.simulation.ceremony.LocalCeremony;
import dev.mayfly.snp.verify.SnpVerifier;
import dev.mayfly.snp.verify.SnpVerifyOptions;
import dev.mayfly.transport.SessionId;
import dev.mayfly.transport.grpc.internal.PeerAttestation;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * Three {@link PartyServer}s in this JVM on loopback, with {@link SigningClient} and with a raw
 * channel for requests a well-behaved client never sends.
 */
// Beside the module's other test classes (pom.xml); the class-wide lock keeps its own tests one
// after another, since they share the three party servers (a second session finds them busy).
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock("PartyServerTest.servers")
class PartyServerTest {
  @TempDir
  static Path dir;

  private static Fixture fixture;
  private static List<PartyServer> servers;

  @BeforeAll
  static void start() throws Exception {
    fixture = new Fixture(dir, 3);
    servers = fixture.startServers(3);
  }

  @AfterAll
  static void stop() {
    servers.forEach(PartyServer::close);
  }

  @Test
  void sign_threeParties_verifiedOutputAndProgress() throws Exception {
    ConcurrentLinkedQueue<ProgressEvent> events = new ConcurrentLinkedQueue<>();
    try (SigningClient client = SigningClient.create(SignConfig.read(dir.resolve("sign.json")),
        events::add)) {
      SigningResult result = client.sign("artifact.txt", Fixture.ARTIFACT, fixture.approvals);
      assertEquals(List.of("artifact.txt.sig", "artifact.txt.crt.pem", "artifact.txt.pub.pem",
          "artifact.txt.sigstore.json", "artifact.txt.mayfly.json"),
          result.output().fileNames());
      assertTrue(result.verified().simulated());
      assertEquals(2, result.verified().threshold());
      result.outcomes().values().forEach(o ->
          assertEquals(PartyOutcome.Status.SIGNED, o.status()));
      // A second session over the same connections.
      client.sign("artifact.txt", Fixture.ARTIFACT, fixture.approvals);
    }
    assertTrue(events.stream().anyMatch(e -> e.party().equals(PartyId.of(3))
        && e.kind() == ProgressEvent.Kind.COMPLETED), events.toString());
  }

  @Test
  void sign_releaseOfThree_oneSessionVerifiesEveryArtifact() throws Exception {
    try (SigningClient client = SigningClient.create(SignConfig.read(dir.resolve("sign.json")))) {
      SigningResult result = client.sign(Fixture.RELEASE, fixture.releaseApprovals);
      assertEquals(List.of("lib-1.0.jar.sig", "lib-1.0.pom.sig", "lib-1.0-sources.jar.sig",
          "release.crt.pem", "release.pub.pem", "lib-1.0.jar.sigstore.json",
          "lib-1.0.pom.sigstore.json", "lib-1.0-sources.jar.sigstore.json",
          "release.mayfly.json"), result.output().fileNames());
      assertEquals(List.of("lib-1.0.jar", "lib-1.0.pom", "lib-1.0-sources.jar"),
          result.verifiedArtifacts().stream().map(v -> v.artifactName()).toList());
      // The approvals of the release do not approve one of its artifacts alone.
      SigningException e = assertThrows(SigningException.class, () ->
          client.sign(Fixture.RELEASE.subList(0, 1), fixture.releaseApprovals));
      assertEquals(ErrorCode.APPROVAL_WRONG_DIGEST, e.code());
    }
  }

  @Test
  void sign_releaseWithJar_writesASignedJarTheJdkVerifies() throws Exception {
    try (SigningClient client = SigningClient.create(SignConfig.read(dir.resolve("sign.json")))) {
      SigningResult result = client.sign(Fixture.RELEASE, fixture.releaseApprovals,
          java.util.Set.of("lib-1.0.jar"));
      byte[] signed = result.output().artifact("lib-1.0.jar").signedJar().orElseThrow();
      assertTrue(result.output().fileNames().contains("lib-1.0-signed.jar"));
      java.nio.file.Path file = java.nio.file.Files.write(dir.resolve("lib-1.0-signed.jar"),
          signed);
      int checked = 0;
      try (java.util.jar.JarFile jar = new java.util.jar.JarFile(file.toFile(), true)) {
        for (java.util.jar.JarEntry entry : java.util.Collections.list(jar.entries())) {
          if (entry.getName().startsWith("lib/")) {
            jar.getInputStream(entry).readAllBytes();
            assertTrue(entry.getCodeSigners() != null && entry.getCodeSigners().length == 1,
                entry.getName());
            checked++;
          }
        }
      }
      assertEquals(2, checked);
      // The pom is no JAR: a proposal to sign it as one is refused by every party alike.
      SigningException e = assertThrows(SigningException.class, () -> client.sign(
          Fixture.RELEASE, fixture.releaseApprovals, java.util.Set.of("lib-1.0.pom")));
      assertEquals(ErrorCode.CERT_JAR_MALFORMED, e.code());
      String record = e.outcomes().get(PartyId.of(1)).record().digestHex();
      e.outcomes().values().forEach(o -> assertEquals(record, o.record().digestHex()));
    }
  }

  @Test
  void sign_oneApprovalShort_allAgreeOnQuorumNotMet() throws Exception {
    try (SigningClient client = SigningClient.create(SignConfig.read(dir.resolve("sign.json")))) {
      SigningException e = assertThrows(SigningException.class, () ->
          client.sign("artifact.txt", Fixture.ARTIFACT, fixture.approvals.subList(0, 1)));
      assertEquals(ErrorCode.APPROVAL_QUORUM_NOT_MET, e.code());
      assertEquals(3, e.outcomes().size());
      String record = e.outcomes().get(PartyId.of(1)).record().digestHex();
      e.outcomes().values().forEach(o -> assertEquals(record, o.record().digestHex()));
    }
  }

  private static PartyChannel channel(int party) throws Exception {
    byte[] ark = SimulationSupport.find().orElseThrow().arkDer(dir.resolve("authority.bin"));
    PeerAttestation attestation = new PeerAttestation(fixture.policy, SnpVerifier.create(
        SnpVerifyOptions.builder().allowSimulatedEvidenceInsecure().build()), List.of(ark),
        false, Clock.systemUTC(), Duration.ofMinutes(1));
    PartyChannel channel = new PartyChannel(PartyId.of(party),
        new InetSocketAddress("127.0.0.1", fixture.clientPorts[party]), attestation);
    channel.connect(Duration.ofSeconds(20));
    return channel;
  }

  /** A proposal of parties {@code ids} that nobody but party 1 is told about. */
  private static SessionProposal proposal(int... ids) throws Exception {
    SessionProposal.Builder builder = SessionProposal.builder()
        .sessionId(SessionId.generate(new SecureRandom()))
        .threshold(2)
        .artifact("artifact.txt", MessageDigest.getInstance("SHA-256").digest(Fixture.ARTIFACT))
        .artifactMode(ArtifactMode.RAW)
        .teePolicyHash(fixture.policy.hash())
        .approvalPolicy(fixture.approvers)
        .approvals(fixture.approvals)
        .startTime(Instant.now());
    for (int id : ids) {
      builder.party(PartyInfo.of(id));
    }
    return builder.build();
  }

  private static MayflyException refusal(CompletableFuture<?> call) throws Exception {
    ExecutionException e = assertThrows(ExecutionException.class,
        () -> call.get(30, TimeUnit.SECONDS));
    return (MayflyException) e.getCause();
  }

  @Test
  void sign_requestsAPartyCannotRun_partyRequestInvalid() throws Exception {
    try (PartyChannel channel = channel(1)) {
      SessionProposal proposal = proposal(1, 2);
      byte[] encoded = ProposalCodec.encode(proposal);
      String hex = proposal.sessionId().toHex();
      MayflyException elsewhere = refusal(channel.sign(SigningWire.propose(PartyId.of(2),
          encoded, List.of((long) Fixture.ARTIFACT.length)), Fixture.ARTIFACT, hex, e -> { }, Duration.ofSeconds(30)));
      assertEquals(ErrorCode.PARTY_REQUEST_INVALID, elsewhere.code());
      assertEquals(List.of(PartyId.of(1)), elsewhere.culprits());
      MayflyException garbage = refusal(channel.sign(new byte[] {1, 9, 9}, new byte[0], hex,
          e -> { }, Duration.ofSeconds(30)));
      assertEquals(ErrorCode.PARTY_REQUEST_INVALID, garbage.code());
      MayflyException shortArtifact = refusal(channel.sign(SigningWire.propose(PartyId.of(1),
          encoded, List.of((long) Fixture.ARTIFACT.length + 5)), Fixture.ARTIFACT, hex, e -> { },
          Duration.ofSeconds(30)));
      assertEquals(ErrorCode.PARTY_REQUEST_INVALID, shortArtifact.code());
      byte[] tampered = encoded.clone();
      tampered[tampered.length - 1] ^= 1;
      MayflyException badProposal = refusal(channel.sign(SigningWire.propose(PartyId.of(1),
          tampered, List.of((long) Fixture.ARTIFACT.length)), Fixture.ARTIFACT, hex, e -> { },
          Duration.ofSeconds(30)));
      assertEquals(ErrorCode.PARTY_REQUEST_INVALID, badProposal.code());
    }
  }

  @Test
  void sign_beyondMaxConcurrentSessions_partyBusy() throws Exception {
    try (PartyChannel channel = channel(2)) {
      // Two sessions that party 2 alone is told about wait for their hellos (its limit is 2).
      List<CompletableFuture<PartyChannel.Answer>> waiting = new java.util.ArrayList<>();
      for (int i = 0; i < 2; i++) {
        SessionProposal proposal = proposal(1, 2);
        waiting.add(channel.sign(SigningWire.propose(PartyId.of(2),
            ProposalCodec.encode(proposal), List.of((long) Fixture.ARTIFACT.length)), Fixture.ARTIFACT,
            proposal.sessionId().toHex(), e -> { }, Duration.ofSeconds(30)));
      }
      Thread.sleep(500);
      SessionProposal third = proposal(1, 2);
      MayflyException busy = refusal(channel.sign(SigningWire.propose(PartyId.of(2),
          ProposalCodec.encode(third), List.of((long) Fixture.ARTIFACT.length)), Fixture.ARTIFACT,
          third.sessionId().toHex(), e -> { }, Duration.ofSeconds(30)));
      assertEquals(ErrorCode.PARTY_BUSY, busy.code());
      assertTrue(busy.isRetryable());
      for (CompletableFuture<PartyChannel.Answer> session : waiting) {
        PartyChannel.Answer answer = session.get(60, TimeUnit.SECONDS);
        assertTrue(answer.record() != null, "the waiting session aborts at its deadline");
      }
    }
  }

  @Test
  void checkAgreement_resultsOfTwoSessions_partyResultsDiffer() throws Exception {
    PartyResult first;
    PartyResult second;
    try (LocalCeremony ceremony = LocalCeremony.builder().parties(3).threshold(2)
        .artifact("a.txt", Fixture.ARTIFACT).build()) {
      first = ceremony.run().results().get(PartyId.of(1));
      second = ceremony.run().results().get(PartyId.of(2));
    }
    SigningException e = assertThrows(SigningException.class,
        () -> SigningClient.checkAgreement(List.of(first, second), Map.of()));
    assertEquals(ErrorCode.PARTY_RESULTS_DIFFER, e.code());
    assertEquals(List.of(PartyId.of(2)), e.culprits());
    SigningClient.checkAgreement(List.of(first, first), Map.of());
    assertFalse(e.isRetryable());
  }
}

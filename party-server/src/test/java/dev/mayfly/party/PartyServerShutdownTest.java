package dev.mayfly.party;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mayfly.ceremony.ArtifactMode;
import dev.mayfly.ceremony.OutcomeRecord;
import dev.mayfly.ceremony.PartyInfo;
import dev.mayfly.ceremony.SessionProposal;
import dev.mayfly.ceremony.internal.SimulationSupport;
import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.PartyId;
import dev.mayfly.party.internal.PartyChannel;
import dev.mayfly.party.internal.ProposalCodec;
import dev.mayfly.party.internal.SigningWire;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link PartyServer#close()} with a session in flight: it aborts, tells the client, stops. */
class PartyServerShutdownTest {
  @TempDir
  Path dir;

  @Test
  void close_sessionInFlight_abortsItWithInterruptedAndStops() throws Exception {
    Fixture fixture = new Fixture(dir, 2);
    PartyServer party = PartyServer.start(PartyConfig.read(dir.resolve("party1.json")));
    byte[] ark = SimulationSupport.find().orElseThrow().arkDer(dir.resolve("authority.bin"));
    PeerAttestation attestation = new PeerAttestation(fixture.policy, SnpVerifier.create(
        SnpVerifyOptions.builder().allowSimulatedEvidenceInsecure().build()), List.of(ark),
        false, Clock.systemUTC(), Duration.ofMinutes(1));
    try (PartyChannel channel = new PartyChannel(PartyId.of(1),
        new InetSocketAddress("127.0.0.1", fixture.clientPorts[1]), attestation)) {
      channel.connect(Duration.ofSeconds(20));
      // Party 2 is never started: party 1 waits for its hello until it is stopped.
      SessionProposal proposal = SessionProposal.builder()
          .sessionId(SessionId.generate(new SecureRandom()))
          .parties(List.of(PartyInfo.of(1), PartyInfo.of(2)))
          .threshold(2)
          .artifact("artifact.txt", MessageDigest.getInstance("SHA-256")
              .digest(Fixture.ARTIFACT))
          .artifactMode(ArtifactMode.RAW)
          .teePolicyHash(fixture.policy.hash())
          .approvalPolicy(fixture.approvers)
          .approvals(fixture.approvals)
          .startTime(Instant.now())
          .build();
      CompletableFuture<PartyChannel.Answer> answer = channel.sign(SigningWire.propose(
          PartyId.of(1), ProposalCodec.encode(proposal), List.of((long) Fixture.ARTIFACT.length)),
          Fixture.ARTIFACT, proposal.sessionId().toHex(), e -> { }, Duration.ofSeconds(60));
      Thread.sleep(1000);
      long start = System.nanoTime();
      party.close();
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      // The grace (1 s), then the interrupted session's abort (window 2 s), then the node.
      assertTrue(took.compareTo(Duration.ofSeconds(15)) < 0, "close took " + took);
      PartyChannel.Answer aborted = answer.get(10, TimeUnit.SECONDS);
      assertNotNull(aborted.record(), "the client is told the session aborted");
      OutcomeRecord record = OutcomeRecord.decode(aborted.record(), PartyId.of(1));
      // Interrupted while receiving, or while sending (the transport then says it is closed).
      assertTrue(record.code() == ErrorCode.CEREMONY_INTERRUPTED
          || record.code() == ErrorCode.TRANSPORT_CLOSED, record.toString());
      assertTrue(party.node().isClosed());
      assertEquals(1, party.sessionCounts()[1]);
    } finally {
      party.close();
    }
  }
}

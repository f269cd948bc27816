package dev.mayfly.transport.grpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.MayflyException;
import dev.mayfly.common.PartyId;
import dev.mayfly.simulation.snp.SimulatedAuthority;
import dev.mayfly.simulation.snp.SimulatedEvidenceProvider;
import dev.mayfly.snp.evidence.Evidence;
import dev.mayfly.snp.evidence.EvidenceProvider;
import dev.mayfly.transport.SessionId;
import dev.mayfly.transport.Transport;
import dev.mayfly.transport.TransportException;
import dev.mayfly.transport.grpc.internal.TlsBinding;
import dev.mayfly.transport.grpc.internal.TlsKeyPair;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Peers with bad TLS evidence cannot open a connection: the honest node refuses them during the
 * handshake (before any call), in both directions, and says why with a typed code. Each test
 * builds two nodes on loopback, the second one hostile in one way.
 */
class AttestedTlsAttackTest {
  private static final PartyId ONE = PartyId.of(1);
  private static final PartyId TWO = PartyId.of(2);
  private static final List<PartyId> BOTH = List.of(ONE, TWO);
  // The bound of a call, not a wait: every refusal here ends its call in the handshake. Ten
  // seconds, because the build runs this module beside the ceremony tests on two cores, where a
  // first handshake took over two (TRANSPORT_PEER_UNREACHABLE instead of the refusal's code).
  private static final Duration SHORT = Duration.ofSeconds(10);

  private final List<AutoCloseable> closeables = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable closeable : closeables) {
      closeable.close();
    }
  }

  private Cluster cluster(BiFunction<PartyId, GrpcPartyNode.Builder, GrpcPartyNode.Builder> tweak)
      throws Exception {
    Cluster cluster = Cluster.start(BOTH, (party, builder) -> tweak.apply(party,
        builder.callTimeout(SHORT)));
    closeables.add(cluster);
    return cluster;
  }

  /** Party TWO uses {@code evidence}; party ONE is honest. */
  private Cluster withHostileTwo(EvidenceProvider evidence) throws Exception {
    return cluster((party, b) -> party.equals(TWO) ? b.evidenceProvider(evidence) : b);
  }

  private static TransportException sendFails(GrpcPartyNode from, PartyId to) throws Exception {
    SessionId session = SessionId.generate(Simulation.RANDOM);
    Transport transport = from.openSession(session, BOTH);
    try {
      return assertThrows(TransportException.class, () ->
          transport.send(TestEnvelopes.direct(session, from.self(), to, new byte[] {1})));
    } finally {
      transport.close();
    }
  }

  private static PeerRefusal onlyRefusal(GrpcPartyNode node, Direction direction) {
    List<PeerRefusal> refusals = node.recentRefusals().stream()
        .filter(r -> r.direction() == direction).toList();
    assertFalse(refusals.isEmpty(), "no " + direction + " refusal at " + node.self());
    PeerRefusal refusal = refusals.get(0);
    assertEquals(PeerRefusal.Stage.HANDSHAKE, refusal.stage());
    refusals.forEach(r -> assertEquals(refusal.code(), r.code()));
    return refusal;
  }

  private static Optional<ErrorCode> causeCode(Throwable e) {
    for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
      if (t instanceof MayflyException m && !m.code().name().startsWith("TRANSPORT_")) {
        return Optional.of(m.code());
      }
    }
    return Optional.empty();
  }

  private static void assertOutboundRefusal(GrpcPartyNode one, ErrorCode code,
      Optional<ErrorCode> attestationCode) throws Exception {
    TransportException e = sendFails(one, TWO);
    assertEquals(code, e.code());
    assertEquals(List.of(TWO), e.culprits());
    assertFalse(e.isRetryable());
    assertEquals(attestationCode, causeCode(e));
    PeerRefusal refusal = onlyRefusal(one, Direction.OUTBOUND);
    assertEquals(Optional.of(TWO), refusal.party());
    assertEquals(code, refusal.code());
    assertEquals(attestationCode, refusal.attestationCode());
    assertTrue(one.attestedPeer(TWO).isEmpty());
  }

  private static void assertInboundRefusal(Cluster cluster, ErrorCode code,
      Optional<ErrorCode> attestationCode) throws Exception {
    TransportException e = sendFails(cluster.node(TWO), ONE);
    assertEquals(List.of(ONE), e.culprits());
    PeerRefusal refusal = onlyRefusal(cluster.node(ONE), Direction.INBOUND);
    assertEquals(Optional.empty(), refusal.party());
    assertEquals(code, refusal.code());
    assertEquals(attestationCode, refusal.attestationCode());
    assertEquals(0, cluster.node(ONE).stats().framesDelivered()
        + cluster.node(ONE).stats().framesBuffered());
  }

  @Test
  void honestPeers_connect_andRecordWhatTheirEvidenceProved() throws Exception {
    Cluster cluster = cluster((party, b) -> b);
    SessionId session = SessionId.generate(Simulation.RANDOM);
    Transport one = cluster.node(ONE).openSession(session, BOTH);
    Transport two = cluster.node(TWO).openSession(session, BOTH);
    one.send(TestEnvelopes.direct(session, ONE, TWO, new byte[] {7}));
    assertEquals(ONE, two.receive(Duration.ofSeconds(5)).origin());

    AttestedPeer seenByOne = cluster.node(ONE).attestedPeer(TWO).orElseThrow();
    assertEquals(Direction.OUTBOUND, seenByOne.direction());
    assertArrayEquals(cluster.node(TWO).tlsKeySha256(), seenByOne.tlsKeySha256());
    assertArrayEquals(cluster.node(TWO).certificateSha256(), seenByOne.certificateSha256());
    assertArrayEquals(Simulation.chip(TWO).chipId(), seenByOne.chipId());
    assertTrue(seenByOne.isSimulated());
    assertArrayEquals(Simulation.POLICY.hash(), seenByOne.report().policyHash());
    AttestedPeer seenByTwo = cluster.node(TWO).attestedPeer(ONE).orElseThrow();
    assertEquals(Direction.INBOUND, seenByTwo.direction());
    assertArrayEquals(cluster.node(ONE).tlsKeySha256(), seenByTwo.tlsKeySha256());
    assertEquals(List.of(), cluster.node(ONE).recentRefusals());
    assertEquals(List.of(), cluster.node(TWO).recentRefusals());
  }

  @Test
  void reportBoundToAnotherTlsKey_isRefusedInTheHandshake_bothWays() throws Exception {
    TlsKeyPair other = TlsKeyPair.generate(Simulation.RANDOM);
    EvidenceProvider honest = Simulation.evidence(TWO);
    Cluster cluster = withHostileTwo(reportData -> honest.getEvidence(
        TlsBinding.reportData(other.subjectPublicKeyInfo(), Simulation.POLICY.hash())));
    Optional<ErrorCode> mismatch = Optional.of(ErrorCode.SNP_REPORT_DATA_MISMATCH);
    assertOutboundRefusal(cluster.node(ONE), ErrorCode.TRANSPORT_PEER_NOT_ATTESTED, mismatch);
    assertInboundRefusal(cluster, ErrorCode.TRANSPORT_PEER_NOT_ATTESTED, mismatch);
  }

  @Test
  void anotherTeePolicyHash_isRefusedInTheHandshake_bothWays() throws Exception {
    Cluster cluster = cluster((party, b) ->
        party.equals(TWO) ? b.teePolicy(Simulation.OTHER_POLICY) : b);
    assertNotEquals(List.of(Simulation.POLICY.hashHex()),
        List.of(Simulation.OTHER_POLICY.hashHex()));
    assertOutboundRefusal(cluster.node(ONE), ErrorCode.TRANSPORT_POLICY_HASH_MISMATCH, Optional.empty());
    // TWO, connecting to ONE, refuses ONE's certificate itself: it pins the other hash.
    TransportException e = sendFails(cluster.node(TWO), ONE);
    assertEquals(ErrorCode.TRANSPORT_POLICY_HASH_MISMATCH, e.code());
    assertEquals(List.of(ONE), e.culprits());
  }

  @Test
  void vcekOfAnotherSimulatedAuthority_isRefused() throws Exception {
    EvidenceProvider forged = SimulatedEvidenceProvider.builder(
        Simulation.forger().newChip(Simulation.chipId(TWO.value()), Simulation.TCB)).build();
    Cluster cluster = withHostileTwo(forged);
    Optional<ErrorCode> untrusted = Optional.of(ErrorCode.SNP_ROOT_UNTRUSTED);
    assertOutboundRefusal(cluster.node(ONE), ErrorCode.TRANSPORT_PEER_NOT_ATTESTED, untrusted);
    assertInboundRefusal(cluster, ErrorCode.TRANSPORT_PEER_NOT_ATTESTED, untrusted);
  }

  @Test
  void forgedVcekPresentedWithTheTrustedChain_isRefused() throws Exception {
    EvidenceProvider forgedChip = SimulatedEvidenceProvider.builder(
        Simulation.forger().newChip(Simulation.chipId(TWO.value()), Simulation.TCB)).build();
    SimulatedAuthority trusted = Simulation.trusted();
    Cluster cluster = withHostileTwo(reportData -> {
      Evidence evidence = forgedChip.getEvidence(reportData);
      return Evidence.of(evidence.reportBytes(), List.of(evidence.certificateChain().get(0),
          trusted.askDer(), trusted.arkDer()));
    });
    assertOutboundRefusal(cluster.node(ONE), ErrorCode.TRANSPORT_PEER_NOT_ATTESTED,
        Optional.of(ErrorCode.SNP_CERT_SIGNATURE_INVALID));
  }

  @Test
  void expiredVcek_isRefused() throws Exception {
    try (SimulatedAuthority old = Simulation.expiredAuthority()) {
      EvidenceProvider expired = SimulatedEvidenceProvider.builder(
          old.newChip(Simulation.chipId(TWO.value()), Simulation.TCB)).build();
      // ONE trusts the old root too, so the refusal is the expiry and nothing else.
      Cluster cluster = cluster((party, b) -> party.equals(TWO)
          ? b.evidenceProvider(expired).trustSimulatedRootInsecure(old.arkDer())
          : b.trustSimulatedRootInsecure(old.arkDer()));
      assertOutboundRefusal(cluster.node(ONE), ErrorCode.TRANSPORT_PEER_NOT_ATTESTED,
          Optional.of(ErrorCode.SNP_CERT_OUTSIDE_VALIDITY));
    }
  }

  @Test
  void serverWithoutEvidence_isRefused() throws Exception {
    Server rogue = Rogue.server(Rogue.withoutEvidence(TWO, Simulation.POLICY.hash()), h -> h);
    closeables.add(() -> rogue.shutdownNow().awaitTermination(5, TimeUnit.SECONDS));
    GrpcPartyNode one = Simulation.node(ONE).peer(TWO, Rogue.address(rogue))
        .callTimeout(SHORT).start();
    closeables.add(one);
    assertOutboundRefusal(one, ErrorCode.TRANSPORT_PEER_NOT_ATTESTED, Optional.empty());
    assertTrue(onlyRefusal(one, Direction.OUTBOUND).detail().contains("no evidence"));
  }

  @Test
  void clientWithoutEvidence_isRefused() throws Exception {
    GrpcPartyNode one = Simulation.node(ONE).peer(TWO, Cluster.addresses(List.of(TWO)).get(TWO))
        .start();
    closeables.add(one);
    ManagedChannel rogue = Rogue.client(Rogue.withoutEvidence(TWO, Simulation.POLICY.hash()),
        one.localAddress());
    closeables.add(() -> rogue.shutdownNow().awaitTermination(5, TimeUnit.SECONDS));
    Rogue.Result result = Rogue.deliver(rogue, Rogue.headers(TWO, ONE, Simulation.POLICY.hash()),
        new byte[] {1});
    assertEquals(Status.Code.UNAVAILABLE, result.status().getCode());
    PeerRefusal refusal = onlyRefusal(one, Direction.INBOUND);
    assertEquals(ErrorCode.TRANSPORT_PEER_NOT_ATTESTED, refusal.code());
    assertEquals(Optional.empty(), refusal.attestationCode());
    assertEquals(0, one.stats().framesBuffered());
  }
}

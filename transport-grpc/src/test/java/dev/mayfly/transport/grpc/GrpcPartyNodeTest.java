package dev.mayfly.transport.grpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.PartyId;
import dev.mayfly.transport.Envelope;
import dev.mayfly.transport.Frame;
import dev.mayfly.transport.IdentityKeyPair;
import dev.mayfly.transport.PeerDirectory;
import dev.mayfly.transport.RoundSchedule;
import dev.mayfly.transport.RoundTag;
import dev.mayfly.transport.SessionChannel;
import dev.mayfly.transport.SessionId;
import dev.mayfly.transport.Transport;
import dev.mayfly.transport.TransportException;
import dev.mayfly.transport.VerifiedEnvelope;
import dev.mayfly.transport.grpc.internal.Wire;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The party node: routing by session, bounded early buffers, limits, health, lifecycle. */
class GrpcPartyNodeTest {
  private static final PartyId ONE = PartyId.of(1);
  private static final PartyId TWO = PartyId.of(2);
  private static final PartyId THREE = PartyId.of(3);
  private static final List<PartyId> ALL = List.of(ONE, TWO, THREE);
  private static final Duration WAIT = Duration.ofSeconds(10);

  private final List<AutoCloseable> closeables = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable closeable : closeables) {
      closeable.close();
    }
  }

  private Cluster cluster(List<PartyId> parties) throws Exception {
    return cluster(parties, b -> b);
  }

  private Cluster cluster(List<PartyId> parties,
      java.util.function.UnaryOperator<GrpcPartyNode.Builder> tweak) throws Exception {
    Cluster cluster = Cluster.start(parties, (party, builder) -> tweak.apply(builder));
    closeables.add(cluster);
    return cluster;
  }

  private static SessionId newSession() {
    return SessionId.generate(Simulation.RANDOM);
  }

  @Test
  void framesBeforeOpen_areBufferedAndHandedToTheSession() throws Exception {
    Cluster cluster = cluster(List.of(ONE, TWO));
    SessionId session = newSession();
    Envelope early = TestEnvelopes.direct(session, ONE, TWO, new byte[] {1, 2});
    cluster.node(ONE).openSession(session, List.of(ONE, TWO)).send(early);
    assertEquals(1, cluster.node(TWO).stats().framesBuffered());

    Transport two = cluster.node(TWO).openSession(session, List.of(ONE, TWO));
    Frame frame = two.receive(WAIT);
    assertEquals(ONE, frame.origin());
    assertArrayEquals(early.encode(), frame.bytes());
    assertEquals(0, cluster.node(TWO).stats().bufferedBytes());
  }

  @Test
  void pendingFrames_olderThanTheTimeout_areDroppedAndCounted() throws Exception {
    Cluster cluster = cluster(List.of(ONE, TWO), b -> b.pendingTimeout(Duration.ofMillis(50)));
    SessionId session = newSession();
    cluster.node(ONE).openSession(session, List.of(ONE, TWO))
        .send(TestEnvelopes.direct(session, ONE, TWO, new byte[] {1}));
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (cluster.node(TWO).stats().framesDropped() == 0 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertEquals(1, cluster.node(TWO).stats().framesDropped());
    Transport two = cluster.node(TWO).openSession(session, List.of(ONE, TWO));
    TransportException e = assertThrows(TransportException.class,
        () -> two.receive(Duration.ofMillis(200)));
    assertEquals(ErrorCode.TRANSPORT_TIMEOUT, e.code());
  }

  @Test
  void pendingFrames_overThePerSessionBound_areRefusedToTheSender() throws Exception {
    Cluster cluster = cluster(List.of(ONE, TWO), b -> b.maxFramesPerSession(2));
    SessionId session = newSession();
    Transport one = cluster.node(ONE).openSession(session, List.of(ONE, TWO));
    one.send(TestEnvelopes.direct(session, ONE, TWO, new byte[] {1}));
    one.send(TestEnvelopes.direct(session, ONE, TWO, new byte[] {2}));
    TransportException e = assertThrows(TransportException.class,
        () -> one.send(TestEnvelopes.direct(session, ONE, TWO, new byte[] {3})));
    assertEquals(ErrorCode.TRANSPORT_PEER_UNREACHABLE, e.code());
    assertTrue(e.isRetryable());
    assertEquals(List.of(TWO), e.culprits());
    assertEquals(1, cluster.node(TWO).stats().framesRefused());
    Transport two = cluster.node(TWO).openSession(session, List.of(ONE, TWO));
    assertEquals(1, Envelope.decode(two.receive(WAIT).bytes()).payload()[0]);
    assertEquals(2, Envelope.decode(two.receive(WAIT).bytes()).payload()[0]);
    assertEquals(ErrorCode.TRANSPORT_TIMEOUT, assertThrows(TransportException.class,
        () -> two.receive(Duration.ofMillis(200))).code());
  }

  @Test
  void closingOneSession_leavesTheOthers_andDropsItsLateFrames() throws Exception {
    Cluster cluster = cluster(List.of(ONE, TWO));
    SessionId first = newSession();
    SessionId second = newSession();
    Transport oneFirst = cluster.node(ONE).openSession(first, List.of(ONE, TWO));
    Transport oneSecond = cluster.node(ONE).openSession(second, List.of(ONE, TWO));
    Transport twoFirst = cluster.node(TWO).openSession(first, List.of(ONE, TWO));
    Transport twoSecond = cluster.node(TWO).openSession(second, List.of(ONE, TWO));

    twoFirst.close();
    oneFirst.send(TestEnvelopes.direct(first, ONE, TWO, new byte[] {1}));
    Envelope kept = TestEnvelopes.direct(second, ONE, TWO, new byte[] {2});
    oneSecond.send(kept);
    assertArrayEquals(kept.encode(), twoSecond.receive(WAIT).bytes());
    assertEquals(1, cluster.node(TWO).stats().framesDropped());
    assertThrows(IllegalStateException.class,
        () -> cluster.node(TWO).openSession(first, List.of(ONE, TWO)));
    assertThrows(IllegalStateException.class,
        () -> cluster.node(TWO).openSession(second, List.of(ONE, TWO)));
  }

  @Test
  void frameFromAPartyOutsideTheSession_isRefused() throws Exception {
    Cluster cluster = cluster(ALL);
    SessionId session = newSession();
    cluster.node(TWO).openSession(session, List.of(ONE, TWO));
    Transport three = cluster.node(THREE).openSession(session, ALL);
    TransportException e = assertThrows(TransportException.class,
        () -> three.send(TestEnvelopes.direct(session, THREE, TWO, new byte[] {1})));
    assertEquals(ErrorCode.TRANSPORT_UNKNOWN_SENDER, e.code());
    assertEquals(List.of(TWO), e.culprits());
  }

  @Test
  void sessions_runConcurrently_overOneConnectionPerPeer() throws Exception {
    Cluster cluster = cluster(ALL);
    int sessions = 12;
    RoundTag round = RoundTag.of("mux", 1);
    RoundTag direct = RoundTag.of("mux", 2);
    ExecutorService pool = Executors.newFixedThreadPool(sessions * ALL.size());
    try {
      List<Future<byte[]>> results = new ArrayList<>();
      for (int s = 0; s < sessions; s++) {
        SessionId session = newSession();
        Map<PartyId, IdentityKeyPair> keys = new LinkedHashMap<>();
        ALL.forEach(p -> keys.put(p, IdentityKeyPair.generate(Simulation.RANDOM)));
        for (PartyId party : ALL) {
          PeerDirectory directory = PeerDirectory.create(Set.copyOf(ALL));
          keys.forEach((p, key) -> directory.pin(p, key.publicKey()));
          SessionChannel channel = SessionChannel.builder()
              .transport(cluster.node(party).openSession(session, ALL))
              .identityKey(keys.get(party))
              .sessionId(session)
              .policyHash(Simulation.POLICY.hash())
              .directory(directory)
              .schedule(RoundSchedule.of(round, direct))
              .build();
          Set<PartyId> peers = new TreeSet<>(ALL);
          peers.remove(party);
          byte[] mine = session.bytes();
          results.add(pool.submit(() -> {
            channel.broadcast(round, mine);
            SortedMap<PartyId, VerifiedEnvelope> got = channel.collect(round, peers, WAIT);
            for (VerifiedEnvelope envelope : got.values()) {
              assertArrayEquals(mine, envelope.payload());
            }
            for (PartyId peer : peers) {
              channel.send(peer, direct, new byte[] {(byte) party.value()});
            }
            channel.collect(direct, peers, WAIT)
                .forEach((from, e) -> assertArrayEquals(new byte[] {(byte) from.value()},
                    e.payload()));
            return mine;
          }));
        }
      }
      for (Future<byte[]> result : results) {
        result.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    for (PartyId party : ALL) {
      GrpcNodeStats stats = cluster.node(party).stats();
      // One connection to and one from each peer, each attested once.
      assertEquals(4, stats.handshakesVerified(), party + ": " + stats);
      assertEquals(sessions * 4L, stats.framesDelivered() + stats.framesBuffered());
    }
  }

  @Test
  void largestEnvelope_isDelivered_andOneByteMoreIsRefused() throws Exception {
    Cluster cluster = cluster(List.of(ONE, TWO));
    SessionId session = newSession();
    byte[] payload = new byte[Envelope.MAX_PAYLOAD_BYTES];
    Simulation.RANDOM.nextBytes(payload);
    Envelope largest;
    try (IdentityKeyPair key = IdentityKeyPair.generate(Simulation.RANDOM)) {
      largest = Envelope.builder().sessionId(session).tag(RoundTag.of("x".repeat(32), 1))
          .sender(ONE).recipient(TWO).sequence(0).policyHash(Simulation.POLICY.hash())
          .payload(payload).sign(key);
    }
    assertEquals(Envelope.MAX_ENCODED_BYTES, largest.encodedLength());
    Transport two = cluster.node(TWO).openSession(session, List.of(ONE, TWO));
    cluster.node(ONE).openSession(session, List.of(ONE, TWO)).send(largest);
    assertTrue(Arrays.equals(largest.encode(), two.receive(WAIT).bytes()));

    ManagedChannel rogue = Rogue.client(Rogue.attested(THREE, Simulation.POLICY.hash()),
        cluster.node(TWO).localAddress());
    closeables.add(() -> rogue.shutdownNow().awaitTermination(5, TimeUnit.SECONDS));
    byte[] tooLarge = Arrays.copyOf(largest.encode(), Wire.MAX_REQUEST_BYTES + 1);
    Rogue.Result result = Rogue.deliver(rogue,
        Rogue.headers(ONE, TWO, Simulation.POLICY.hash()), tooLarge);
    assertEquals(Status.Code.RESOURCE_EXHAUSTED, result.status().getCode());
  }

  @Test
  void bytesThatAreNoEnvelope_areInvalidArgument() throws Exception {
    Cluster cluster = cluster(List.of(ONE, TWO));
    ManagedChannel rogue = Rogue.client(Rogue.attested(ONE, Simulation.POLICY.hash()),
        cluster.node(TWO).localAddress());
    closeables.add(() -> rogue.shutdownNow().awaitTermination(5, TimeUnit.SECONDS));
    Rogue.Result result = Rogue.deliver(rogue,
        Rogue.headers(ONE, TWO, Simulation.POLICY.hash()), new byte[] {1, 2, 3});
    assertEquals(Status.Code.INVALID_ARGUMENT, result.status().getCode());
    assertEquals(ErrorCode.TRANSPORT_MALFORMED_ENVELOPE.name(), result.errorCode());
    assertEquals(1, cluster.node(TWO).stats().framesRefused());
  }

  @Test
  void health_servesWhileOpen_andAPeerThatStoppedIsUnreachable() throws Exception {
    Cluster cluster = cluster(ALL, b -> b.callTimeout(Duration.ofSeconds(1)));
    cluster.node(ONE).awaitPeers(WAIT);
    assertTrue(cluster.node(ONE).isPeerServing(TWO, WAIT));
    cluster.node(TWO).close();
    TransportException e = assertThrows(TransportException.class,
        () -> cluster.node(ONE).isPeerServing(TWO, Duration.ofMillis(500)));
    assertEquals(ErrorCode.TRANSPORT_PEER_UNREACHABLE, e.code());
    assertTrue(e.isRetryable());
    assertEquals(List.of(TWO), e.culprits());
  }

  @Test
  void broadcast_toAStoppedPeer_reachesTheOthers_andNamesIt() throws Exception {
    Cluster cluster = cluster(ALL, b -> b.callTimeout(Duration.ofSeconds(1)));
    SessionId session = newSession();
    Transport one = cluster.node(ONE).openSession(session, ALL);
    Transport two = cluster.node(TWO).openSession(session, ALL);
    cluster.node(THREE).close();
    Envelope envelope = TestEnvelopes.broadcast(session, ONE, new byte[] {9});
    TransportException e = assertThrows(TransportException.class, () -> one.broadcast(envelope));
    assertEquals(ErrorCode.TRANSPORT_PEER_UNREACHABLE, e.code());
    assertEquals(List.of(THREE), e.culprits());
    assertArrayEquals(envelope.encode(), two.receive(WAIT).bytes());
  }

  @Test
  void close_endsOpenSessions_andEveryCallFailsWithClosed() throws Exception {
    Cluster cluster = cluster(List.of(ONE, TWO));
    GrpcPartyNode one = cluster.node(ONE);
    Transport transport = one.openSession(newSession(), List.of(ONE, TWO));
    one.close();
    one.close();
    assertTrue(one.isClosed());
    assertTrue(transport.isClosed());
    assertEquals(ErrorCode.TRANSPORT_CLOSED, assertThrows(TransportException.class,
        () -> transport.receive(WAIT)).code());
    assertEquals(ErrorCode.TRANSPORT_CLOSED, assertThrows(TransportException.class,
        () -> one.openSession(newSession(), List.of(ONE, TWO))).code());
    assertEquals(ErrorCode.TRANSPORT_CLOSED, assertThrows(TransportException.class,
        () -> one.isPeerServing(TWO, WAIT)).code());
  }

  @Test
  void listenAddressInUse_isListenFailed() throws Exception {
    Cluster cluster = cluster(List.of(ONE, TWO));
    InetSocketAddress taken = cluster.node(ONE).localAddress();
    TransportException e = assertThrows(TransportException.class, () ->
        Simulation.node(ONE).listenAddress(taken).peer(TWO, cluster.node(TWO).localAddress())
            .start());
    assertEquals(ErrorCode.TRANSPORT_LISTEN_FAILED, e.code());
    assertFalse(e.isRetryable());
  }

  @Test
  void refreshCertificate_presentsANewCertificate_forTheSameKey() throws Exception {
    Cluster cluster = cluster(ALL);
    GrpcPartyNode two = cluster.node(TWO);
    byte[] key = two.tlsKeySha256();
    byte[] before = two.certificateSha256();
    two.refreshCertificate();
    assertFalse(Arrays.equals(before, two.certificateSha256()));
    assertArrayEquals(key, two.tlsKeySha256());
    assertTrue(cluster.node(THREE).isPeerServing(TWO, WAIT));
    AttestedPeer seen = cluster.node(THREE).attestedPeer(TWO).orElseThrow();
    assertArrayEquals(two.certificateSha256(), seen.certificateSha256());
    assertArrayEquals(key, seen.tlsKeySha256());
  }

  @Test
  void scheduledRefresh_andConnectionAge_reattestThePeer() throws Exception {
    Cluster cluster = cluster(List.of(ONE, TWO),
        b -> b.reportRefreshInterval(Duration.ofSeconds(1)));
    GrpcPartyNode one = cluster.node(ONE);
    assertTrue(one.isPeerServing(TWO, WAIT));
    byte[] first = one.attestedPeer(TWO).orElseThrow().certificateSha256();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    byte[] seen = first;
    while (Arrays.equals(first, seen) && System.nanoTime() < deadline) {
      Thread.sleep(200);
      assertTrue(one.isPeerServing(TWO, WAIT));
      seen = one.attestedPeer(TWO).orElseThrow().certificateSha256();
    }
    // TWO refreshed its certificate and its server recycled the connection, so ONE's next
    // handshake checked the new certificate: same key, fresh evidence. (With TLS session
    // resumption the new connection would have skipped the certificate and this check.)
    assertFalse(Arrays.equals(first, seen));
    assertArrayEquals(cluster.node(TWO).tlsKeySha256(),
        one.attestedPeer(TWO).orElseThrow().tlsKeySha256());
    assertTrue(one.stats().handshakesVerified() >= 2);
  }

  @Test
  void openSession_callerMistakes_throwUnchecked() throws Exception {
    Cluster cluster = cluster(List.of(ONE, TWO));
    GrpcPartyNode one = cluster.node(ONE);
    assertThrows(IllegalArgumentException.class, () -> one.openSession(newSession(), List.of(ONE)));
    assertThrows(IllegalArgumentException.class,
        () -> one.openSession(newSession(), List.of(TWO, THREE)));
    assertThrows(IllegalArgumentException.class,
        () -> one.openSession(newSession(), List.of(ONE, THREE)));
    SessionId session = newSession();
    Transport transport = one.openSession(session, List.of(ONE, TWO));
    assertThrows(IllegalStateException.class, () -> one.openSession(session, List.of(ONE, TWO)));
    assertThrows(IllegalArgumentException.class, () -> transport.send(
        TestEnvelopes.direct(newSession(), ONE, TWO, new byte[0])));
    assertThrows(IllegalArgumentException.class, () -> one.isPeerServing(THREE, WAIT));
  }

  @Test
  void builder_missingOrContradictorySettings_throwIllegalState() {
    InetSocketAddress somewhere = new InetSocketAddress("127.0.0.1", 1);
    assertThrows(IllegalStateException.class, () -> GrpcPartyNode.builder().start());
    assertThrows(IllegalStateException.class, () -> Simulation.node(ONE).start());
    assertThrows(IllegalStateException.class, () -> Simulation.node(ONE).peer(ONE, somewhere)
        .start());
    assertThrows(IllegalStateException.class, () -> GrpcPartyNode.builder().self(ONE)
        .peer(TWO, somewhere).teePolicy(Simulation.POLICY).evidenceProvider(Simulation.evidence(ONE))
        .verifyOptions(Simulation.simulatedOptions()).start());
    assertThrows(IllegalStateException.class, () -> GrpcPartyNode.builder().self(ONE)
        .peer(TWO, somewhere).teePolicy(Simulation.POLICY).evidenceProvider(Simulation.evidence(ONE))
        .acceptAnySimulatedRootInsecure().start());
    assertThrows(IllegalArgumentException.class,
        () -> Simulation.node(ONE).peer(TWO, somewhere).peer(TWO, somewhere));
    assertThrows(IllegalArgumentException.class,
        () -> GrpcPartyNode.builder().keepAliveTime(Duration.ofSeconds(1)));
    assertThrows(IllegalArgumentException.class,
        () -> GrpcPartyNode.builder().reportRefreshInterval(Duration.ofDays(2)));
    assertThrows(IllegalArgumentException.class,
        () -> GrpcPartyNode.builder().maxBufferedBytes(1024));
  }
}

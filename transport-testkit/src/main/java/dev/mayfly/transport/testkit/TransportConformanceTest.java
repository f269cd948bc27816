package dev.mayfly.transport.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.PartyId;
import dev.mayfly.transport.EchoAgreement;
import dev.mayfly.transport.EchoBroadcast;
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
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link Transport}, as tests every implementation must pass: delivery to one
 * party and to all, deadlines that fire, fail-fast after close, cancellation of blocked receivers,
 * nothing lost under concurrent senders and receivers, and the {@link SessionChannel} rounds
 * (broadcast, echo, point-to-point) working on top.
 *
 * <p>To run it for a transport, extend this class in the transport's tests (the subclass name must
 * end in {@code Test}) and implement {@link #createFixture}:
 *
 * <pre>{@code
 * class GrpcTransportConformanceTest extends TransportConformanceTest {
 *   @Override
 *   protected TransportFixture createFixture(List<PartyId> parties) throws Exception {
 *     return GrpcTestCluster.start(parties);   // one endpoint per party, connected
 *   }
 * }
 * }</pre>
 *
 * <p>Every test uses a fresh fixture of three parties (1, 2, 3) and fresh identity keys.
 * Transports with slower links can override {@link #deliveryTimeout()} and {@link #quietPeriod()}.
 *
 * @since 0.1.0
 */
public abstract class TransportConformanceTest {
  /** The parties of every fixture. */
  protected static final List<PartyId> PARTIES =
      List.of(PartyId.of(1), PartyId.of(2), PartyId.of(3));

  private static final PartyId ONE = PartyId.of(1);
  private static final PartyId TWO = PartyId.of(2);
  private static final PartyId THREE = PartyId.of(3);
  private static final RoundTag ROUND = RoundTag.of("conformance", 1);
  private static final RoundTag ECHO = RoundTag.of("conformance-echo", 1);
  private static final RoundTag DIRECT = RoundTag.of("conformance", 2);

  private final SecureRandom random = new SecureRandom();
  private final AtomicLong sequences = new AtomicLong();
  private final Map<PartyId, IdentityKeyPair> keys = new LinkedHashMap<>();
  private SessionId sessionId;
  private byte[] policyHash;
  private TransportFixture fixture;

  /** Creates connected endpoints for {@code parties}; called before each test. */
  protected abstract TransportFixture createFixture(List<PartyId> parties) throws Exception;

  /**
   * The session id every envelope of the current test carries; set before {@link #createFixture}
   * is called, so a transport that multiplexes sessions can open its endpoints for it.
   */
  protected final SessionId sessionId() {
    return sessionId;
  }

  /** The longest a delivery may take on an idle machine; default 5 seconds. */
  protected Duration deliveryTimeout() {
    return Duration.ofSeconds(5);
  }

  /** How long to wait before concluding that nothing more will arrive; default 200 ms. */
  protected Duration quietPeriod() {
    return Duration.ofMillis(200);
  }

  /** The payload size of the large-message test; default 1 MiB. */
  protected int largePayloadBytes() {
    return 1024 * 1024;
  }

  @BeforeEach
  final void createTransports() throws Exception {
    sessionId = SessionId.generate(random);
    policyHash = new byte[Envelope.POLICY_HASH_BYTES];
    random.nextBytes(policyHash);
    for (PartyId party : PARTIES) {
      keys.put(party, IdentityKeyPair.generate(random));
    }
    fixture = createFixture(PARTIES);
  }

  @AfterEach
  final void closeTransports() throws Exception {
    try {
      if (fixture != null) {
        fixture.close();
      }
    } finally {
      keys.values().forEach(IdentityKeyPair::close);
      keys.clear();
    }
  }

  private Transport transport(PartyId party) {
    return fixture.transport(party);
  }

  private Envelope.Builder envelope(PartyId from, byte[] payload) {
    return Envelope.builder()
        .sessionId(sessionId)
        .tag(ROUND)
        .sender(from)
        .sequence(sequences.getAndIncrement())
        .policyHash(policyHash)
        .payload(payload);
  }

  private Envelope direct(PartyId from, PartyId to, byte[] payload) {
    return envelope(from, payload).recipient(to).sign(keys.get(from));
  }

  private Envelope broadcast(PartyId from, byte[] payload) {
    return envelope(from, payload).broadcast().sign(keys.get(from));
  }

  private void assertNothingArrives(PartyId party) throws InterruptedException {
    TransportException e = assertThrows(TransportException.class,
        () -> transport(party).receive(quietPeriod()));
    assertEquals(ErrorCode.TRANSPORT_TIMEOUT, e.code(), "unexpected frame at " + party);
  }

  @Test
  void transport_describesSelfAndPeers() {
    for (PartyId party : PARTIES) {
      List<PartyId> others = new ArrayList<>(PARTIES);
      others.remove(party);
      assertEquals(party, transport(party).self());
      assertEquals(others, transport(party).peers());
      assertFalse(transport(party).isClosed());
    }
  }

  @Test
  void send_toOneParty_deliversExactBytesToItAlone() throws Exception {
    Envelope sent = direct(ONE, TWO, new byte[] {1, 2, 3});
    transport(ONE).send(sent);
    Frame frame = transport(TWO).receive(deliveryTimeout());
    assertEquals(ONE, frame.origin());
    assertArrayEquals(sent.encode(), frame.bytes());
    assertNothingArrives(THREE);
    assertNothingArrives(ONE);
  }

  @Test
  void broadcast_toAll_deliversOnceToEveryPeerButNotTheSender() throws Exception {
    Envelope sent = broadcast(TWO, new byte[] {4, 5});
    transport(TWO).broadcast(sent);
    for (PartyId receiver : List.of(ONE, THREE)) {
      Frame frame = transport(receiver).receive(deliveryTimeout());
      assertEquals(TWO, frame.origin());
      assertArrayEquals(sent.encode(), frame.bytes());
      assertNothingArrives(receiver);
    }
    assertNothingArrives(TWO);
  }

  @Test
  void send_largePayload_arrivesIntact() throws Exception {
    byte[] payload = new byte[largePayloadBytes()];
    random.nextBytes(payload);
    Envelope sent = direct(THREE, ONE, payload);
    transport(THREE).send(sent);
    assertArrayEquals(sent.encode(), transport(ONE).receive(deliveryTimeout()).bytes());
  }

  @Test
  void receive_nothingSent_timesOutAtTheDeadline() {
    Duration timeout = Duration.ofMillis(300);
    long start = System.nanoTime();
    TransportException e = assertThrows(TransportException.class,
        () -> transport(ONE).receive(timeout));
    long elapsed = System.nanoTime() - start;
    assertEquals(ErrorCode.TRANSPORT_TIMEOUT, e.code());
    assertTrue(e.isRetryable());
    assertEquals(List.of(), e.culprits());
    assertTrue(elapsed >= timeout.toNanos(), "returned after " + elapsed + " ns");
    assertTrue(elapsed < timeout.plus(deliveryTimeout()).toNanos(), "overslept: " + elapsed + " ns");
  }

  @Test
  void receive_zeroTimeout_pollsWithoutWaiting() throws Exception {
    long start = System.nanoTime();
    TransportException e = assertThrows(TransportException.class,
        () -> transport(ONE).receive(Duration.ZERO));
    assertEquals(ErrorCode.TRANSPORT_TIMEOUT, e.code());
    assertTrue(System.nanoTime() - start < deliveryTimeout().toNanos());
    transport(TWO).send(direct(TWO, ONE, new byte[0]));
    Frame frame = transport(ONE).receive(deliveryTimeout());
    assertEquals(TWO, frame.origin());
  }

  @Test
  void receive_negativeTimeout_throwsIllegalArgument() {
    assertThrows(IllegalArgumentException.class,
        () -> transport(ONE).receive(Duration.ofMillis(-1)));
  }

  @Test
  void close_thenEveryCall_failsFastWithClosed() throws Exception {
    Transport one = transport(ONE);
    transport(TWO).send(direct(TWO, ONE, new byte[] {1}));
    one.close();
    one.close();
    assertTrue(one.isClosed());
    long start = System.nanoTime();
    assertClosed(() -> one.receive(Duration.ofMinutes(1)));
    assertClosed(() -> one.send(direct(ONE, TWO, new byte[0])));
    assertClosed(() -> one.broadcast(broadcast(ONE, new byte[0])));
    assertTrue(System.nanoTime() - start < deliveryTimeout().toNanos(), "close did not fail fast");
  }

  @Test
  void close_whileReceiving_wakesTheReceiverWithClosed() throws Exception {
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      CountDownLatch started = new CountDownLatch(1);
      Future<Exception> waiting = pool.submit(() -> {
        started.countDown();
        try {
          transport(ONE).receive(Duration.ofMinutes(1));
          return null;
        } catch (Exception e) {
          return e;
        }
      });
      started.await();
      Thread.sleep(quietPeriod().toMillis());
      transport(ONE).close();
      Exception e = waiting.get(deliveryTimeout().toMillis(), TimeUnit.MILLISECONDS);
      assertTrue(e instanceof TransportException, String.valueOf(e));
      assertEquals(ErrorCode.TRANSPORT_CLOSED, ((TransportException) e).code());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void receive_interrupted_throwsInterruptedException() throws Exception {
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<Throwable> waiting = pool.submit(() -> {
        try {
          transport(ONE).receive(Duration.ofMinutes(1));
          return null;
        } catch (Throwable t) {
          return t;
        }
      });
      Thread.sleep(quietPeriod().toMillis());
      pool.shutdownNow();
      Throwable t = waiting.get(deliveryTimeout().toMillis(), TimeUnit.MILLISECONDS);
      assertTrue(t instanceof InterruptedException, String.valueOf(t));
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void send_callerMistakes_throwIllegalArgument() {
    Transport one = transport(ONE);
    assertThrows(IllegalArgumentException.class, () -> one.send(broadcast(ONE, new byte[0])));
    assertThrows(IllegalArgumentException.class, () -> one.broadcast(direct(ONE, TWO, new byte[0])));
    assertThrows(IllegalArgumentException.class, () -> one.send(direct(TWO, THREE, new byte[0])));
    assertThrows(IllegalArgumentException.class, () -> one.broadcast(broadcast(TWO, new byte[0])));
    assertThrows(IllegalArgumentException.class, () -> one.send(direct(ONE, ONE, new byte[0])));
    assertThrows(IllegalArgumentException.class,
        () -> one.send(direct(ONE, PartyId.of(9), new byte[0])));
    assertThrows(NullPointerException.class, () -> one.send(null));
  }

  @Test
  void send_concurrentSenders_loseNothing() throws Exception {
    int threadsPerSender = 4;
    int messagesPerThread = 50;
    ExecutorService pool = Executors.newFixedThreadPool(2 * threadsPerSender);
    Set<Long> expected = ConcurrentHashMap.newKeySet();
    try {
      List<Future<?>> senders = new ArrayList<>();
      for (PartyId sender : List.of(TWO, THREE)) {
        for (int t = 0; t < threadsPerSender; t++) {
          senders.add(pool.submit(() -> {
            for (int i = 0; i < messagesPerThread; i++) {
              Envelope envelope = i % 5 == 0
                  ? broadcast(sender, new byte[] {(byte) i})
                  : direct(sender, ONE, new byte[] {(byte) i});
              expected.add(envelope.sequence());
              if (envelope.isBroadcast()) {
                transport(sender).broadcast(envelope);
              } else {
                transport(sender).send(envelope);
              }
            }
            return null;
          }));
        }
      }
      for (Future<?> sender : senders) {
        sender.get();
      }
    } finally {
      pool.shutdownNow();
    }
    Set<Long> received = new HashSet<>();
    for (int i = 0; i < expected.size(); i++) {
      Envelope envelope = Envelope.decode(transport(ONE).receive(deliveryTimeout()).bytes());
      assertTrue(received.add(envelope.sequence()), "delivered twice: " + envelope);
    }
    assertEquals(expected, received);
    assertNothingArrives(ONE);
  }

  @Test
  void receive_concurrentReceivers_getEachFrameOnce() throws Exception {
    int count = 200;
    Set<Long> sent = new TreeSet<>();
    for (int i = 0; i < count; i++) {
      Envelope envelope = direct(ONE, TWO, new byte[] {(byte) i});
      sent.add(envelope.sequence());
      transport(ONE).send(envelope);
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    Set<Long> received = ConcurrentHashMap.newKeySet();
    List<Long> duplicates = new ArrayList<>();
    try {
      List<Callable<Void>> receivers = new ArrayList<>();
      for (int r = 0; r < 4; r++) {
        receivers.add(() -> {
          while (true) {
            Frame frame;
            try {
              frame = transport(TWO).receive(quietPeriod());
            } catch (TransportException e) {
              assertEquals(ErrorCode.TRANSPORT_TIMEOUT, e.code());
              return null;
            }
            long sequence = Envelope.decode(frame.bytes()).sequence();
            if (!received.add(sequence)) {
              synchronized (duplicates) {
                duplicates.add(sequence);
              }
            }
          }
        });
      }
      for (Future<Void> future : pool.invokeAll(receivers)) {
        assertNull(future.get());
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(List.of(), duplicates);
    assertEquals(sent, new TreeSet<>(received));
  }

  @Test
  void sessionChannel_overThisTransport_runsBroadcastEchoAndDirectRounds() throws Exception {
    RoundSchedule schedule = RoundSchedule.of(ROUND, ECHO, DIRECT);
    Map<PartyId, SessionChannel> channels = new LinkedHashMap<>();
    for (PartyId party : PARTIES) {
      PeerDirectory directory = PeerDirectory.create(Set.copyOf(PARTIES));
      keys.forEach((p, key) -> directory.pin(p, key.publicKey()));
      channels.put(party, SessionChannel.builder()
          .transport(transport(party))
          .identityKey(keys.get(party))
          .sessionId(sessionId)
          .policyHash(policyHash)
          .directory(directory)
          .schedule(schedule)
          .build());
    }
    ExecutorService pool = Executors.newFixedThreadPool(PARTIES.size());
    try {
      List<Future<byte[]>> results = new ArrayList<>();
      for (PartyId party : PARTIES) {
        SessionChannel channel = channels.get(party);
        Set<PartyId> peers = new TreeSet<>(transport(party).peers());
        results.add(pool.submit(() -> {
          Envelope own = channel.broadcast(ROUND, new byte[] {(byte) party.value()});
          SortedMap<PartyId, VerifiedEnvelope> received =
              channel.collect(ROUND, peers, deliveryTimeout());
          EchoAgreement agreement = channel.echo(
              EchoBroadcast.of(ROUND, SessionChannel.viewOf(Optional.of(own), received)),
              ECHO, peers, deliveryTimeout());
          for (PartyId peer : peers) {
            channel.send(peer, DIRECT, new byte[] {(byte) party.value(), (byte) peer.value()});
          }
          SortedMap<PartyId, VerifiedEnvelope> direct =
              channel.collect(DIRECT, peers, deliveryTimeout());
          for (Map.Entry<PartyId, VerifiedEnvelope> entry : direct.entrySet()) {
            assertArrayEquals(new byte[] {(byte) entry.getKey().value(), (byte) party.value()},
                entry.getValue().payload());
          }
          return agreement.transcriptHash();
        }));
      }
      byte[] first = results.get(0).get(60, TimeUnit.SECONDS);
      for (Future<byte[]> result : results) {
        assertArrayEquals(first, result.get(60, TimeUnit.SECONDS));
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private interface Call {
    void run() throws Exception;
  }

  private static void assertClosed(Call call) {
    TransportException e = assertThrows(TransportException.class, call::run);
    assertEquals(ErrorCode.TRANSPORT_CLOSED, e.code());
    assertFalse(e.isRetryable());
  }
}

package dev.mayfly.transport;

import static dev.mayfly.transport.SessionFixture.DKG_1;
import static dev.mayfly.transport.SessionFixture.DKG_2;
import static dev.mayfly.transport.SessionFixture.HELLO;
import static dev.mayfly.transport.SessionFixture.HELLO_KEY;
import static dev.mayfly.transport.SessionFixture.SIGN_1;
import static dev.mayfly.transport.SessionFixture.p;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.MayflyException;
import dev.mayfly.common.PartyId;
import dev.mayfly.common.ProtocolException;
import dev.mayfly.transport.memory.FaultPlan;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Stateful receiver-side checks; party 1 collects, parties 2 and 3 send or are impersonated. */
class InboxTest {
  private static final Duration SHORT = Duration.ofMillis(300);
  private static final Duration LONG = Duration.ofSeconds(10);

  private final SessionFixture session = SessionFixture.create(3, FaultPlan.none());

  @AfterEach
  void tearDown() {
    session.close();
  }

  private Envelope signed(int from, RoundTag tag, long sequence, byte[] payload) {
    return session.envelopeFrom(from).tag(tag).recipient(p(1)).sequence(sequence)
        .payload(payload).sign(session.key(from));
  }

  private void deliver(int origin, Envelope envelope) {
    session.network.inject(p(origin), p(1), envelope.encode());
  }

  private SortedMap<PartyId, VerifiedEnvelope> collect(RoundTag tag, Set<PartyId> from,
      Duration timeout) throws Exception {
    return session.channel(1).collect(tag, from, timeout);
  }

  interface Call {
    void run() throws Exception;
  }

  private static TransportException assertFails(ErrorCode code, List<PartyId> culprits, Call call) {
    TransportException e = assertThrows(TransportException.class, call::run);
    assertEquals(code, e.code(), e.getMessage());
    assertEquals(culprits, e.culprits());
    return e;
  }

  @Test
  void collect_everyPeerSends_returnsVerifiedEnvelopesInPartyOrder() throws Exception {
    session.channel(3).send(p(1), DKG_1, new byte[] {3});
    session.channel(2).send(p(1), DKG_1, new byte[] {2});
    SortedMap<PartyId, VerifiedEnvelope> got = collect(DKG_1, session.peersOf(1), LONG);
    assertEquals(List.of(p(2), p(3)), List.copyOf(got.keySet()));
    assertArrayEquals(new byte[] {2}, got.get(p(2)).payload());
    assertArrayEquals(new byte[] {3}, got.get(p(3)).payload());
  }

  @Test
  void collect_duplicateFrames_areIgnoredEvenInLaterRounds() throws Exception {
    Envelope first = signed(2, DKG_1, 0, new byte[] {1});
    deliver(2, first);
    deliver(2, first);
    assertEquals(Set.of(p(2)), collect(DKG_1, Set.of(p(2)), LONG).keySet());
    deliver(2, first); // a late copy, read while collecting the next round
    deliver(2, signed(2, DKG_2, 1, new byte[] {2}));
    assertArrayEquals(new byte[] {2}, collect(DKG_2, Set.of(p(2)), LONG).get(p(2)).payload());
  }

  @Test
  void collect_sequenceReusedForOtherBytes_throwsReplayedSequenceNamingSender() throws Exception {
    deliver(2, signed(2, DKG_1, 7, new byte[] {1}));
    collect(DKG_1, Set.of(p(2)), LONG);
    deliver(2, signed(2, DKG_2, 7, new byte[] {2}));
    assertFails(ErrorCode.TRANSPORT_REPLAYED_SEQUENCE, List.of(p(2)),
        () -> collect(DKG_2, Set.of(p(2)), LONG));
  }

  @Test
  void collect_envelopeForEarlierRound_throwsWrongRoundNamingSender() throws Exception {
    deliver(2, signed(2, DKG_1, 0, new byte[] {1}));
    collect(DKG_1, Set.of(p(2)), LONG);
    deliver(2, signed(2, DKG_1, 1, new byte[] {1})); // new sequence number, finished round
    assertFails(ErrorCode.TRANSPORT_WRONG_ROUND, List.of(p(2)),
        () -> collect(DKG_2, Set.of(p(2)), LONG));
  }

  @Test
  void collect_roundNotInSchedule_throwsWrongRoundNamingSender() throws Exception {
    deliver(3, signed(3, RoundTag.of("bogus", 1), 0, new byte[0]));
    assertFails(ErrorCode.TRANSPORT_WRONG_ROUND, List.of(p(3)),
        () -> collect(DKG_1, Set.of(p(2), p(3)), LONG));
  }

  @Test
  void collect_senderNotAskedFor_throwsWrongRoundNamingIt() throws Exception {
    deliver(3, signed(3, DKG_1, 0, new byte[0]));
    deliver(2, signed(2, DKG_1, 0, new byte[0]));
    assertFails(ErrorCode.TRANSPORT_WRONG_ROUND, List.of(p(3)),
        () -> collect(DKG_1, Set.of(p(2)), LONG));
  }

  @Test
  void collect_laterRoundArrivesFirst_isBufferedAndDeliveredInItsRound() throws Exception {
    deliver(2, signed(2, DKG_2, 1, new byte[] {22}));
    deliver(2, signed(2, DKG_1, 0, new byte[] {11}));
    assertArrayEquals(new byte[] {11}, collect(DKG_1, Set.of(p(2)), LONG).get(p(2)).payload());
    SortedMap<PartyId, VerifiedEnvelope> second = collect(DKG_2, Set.of(p(2)), Duration.ZERO);
    assertArrayEquals(new byte[] {22}, second.get(p(2)).payload());
  }

  @Test
  void collect_twoEnvelopesFromOneSenderForOneRound_throwsEquivocation() throws Exception {
    deliver(2, signed(2, DKG_1, 0, new byte[] {1}));
    deliver(2, signed(2, DKG_1, 1, new byte[] {2}));
    assertFails(ErrorCode.TRANSPORT_EQUIVOCATION, List.of(p(2)),
        () -> collect(DKG_1, Set.of(p(2), p(3)), LONG));
  }

  @Test
  void collect_silentParty_timesOutNamingItAndCanBeRetried() throws Exception {
    session.channel(2).send(p(1), DKG_1, new byte[] {2});
    long start = System.nanoTime();
    TransportException e = assertFails(ErrorCode.TRANSPORT_TIMEOUT, List.of(p(3)),
        () -> collect(DKG_1, session.peersOf(1), SHORT));
    assertTrue(System.nanoTime() - start >= SHORT.toNanos());
    assertTrue(e.isRetryable());
    session.channel(3).send(p(1), DKG_1, new byte[] {3});
    assertEquals(Set.of(p(3)), collect(DKG_1, Set.of(p(3)), LONG).keySet());
    assertThrows(IllegalStateException.class, () -> collect(DKG_1, Set.of(p(2)), LONG));
  }

  @Test
  void collect_floodOfFutureEnvelopes_throwsTooManyMessagesNamingOrigin() throws Exception {
    Inbox inbox = Inbox.builder()
        .transport(session.network.transport(p(1)))
        .verifier(session.channel(1).inbox().verifier())
        .schedule(SessionFixture.SCHEDULE)
        .maxBufferedPerOrigin(4)
        .build();
    for (int i = 0; i < 5; i++) {
      deliver(2, signed(2, SIGN_1, i, new byte[] {(byte) i}));
    }
    TransportException e = assertThrows(TransportException.class,
        () -> inbox.collect(DKG_1, Set.of(p(2)), LONG));
    assertEquals(ErrorCode.TRANSPORT_TOO_MANY_MESSAGES, e.code());
    assertEquals(List.of(p(2)), e.culprits());
  }

  @Test
  void collect_undecodableBytes_throwsMalformedNamingOrigin() {
    session.network.inject(p(3), p(1), new byte[] {1, 2, 3});
    assertFails(ErrorCode.TRANSPORT_MALFORMED_ENVELOPE, List.of(p(3)),
        () -> collect(DKG_1, session.peersOf(1), LONG));
  }

  @Test
  void collect_envelopeOfOtherSession_throwsWrongSessionNamingSender() {
    deliver(2, session.envelopeFrom(2).sessionId(SessionId.create(new byte[32])).tag(DKG_1)
        .broadcast().sequence(0).payload(new byte[0]).sign(session.key(2)));
    assertFails(ErrorCode.TRANSPORT_WRONG_SESSION, List.of(p(2)),
        () -> collect(DKG_1, session.peersOf(1), LONG));
  }

  @Test
  void collect_otherPolicyHash_throwsPolicyHashMismatchNamingSender() {
    deliver(3, session.envelopeFrom(3).policyHash(new byte[32]).tag(DKG_1).broadcast()
        .sequence(0).payload(new byte[0]).sign(session.key(3)));
    assertFails(ErrorCode.TRANSPORT_POLICY_HASH_MISMATCH, List.of(p(3)),
        () -> collect(DKG_1, session.peersOf(1), LONG));
  }

  @Test
  void collect_misaddressedEnvelope_throwsWrongRecipientNamingSender() {
    deliver(2, session.envelopeFrom(2).tag(DKG_1).recipient(p(3)).sequence(0)
        .payload(new byte[0]).sign(session.key(2)));
    assertFails(ErrorCode.TRANSPORT_WRONG_RECIPIENT, List.of(p(2)),
        () -> collect(DKG_1, session.peersOf(1), LONG));
  }

  @Test
  void collect_forgedSignature_throwsBadSignatureNamingOrigin() {
    deliver(2, signed(2, DKG_1, 0, new byte[0]).toBuilder().sign(session.key(3)));
    assertFails(ErrorCode.TRANSPORT_BAD_SIGNATURE, List.of(p(2)),
        () -> collect(DKG_1, session.peersOf(1), LONG));
  }

  @Test
  void collect_senderOutsideSession_throwsUnknownSenderNamingOrigin() {
    try (SessionFixture bigger = SessionFixture.create(4, FaultPlan.none())) {
      PeerDirectory threeParties = PeerDirectory.create(Set.of(p(1), p(2), p(3)));
      Inbox inbox = Inbox.builder()
          .transport(bigger.network.transport(p(1)))
          .verifier(EnvelopeVerifier.create(bigger.sessionId, p(1), bigger.policyHash, threeParties))
          .schedule(SessionFixture.SCHEDULE)
          .build();
      bigger.network.inject(p(4), p(1), bigger.envelopeFrom(4).tag(DKG_1).broadcast().sequence(0)
          .payload(new byte[0]).sign(bigger.key(4)).encode());
      TransportException e = assertThrows(TransportException.class,
          () -> inbox.collect(DKG_1, Set.of(p(2)), LONG));
      assertEquals(ErrorCode.TRANSPORT_UNKNOWN_SENDER, e.code());
      assertEquals(List.of(p(4)), e.culprits());
    }
  }

  @Test
  void collect_transportClosedBefore_throwsClosed() {
    session.network.transport(p(1)).close();
    assertFails(ErrorCode.TRANSPORT_CLOSED, List.of(), () -> collect(DKG_1, session.peersOf(1), LONG));
  }

  @Test
  void collect_transportClosedWhileWaiting_wakesWithClosed() throws Exception {
    CompletableFuture<Exception> waiting = CompletableFuture.supplyAsync(() -> {
      try {
        collect(DKG_1, session.peersOf(1), LONG);
        return null;
      } catch (Exception e) {
        return e;
      }
    });
    Thread.sleep(100);
    session.network.transport(p(1)).close();
    Exception e = waiting.get(5, TimeUnit.SECONDS);
    assertEquals(ErrorCode.TRANSPORT_CLOSED, ((TransportException) e).code());
  }

  @Test
  void collectSelfSigned_helloRound_checksCarriedKeysThenPinnedKeysWork() throws Exception {
    try (SessionFixture fresh = SessionFixture.createUnpinned(3, FaultPlan.none())) {
      Map<PartyId, SessionFixture.Outcome<Boolean>> outcomes = fresh.runAll(channel -> {
        int self = channel.self().value();
        channel.broadcast(HELLO, fresh.helloPayload(self));
        SortedMap<PartyId, VerifiedEnvelope> hellos =
            channel.collectSelfSigned(HELLO, fresh.peersOf(self), LONG, HELLO_KEY);
        for (VerifiedEnvelope hello : hellos.values()) {
          assertTrue(hello.isSelfSigned());
          assertEquals(fresh.key(hello.sender().value()).publicKey(), hello.signerKey());
          fresh.directory(self).pin(hello.sender(), hello.signerKey());
        }
        fresh.broadcastAndEcho(channel);
        return true;
      });
      outcomes.forEach((party, outcome) -> assertFalse(outcome.failed(), party + ": " + outcome));
    }
  }

  @Test
  void collectSelfSigned_extractorRejectsPayload_propagatesItsException() throws Exception {
    try (SessionFixture fresh = SessionFixture.createUnpinned(3, FaultPlan.none())) {
      fresh.channel(2).broadcast(HELLO, new byte[] {1});
      ProtocolException refused = new ProtocolException(
          ErrorCode.TRANSPORT_MALFORMED_ENVELOPE, "hello too short", p(2));
      MayflyException e = assertThrows(MayflyException.class,
          () -> fresh.channel(1).collectSelfSigned(HELLO, Set.of(p(2)), LONG, envelope -> {
            throw refused;
          }));
      assertSame(refused, e);
    }
  }

  @Test
  void collect_unpinnedSenderOutsideHello_throwsUnknownSender() throws Exception {
    try (SessionFixture fresh = SessionFixture.createUnpinned(3, FaultPlan.none())) {
      fresh.channel(2).send(p(1), DKG_1, new byte[0]);
      TransportException e = assertThrows(TransportException.class,
          () -> fresh.channel(1).collect(DKG_1, Set.of(p(2)), LONG));
      assertEquals(ErrorCode.TRANSPORT_UNKNOWN_SENDER, e.code());
      assertEquals(List.of(p(2)), e.culprits());
    }
  }

  @Test
  void collect_callerMistakes_throwUnchecked() throws Exception {
    assertThrows(IllegalArgumentException.class,
        () -> collect(RoundTag.of("nope", 1), Set.of(p(2)), LONG));
    assertThrows(IllegalArgumentException.class, () -> collect(DKG_1, Set.of(p(1)), LONG));
    assertThrows(IllegalArgumentException.class, () -> collect(DKG_1, Set.of(p(7)), LONG));
    assertThrows(IllegalArgumentException.class,
        () -> collect(DKG_1, Set.of(p(2)), Duration.ofMillis(-1)));
    deliver(2, signed(2, DKG_2, 0, new byte[0]));
    collect(DKG_2, Set.of(p(2)), LONG);
    assertThrows(IllegalStateException.class, () -> collect(DKG_1, Set.of(p(2)), LONG));
  }

  @Test
  void collect_emptySet_returnsAtOnce() throws Exception {
    assertTrue(collect(DKG_1, Set.of(), Duration.ZERO).isEmpty());
  }

  @Test
  void collect_interrupted_throwsInterrupted() throws Exception {
    CompletableFuture<Throwable> result = new CompletableFuture<>();
    Thread waiter = new Thread(() -> {
      try {
        collect(DKG_1, session.peersOf(1), LONG);
        result.complete(null);
      } catch (Throwable t) {
        result.complete(t);
      }
    });
    waiter.start();
    Thread.sleep(100);
    waiter.interrupt();
    try {
      assertTrue(result.get(5, TimeUnit.SECONDS) instanceof InterruptedException);
    } catch (ExecutionException e) {
      throw new AssertionError(e);
    }
  }
}

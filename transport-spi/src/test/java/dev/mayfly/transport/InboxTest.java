package dev.mayfly.transport;

import static dev.mayfly.transport.SessionFixture.DKG_1;
import static dev.mayfly.transport.SessionFixture.DKG_2;
import static dev.mayfly.transport.SessionFixture.HELLO;
import static dev.mayfly.transport.SessionFixture.SIGN_1;
import static dev.mayfly.transport.SessionFixture.p;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.PartyId;
import dev.mayfly.transport.memory.FaultPlan;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
  void collect_secondEnvelopeForFinishedRound_throwsEquivocationWithBothEnvelopes()
      throws Exception {
    Envelope first = signed(2, DKG_1, 0, new byte[] {1});
    deliver(2, first);
    collect(DKG_1, Set.of(p(2)), LONG);
    Envelope second = signed(2, DKG_1, 1, new byte[] {1}); // new sequence number, finished round
    deliver(2, second);
    TransportException e = assertFails(ErrorCode.TRANSPORT_EQUIVOCATION, List.of(p(2)),
        () -> collect(DKG_2, Set.of(p(2)), LONG));
    assertEquals(List.of(first, second), e.evidence());
  }

  @Test
  void collect_envelopeForRoundFinishedWithoutSender_throwsWrongRoundWithIt() throws Exception {
    deliver(2, signed(2, DKG_1, 0, new byte[] {1}));
    collect(DKG_1, Set.of(p(2)), LONG);
    Envelope late = signed(3, DKG_1, 0, new byte[] {3});
    deliver(3, late);
    TransportException e = assertFails(ErrorCode.TRANSPORT_WRONG_ROUND, List.of(p(3)),
        () -> collect(DKG_2, Set.of(p(2), p(3)), LONG));
    assertEquals(List.of(late), e.evidence());
  }

  @Test
  void collect_roundNotInSchedule_throwsWrongRoundNamingSender() throws Exception {
    deliver(3, signed(3, RoundTag.of("bogus", 1), 0, new byte[0]));
    assertFails(ErrorCode.TRANSPORT_WRONG_ROUND, List.of(p(3)),
        () -> collect(DKG_1, Set.of(p(2), p(3)), LONG));
  }

  @Test
  void collect_senderNotAskedFor_isKeptForALaterCollectOfTheRound() throws Exception {
    deliver(3, signed(3, DKG_1, 0, new byte[] {3}));
    deliver(2, signed(2, DKG_1, 0, new byte[] {2}));
    assertEquals(Set.of(p(2)), collect(DKG_1, Set.of(p(2)), LONG).keySet());
    assertArrayEquals(new byte[] {3},
        collect(DKG_1, Set.of(p(3)), Duration.ZERO).get(p(3)).payload());
  }

  @Test
  void collect_roundWithSenders_envelopeFromOtherParty_throwsWrongRoundWithIt()
      throws Exception {
    Inbox inbox = shapedInbox();
    Envelope intruder = session.envelopeFrom(3).tag(DKG_2).recipient(p(1)).sequence(0)
        .payload(new byte[0]).sign(session.key(3));
    deliver(3, intruder);
    deliver(2, session.envelopeFrom(2).tag(DKG_1).broadcast().sequence(0)
        .payload(new byte[0]).sign(session.key(2)));
    inbox.collect(DKG_1, Set.of(p(2)), LONG);
    TransportException e = assertFails(ErrorCode.TRANSPORT_WRONG_ROUND, List.of(p(3)),
        () -> inbox.collect(DKG_2, Set.of(p(2)), LONG));
    assertEquals(List.of(intruder), e.evidence());
  }

  @Test
  void collect_pointToPointInBroadcastRound_throwsWrongShapeWithIt() throws Exception {
    Inbox inbox = shapedInbox();
    Envelope misshaped = signed(2, DKG_1, 0, new byte[0]);
    deliver(2, misshaped);
    TransportException e = assertThrows(TransportException.class,
        () -> inbox.collect(DKG_1, Set.of(p(2)), LONG));
    assertEquals(ErrorCode.TRANSPORT_WRONG_SHAPE, e.code());
    assertEquals(List.of(p(2)), e.culprits());
    assertEquals(List.of(misshaped), e.evidence());
  }

  /** Party 1's inbox with DKG_1 a broadcast round of 2, DKG_2 a point-to-point round of 2 only. */
  private Inbox shapedInbox() {
    return Inbox.builder()
        .transport(session.network.transport(p(1)))
        .verifier(session.channel(1).inbox().verifier())
        .schedule(RoundSchedule.builder()
            .broadcast(DKG_1, Set.of(p(1), p(2)))
            .pointToPoint(DKG_2, Set.of(p(2)))
            .build())
        .build();
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
    TransportException e = assertFails(ErrorCode.TRANSPORT_EQUIVOCATION, List.of(p(2)),
        () -> collect(DKG_1, Set.of(p(2), p(3)), LONG));
    assertEquals(2, e.evidence().size());
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
  void collect_floodOfFutureEnvelopes_dropsTheExcessAsJunk() throws Exception {
    Inbox inbox = Inbox.builder()
        .transport(session.network.transport(p(1)))
        .verifier(session.channel(1).inbox().verifier())
        .schedule(SessionFixture.SCHEDULE)
        .maxBufferedPerOrigin(4)
        .build();
    for (int i = 0; i < 5; i++) {
      deliver(2, signed(2, SIGN_1, i, new byte[] {(byte) i}));
    }
    deliver(2, signed(2, DKG_1, 9, new byte[] {9}));
    assertEquals(Set.of(p(2)), inbox.collect(DKG_1, Set.of(p(2)), LONG).keySet());
    assertEquals(1, inbox.droppedCount());
  }

  /** Junk is dropped and counted: the collection goes on and times out on the real silence. */
  private void assertJunk(Call deliverJunk) throws Exception {
    deliverJunk.run();
    session.channel(3).send(p(1), DKG_1, new byte[] {3});
    assertFails(ErrorCode.TRANSPORT_TIMEOUT, List.of(p(2)),
        () -> collect(DKG_1, session.peersOf(1), SHORT));
    assertEquals(1, session.channel(1).droppedCount());
  }

  @Test
  void collect_undecodableBytes_areDroppedAsJunk() throws Exception {
    assertJunk(() -> session.network.inject(p(2), p(1), new byte[] {1, 2, 3}));
  }

  @Test
  void collect_envelopeOfOtherSession_throwsWrongSessionNamingSender() {
    deliver(2, session.envelopeFrom(2).sessionId(SessionId.create(new byte[32])).tag(DKG_1)
        .broadcast().sequence(0).payload(new byte[0]).sign(session.key(2)));
    TransportException e = assertFails(ErrorCode.TRANSPORT_WRONG_SESSION, List.of(p(2)),
        () -> collect(DKG_1, session.peersOf(1), LONG));
    assertEquals(1, e.evidence().size());
  }

  @Test
  void collect_otherPolicyHash_throwsPolicyHashMismatchNamingSender() {
    deliver(3, session.envelopeFrom(3).policyHash(new byte[32]).tag(DKG_1).broadcast()
        .sequence(0).payload(new byte[0]).sign(session.key(3)));
    TransportException e = assertFails(ErrorCode.TRANSPORT_POLICY_HASH_MISMATCH, List.of(p(3)),
        () -> collect(DKG_1, session.peersOf(1), LONG));
    assertEquals(1, e.evidence().size());
  }

  @Test
  void collect_misaddressedEnvelope_isDroppedAsJunk() throws Exception {
    // A relay can hand party 2's envelope for party 3 to party 1: not party 2's fault.
    assertJunk(() -> deliver(2, session.envelopeFrom(2).tag(DKG_1).recipient(p(3)).sequence(0)
        .payload(new byte[0]).sign(session.key(2))));
  }

  @Test
  void collect_forgedSignature_isDroppedAsJunk() throws Exception {
    assertJunk(() -> deliver(2, signed(2, DKG_1, 0, new byte[0]).toBuilder()
        .sign(session.key(3))));
  }

  @Test
  void collect_senderOutsideSession_isDroppedAsJunk() {
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
          () -> inbox.collect(DKG_1, Set.of(p(2)), SHORT));
      assertEquals(ErrorCode.TRANSPORT_TIMEOUT, e.code());
      assertEquals(1, inbox.droppedCount());
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
  void collect_helloRound_admissionPinsCarriedKeysThenPinnedKeysWork() throws Exception {
    try (SessionFixture fresh = SessionFixture.createUnpinned(3, FaultPlan.none())) {
      Map<PartyId, SessionFixture.Outcome<Boolean>> outcomes = fresh.runAll(channel -> {
        int self = channel.self().value();
        channel.broadcast(HELLO, fresh.helloPayload(self));
        SortedMap<PartyId, VerifiedEnvelope> hellos =
            channel.collect(HELLO, fresh.peersOf(self), LONG);
        for (VerifiedEnvelope hello : hellos.values()) {
          assertEquals(fresh.key(hello.sender().value()).publicKey(), hello.signerKey());
          assertEquals(hello.signerKey(), fresh.directory(self).key(hello.sender()).orElseThrow());
        }
        fresh.broadcastAndEcho(channel);
        return true;
      });
      outcomes.forEach((party, outcome) -> assertFalse(outcome.failed(), party + ": " + outcome));
    }
  }

  @Test
  void collect_admissionRefuses_envelopeIsJunkAndNothingIsPinned() throws Exception {
    try (SessionFixture fresh = SessionFixture.createUnpinned(3, FaultPlan.none())) {
      fresh.channel(2).broadcast(HELLO, new byte[] {1}); // too short to carry a key
      TransportException e = assertThrows(TransportException.class,
          () -> fresh.channel(1).collect(HELLO, Set.of(p(2)), SHORT));
      assertEquals(ErrorCode.TRANSPORT_TIMEOUT, e.code());
      assertEquals(1, fresh.channel(1).droppedCount());
      assertTrue(fresh.directory(1).key(p(2)).isEmpty());
    }
  }

  @Test
  void collect_admissionProvesAFault_propagatesIt() throws Exception {
    try (SessionFixture fresh = SessionFixture.createUnpinned(3, FaultPlan.none())) {
      Envelope hello = fresh.envelopeFrom(2).tag(HELLO).broadcast().sequence(0)
          .payload(fresh.helloPayload(2)).sign(fresh.key(2));
      TransportException proven = new TransportException(ErrorCode.TRANSPORT_EQUIVOCATION,
          "two attested hellos", p(2), List.of(hello));
      Inbox inbox = Inbox.builder()
          .transport(fresh.network.transport(p(1)))
          .verifier(fresh.channel(1).inbox().verifier())
          .schedule(SessionFixture.SCHEDULE)
          .admission(envelope -> {
            throw proven;
          })
          .build();
      fresh.network.inject(p(2), p(1), hello.encode());
      assertSame(proven, assertThrows(TransportException.class,
          () -> inbox.collect(HELLO, Set.of(p(2)), LONG)));
    }
  }

  /**
   * An admission may vouch for a key it does not pin (the ceremony: a second attested hello for a
   * slot, for that party's abort messages): the inbox delivers what verifies under it, drops
   * anything else signed under it as junk (a wrong session there proves nothing against the
   * party the directory knows), and leaves the pinned key alone.
   */
  @Test
  void abort_underAKeyTheAdmissionVouchesForWithoutPinning_isDeliveredAndNothingElseCounts()
      throws Exception {
    RoundTag abort = RoundTag.of("abort", 1);
    try (SessionFixture fresh = SessionFixture.create(3, FaultPlan.none())) {
      IdentityKeyPair other = SessionFixture.keyPair(new java.util.Random(7));
      IdentityPublicKey pinned = fresh.directory(1).key(p(2)).orElseThrow();
      Inbox inbox = Inbox.builder()
          .transport(fresh.network.transport(p(1)))
          .verifier(fresh.channel(1).inbox().verifier())
          .schedule(SessionFixture.SCHEDULE)
          .abortTag(abort)
          .admission(envelope -> Optional.of(other.publicKey()))
          .build();
      Envelope wrongSession = Envelope.builder()
          .sessionId(SessionId.create(SessionFixture.bytes(new java.util.Random(8), SessionId.LENGTH_BYTES)))
          .tag(abort).sender(p(2)).broadcast().sequence(5).policyHash(fresh.policyHash)
          .payload(new byte[] {1}).sign(other);
      fresh.network.inject(p(2), p(1), wrongSession.encode());
      TransportException silent = assertThrows(TransportException.class,
          () -> inbox.collect(DKG_1, Set.of(p(2)), SHORT));
      assertEquals(ErrorCode.TRANSPORT_TIMEOUT, silent.code());
      assertEquals(1, inbox.droppedCount());

      Envelope announcement = fresh.envelopeFrom(2).tag(abort).broadcast().sequence(6)
          .payload(new byte[] {2}).sign(other);
      fresh.network.inject(p(2), p(1), announcement.encode());
      PeerAbortedException stopped = assertThrows(PeerAbortedException.class,
          () -> inbox.collect(DKG_1, Set.of(p(2)), LONG));
      assertEquals(other.publicKey(), stopped.abortEnvelope().signerKey());
      assertEquals(pinned, fresh.directory(1).key(p(2)).orElseThrow());
    }
  }

  @Test
  void collect_unpinnedSenderOutsideHello_isDroppedAsJunk() throws Exception {
    try (SessionFixture fresh = SessionFixture.createUnpinned(3, FaultPlan.none())) {
      fresh.channel(2).send(p(1), DKG_1, new byte[0]);
      TransportException e = assertThrows(TransportException.class,
          () -> fresh.channel(1).collect(DKG_1, Set.of(p(2)), SHORT));
      assertEquals(ErrorCode.TRANSPORT_TIMEOUT, e.code());
      assertEquals(1, fresh.channel(1).droppedCount());
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

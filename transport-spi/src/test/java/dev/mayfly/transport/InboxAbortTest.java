package dev.mayfly.transport;

import static dev.mayfly.transport.SessionFixture.DKG_1;
import static dev.mayfly.transport.SessionFixture.SCHEDULE;
import static dev.mayfly.transport.SessionFixture.p;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.mayfly.common.ErrorCode;
import dev.mayfly.transport.memory.FaultPlan;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class InboxAbortTest {
  private static final RoundTag ABORT = RoundTag.of("abort", 1);
  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  private static final byte[] REASON = {7, 7, 7};

  private static SessionChannel channelWithAbort(SessionFixture session, int party) {
    return SessionChannel.builder()
        .transport(session.network.transport(p(party)))
        .identityKey(session.key(party))
        .sessionId(session.sessionId)
        .policyHash(session.policyHash)
        .directory(session.directory(party))
        .schedule(SCHEDULE)
        .abortTags(Set.of(ABORT))
        .build();
  }

  @Test
  void collect_peerBroadcastsAbort_throwsPeerAbortedCarryingIt() throws Exception {
    try (SessionFixture session = SessionFixture.create(3, FaultPlan.none())) {
      SessionChannel one = channelWithAbort(session, 1);
      channelWithAbort(session, 2).broadcast(ABORT, REASON);
      PeerAbortedException e = assertThrows(PeerAbortedException.class,
          () -> one.collect(DKG_1, session.peersOf(1), TIMEOUT));
      assertEquals(ErrorCode.TRANSPORT_PEER_ABORTED, e.code());
      assertEquals(List.of(), e.culprits());
      assertEquals(p(2), e.reporter());
      assertArrayEquals(REASON, e.abortEnvelope().payload());
      assertEquals(List.of(p(2), p(3)), e.awaited());
    }
  }

  @Test
  void collect_abortFromUnpinnedSenderWithoutAdmission_isDroppedAsJunk() throws Exception {
    try (SessionFixture session = SessionFixture.createUnpinned(3, FaultPlan.none())) {
      SessionChannel one = channelWithAbort(session, 1);
      channelWithAbort(session, 2).broadcast(ABORT, REASON);
      TransportException e = assertThrows(TransportException.class,
          () -> one.collect(DKG_1, session.peersOf(1), Duration.ofMillis(300)));
      assertEquals(ErrorCode.TRANSPORT_TIMEOUT, e.code());
      assertEquals(1, one.droppedCount());
    }
  }

  @Test
  void nextAbort_afterTheFirst_returnsEachNewAnnouncementOnceAndIgnoresRounds()
      throws Exception {
    try (SessionFixture session = SessionFixture.create(3, FaultPlan.none())) {
      SessionChannel one = channelWithAbort(session, 1);
      SessionChannel two = channelWithAbort(session, 2);
      Envelope first = two.broadcast(ABORT, REASON);
      assertThrows(PeerAbortedException.class,
          () -> one.collect(DKG_1, session.peersOf(1), TIMEOUT));
      session.network.inject(p(2), p(1), first.encode()); // a copy: not new
      channelWithAbort(session, 3).broadcast(DKG_1, new byte[] {3}); // a round: ignored
      channelWithAbort(session, 3).broadcast(ABORT, new byte[] {3});
      VerifiedEnvelope next = one.nextAbort(TIMEOUT).orElseThrow();
      assertEquals(p(3), next.sender());
      assertEquals(java.util.Optional.empty(), one.nextAbort(Duration.ofMillis(200)));
      assertEquals(0, one.droppedCount());
    }
  }

  @Test
  void build_abortTagInSchedule_throwsIllegalState() {
    try (SessionFixture session = SessionFixture.create(2, FaultPlan.none())) {
      assertThrows(IllegalStateException.class,
          () -> SessionChannel.builder()
              .transport(session.network.transport(p(1)))
              .identityKey(session.key(1))
              .sessionId(session.sessionId)
              .policyHash(session.policyHash)
              .directory(session.directory(1))
              .schedule(SCHEDULE)
              .abortTags(Set.of(DKG_1))
              .build());
    }
  }
}

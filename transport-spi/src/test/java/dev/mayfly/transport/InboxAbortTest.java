package dev.mayfly.transport;

import static dev.mayfly.transport.SessionFixture.DKG_1;
import static dev.mayfly.transport.SessionFixture.HELLO;
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
        .abortTag(ABORT)
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
  void collect_abortFromUnpinnedSender_isKeptUntilItsKeyIsPinned() throws Exception {
    try (SessionFixture session = SessionFixture.createUnpinned(3, FaultPlan.none())) {
      session.directory(1).pin(p(3), session.key(3).publicKey());
      SessionChannel one = channelWithAbort(session, 1);
      channelWithAbort(session, 2).broadcast(ABORT, REASON);
      channelWithAbort(session, 3).broadcast(HELLO, new byte[] {3});
      assertEquals(Set.of(p(3)), one.collect(HELLO, Set.of(p(3)), TIMEOUT).keySet());

      session.directory(1).pin(p(2), session.key(2).publicKey());
      PeerAbortedException e = assertThrows(PeerAbortedException.class,
          () -> one.collect(DKG_1, session.peersOf(1), TIMEOUT));
      assertEquals(p(2), e.reporter());
    }
  }

  @Test
  void collect_forgedAbort_throwsBadSignatureNamingOrigin() throws Exception {
    try (SessionFixture session = SessionFixture.create(3, FaultPlan.none())) {
      SessionChannel one = channelWithAbort(session, 1);
      Envelope forged = session.envelopeFrom(2).tag(ABORT).broadcast().sequence(0)
          .payload(REASON).sign(session.key(3));
      session.network.inject(p(2), p(1), forged.encode());
      TransportException e = assertThrows(TransportException.class,
          () -> one.collect(DKG_1, session.peersOf(1), TIMEOUT));
      assertEquals(ErrorCode.TRANSPORT_BAD_SIGNATURE, e.code());
      assertEquals(List.of(p(2)), e.culprits());
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
              .abortTag(DKG_1)
              .build());
    }
  }
}

package dev.mayfly.transport.memory;

import static dev.mayfly.transport.SessionFixture.DKG_1;
import static dev.mayfly.transport.SessionFixture.DKG_2;
import static dev.mayfly.transport.SessionFixture.HELLO;
import static dev.mayfly.transport.SessionFixture.SIGN_1;
import static dev.mayfly.transport.SessionFixture.p;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.PartyId;
import dev.mayfly.transport.EchoAgreement;
import dev.mayfly.transport.EchoMismatchException;
import dev.mayfly.transport.Envelope;
import dev.mayfly.transport.Frame;
import dev.mayfly.transport.SessionChannel;
import dev.mayfly.transport.SessionFixture;
import dev.mayfly.transport.SessionFixture.Outcome;
import dev.mayfly.transport.Transport;
import dev.mayfly.transport.TransportException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** One test per fault kind, each showing what the parties observe. */
class FaultInjectionTest {
  private static final Duration SHORT = Duration.ofMillis(400);
  /** Seeds of the corruption test: each flips another bit. */
  private static final int SEEDS = 40;

  private static void assertFailed(Outcome<?> outcome, ErrorCode code, List<PartyId> culprits) {
    assertTrue(outcome.failed(), "expected " + code + ", got success");
    TransportException e = (TransportException) outcome.failure();
    assertEquals(code, e.code(), e.getMessage());
    assertEquals(culprits, e.culprits(), e.getMessage());
  }

  private static void assertAllSucceeded(Map<PartyId, ? extends Outcome<?>> outcomes) {
    outcomes.forEach((party, outcome) ->
        assertFalse(outcome.failed(), party + " failed: " + outcome.failure()));
  }

  @Test
  void drop_senderInPhase_peersTimeOutNamingIt() throws Exception {
    try (SessionFixture session = SessionFixture.create(3, FaultPlan.parse("drop:2@dkg"))) {
      Map<PartyId, Outcome<EchoAgreement>> outcomes =
          session.runAll(channel -> session.broadcastAndEcho(channel, SHORT));
      assertFailed(outcomes.get(p(1)), ErrorCode.TRANSPORT_TIMEOUT, List.of(p(2)));
      assertFailed(outcomes.get(p(3)), ErrorCode.TRANSPORT_TIMEOUT, List.of(p(2)));
      assertEquals(2, countOf(session, FaultKind.DROP));
    }
  }

  @Test
  void drop_onlyToOneRecipient_onlyThatOneTimesOut() throws Exception {
    try (SessionFixture session = SessionFixture.create(3, FaultPlan.parse("drop:2@dkg;to=3"))) {
      session.channel(2).broadcast(DKG_1, new byte[] {2});
      assertEquals(Set.of(p(2)), session.channel(1).collect(DKG_1, Set.of(p(2)), SHORT).keySet());
      TransportException e = assertThrows(TransportException.class,
          () -> session.channel(3).collect(DKG_1, Set.of(p(2)), SHORT));
      assertEquals(ErrorCode.TRANSPORT_TIMEOUT, e.code());
      assertEquals(List.of(p(2)), e.culprits());
    }
  }

  @Test
  void delay_withinDeadline_arrivesLateButArrives() throws Exception {
    try (SessionFixture session =
        SessionFixture.create(3, FaultPlan.parse("delay:2@dkg;by=300ms"))) {
      long start = System.nanoTime();
      session.channel(2).send(p(1), DKG_1, new byte[] {2});
      session.channel(1).collect(DKG_1, Set.of(p(2)), Duration.ofSeconds(10));
      assertTrue(System.nanoTime() - start >= Duration.ofMillis(300).toNanos());
    }
  }

  @Test
  void delay_beyondDeadline_timesOutNamingSender() throws Exception {
    try (SessionFixture session = SessionFixture.create(3, FaultPlan.parse("delay:2@dkg;by=2s"))) {
      session.channel(2).send(p(1), DKG_1, new byte[] {2});
      session.channel(3).send(p(1), DKG_1, new byte[] {3});
      TransportException e = assertThrows(TransportException.class,
          () -> session.channel(1).collect(DKG_1, Set.of(p(2), p(3)), Duration.ofMillis(200)));
      assertEquals(ErrorCode.TRANSPORT_TIMEOUT, e.code());
      assertEquals(List.of(p(2)), e.culprits());
    }
  }

  @Test
  void duplicate_everyMessageTwice_copiesAreIgnored() throws Exception {
    try (SessionFixture session = SessionFixture.create(3, FaultPlan.parse("duplicate:2@*"))) {
      Map<PartyId, Outcome<EchoAgreement>> outcomes = session.runAll(channel -> {
        EchoAgreement agreement = session.broadcastAndEcho(channel);
        int self = channel.self().value();
        for (PartyId peer : session.peersOf(self)) {
          channel.send(peer, DKG_2, new byte[] {(byte) self});
        }
        channel.collect(DKG_2, session.peersOf(self), SessionFixture.ROUND_TIMEOUT);
        return agreement;
      });
      assertAllSucceeded(outcomes);
      // Party 2 broadcast and echoed to two peers and sent two DKG_2 messages: 6 copies made.
      assertEquals(6, countOf(session, FaultKind.DUPLICATE));
    }
  }

  @Test
  void reorder_heldMessages_arriveShuffledAfterLaterTraffic() throws Exception {
    try (SessionFixture session =
        SessionFixture.create(2, FaultPlan.parse("reorder:2@dkg;by=100ms,seed=5"))) {
      SessionChannel two = session.channel(2);
      List<Long> sent = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        sent.add(two.send(p(1), DKG_1, new byte[] {(byte) i}).sequence());
      }
      long signSequence = two.send(p(1), SIGN_1, new byte[0]).sequence();
      Transport one = session.network.transport(p(1));
      List<Long> received = new ArrayList<>();
      for (int i = 0; i < 7; i++) {
        Frame frame = one.receive(Duration.ofSeconds(5));
        received.add(Envelope.decode(frame.bytes()).sequence());
      }
      assertEquals(signSequence, received.get(0), "unaffected traffic overtakes the held group");
      List<Long> group = received.subList(1, 7);
      assertEquals(Set.copyOf(sent), Set.copyOf(group));
      assertNotEquals(sent, group, "seed 5 shuffles the group");
    }
  }

  @Test
  void reorder_laterRoundFirst_inboxStillDeliversBothRounds() throws Exception {
    try (SessionFixture session =
        SessionFixture.create(3, FaultPlan.parse("reorder:2@dkg:1;by=150ms"))) {
      session.channel(2).send(p(1), DKG_1, new byte[] {1});
      session.channel(2).send(p(1), DKG_2, new byte[] {2});
      assertEquals(Set.of(p(2)),
          session.channel(1).collect(DKG_1, Set.of(p(2)), Duration.ofSeconds(5)).keySet());
      assertEquals(Set.of(p(2)),
          session.channel(1).collect(DKG_2, Set.of(p(2)), Duration.ZERO).keySet());
    }
  }

  @Test
  void corrupt_bitFlippedInTransit_receiversDropItAndWaitForTheRealOne() throws Exception {
    try (SessionFixture session = SessionFixture.create(3, FaultPlan.parse("corrupt:2@dkg"))) {
      Map<PartyId, Outcome<EchoAgreement>> outcomes =
          session.runAll(channel -> session.broadcastAndEcho(channel, SHORT));
      for (int receiver : new int[] {1, 3}) {
        // Corrupted bytes carry no valid signature: junk, never blamed on the claimed sender.
        assertFailed(outcomes.get(p(receiver)), ErrorCode.TRANSPORT_TIMEOUT, List.of(p(2)));
        assertTrue(session.channel(receiver).droppedCount() >= 1);
      }
    }
  }

  @Test
  void corrupt_anyBit_isDroppedAsJunk() throws Exception {
    // Forty sessions of their own, side by side: each waits out its deadline, and one after
    // another they waited sixteen seconds.
    ExecutorService pool = Executors.newFixedThreadPool(SEEDS);
    try {
      List<Future<?>> runs = new ArrayList<>();
      for (long seed = 0; seed < SEEDS; seed++) {
        long s = seed;
        runs.add(pool.submit(() -> {
          corruptOneBit_receiverDropsItAndTimesOut(s);
          return null;
        }));
      }
      for (Future<?> run : runs) {
        try {
          run.get();
        } catch (ExecutionException e) {
          if (e.getCause() instanceof Error error) {
            throw error; // the failed assertion, with its seed
          }
          throw e;
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static void corruptOneBit_receiverDropsItAndTimesOut(long seed) throws Exception {
    try (SessionFixture session =
        SessionFixture.create(3, FaultPlan.parse("corrupt:2@dkg,seed=" + seed))) {
      session.channel(2).send(p(1), DKG_1, new byte[40]);
      TransportException e = assertThrows(TransportException.class,
          () -> session.channel(1).collect(DKG_1, Set.of(p(2)), SHORT), "seed " + seed);
      assertEquals(ErrorCode.TRANSPORT_TIMEOUT, e.code(), "seed " + seed + ": " + e);
      assertEquals(1, session.channel(1).droppedCount(), "seed " + seed);
    }
  }

  @Test
  void equivocate_validlySignedForgery_echoBroadcastDisputesSender() throws Exception {
    try (SessionFixture session = SessionFixture.create(4, FaultPlan.parse("equivocate:3@dkg"))) {
      session.network.registerEquivocationKey(p(3), session.key(3));
      Map<PartyId, Outcome<EchoAgreement>> outcomes =
          session.runAll(channel -> session.broadcastAndEcho(channel, Duration.ofSeconds(5)));
      for (int party = 1; party <= 4; party++) {
        // Digests alone do not prove who lied; every party sees the dispute about party 3.
        assertFailed(outcomes.get(p(party)), ErrorCode.TRANSPORT_ECHO_MISMATCH, List.of());
        assertEquals(List.of(p(3)),
            ((EchoMismatchException) outcomes.get(p(party)).failure()).disputedSenders());
      }
      List<FaultEvent> forged = session.network.faultLog().stream()
          .filter(e -> e.kind() == FaultKind.EQUIVOCATE).toList();
      assertEquals(2, forged.size(), "half of three recipients, rounded up");
    }
  }

  @Test
  void equivocate_withoutRegisteredKey_failsAtTheSender() {
    try (SessionFixture session = SessionFixture.create(3, FaultPlan.parse("equivocate:3@dkg"))) {
      assertThrows(IllegalStateException.class,
          () -> session.channel(3).broadcast(DKG_1, new byte[] {3}));
    }
  }

  @Test
  void crash_atPhase_earlierPhasesWorkThenPeersTimeOutNamingIt() throws Exception {
    try (SessionFixture session = SessionFixture.create(3, FaultPlan.parse("crash:2@dkg"))) {
      Map<PartyId, Outcome<EchoAgreement>> outcomes = session.runAll(channel -> {
        int self = channel.self().value();
        channel.broadcast(HELLO, new byte[] {(byte) self});
        channel.collect(HELLO, session.peersOf(self), SessionFixture.ROUND_TIMEOUT);
        return session.broadcastAndEcho(channel, SHORT);
      });
      assertFailed(outcomes.get(p(1)), ErrorCode.TRANSPORT_TIMEOUT, List.of(p(2)));
      assertFailed(outcomes.get(p(3)), ErrorCode.TRANSPORT_TIMEOUT, List.of(p(2)));
      List<FaultEvent> crashed = session.network.faultLog();
      assertFalse(crashed.isEmpty());
      crashed.forEach(event -> {
        assertEquals(FaultKind.CRASH, event.kind());
        assertEquals(p(2), event.sender());
        assertNotEquals(HELLO, event.tag());
      });
    }
  }

  @Test
  void faults_otherPartiesAndPhases_areUntouched() throws Exception {
    try (SessionFixture session =
        SessionFixture.create(3, FaultPlan.parse("drop:2@sign,crash:3@sign,corrupt:1@mint"))) {
      assertAllSucceeded(session.runAll(session::broadcastAndEcho));
      assertTrue(session.network.faultLog().isEmpty());
    }
  }

  private static long countOf(SessionFixture session, FaultKind kind) {
    return session.network.faultLog().stream().filter(e -> e.kind() == kind).count();
  }
}

package dev.mayfly.transport;

import static dev.mayfly.transport.SessionFixture.DKG_1;
import static dev.mayfly.transport.SessionFixture.DKG_2;
import static dev.mayfly.transport.SessionFixture.p;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mayfly.transport.memory.FaultPlan;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SessionChannelTest {
  private final SessionFixture session = SessionFixture.create(3, FaultPlan.none());

  @AfterEach
  void tearDown() {
    session.close();
  }

  @Test
  void sendAndBroadcast_sealEnvelopesWithSessionFields() throws TransportException {
    SessionChannel channel = session.channel(2);
    Envelope direct = channel.send(p(1), DKG_2, new byte[] {7});
    Envelope broadcast = channel.broadcast(DKG_1, new byte[] {8});
    assertEquals(session.sessionId, direct.sessionId());
    assertEquals(p(2), direct.sender());
    assertEquals(Optional.of(p(1)), direct.recipient());
    assertArrayEquals(session.policyHash, direct.policyHash());
    assertTrue(broadcast.isBroadcast());
    assertEquals(List.of(0L, 1L), List.of(direct.sequence(), broadcast.sequence()));
    assertEquals(p(2), channel.self());
    assertEquals(session.sessionId, channel.sessionId());
  }

  @Test
  void send_fromManyThreads_neverReusesASequenceNumber() throws Exception {
    SessionChannel channel = session.channel(1);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<List<Long>>> futures = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        futures.add(pool.submit(() -> {
          List<Long> sequences = new ArrayList<>();
          for (int i = 0; i < 50; i++) {
            sequences.add(channel.send(p(2), DKG_2, new byte[0]).sequence());
          }
          return sequences;
        }));
      }
      Set<Long> all = new HashSet<>();
      for (Future<List<Long>> future : futures) {
        all.addAll(future.get());
      }
      assertEquals(200, all.size());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void build_missingOrInconsistentFields_throw() {
    assertThrows(IllegalStateException.class, () -> SessionChannel.builder().build());
    try (IdentityKeyPair stranger = SessionFixture.keyPair(new Random(1))) {
      SessionChannel.Builder otherKey = SessionChannel.builder()
          .transport(session.network.transport(p(1)))
          .identityKey(stranger)
          .sessionId(session.sessionId)
          .policyHash(session.policyHash)
          .directory(session.directory(1))
          .schedule(SessionFixture.SCHEDULE);
      assertThrows(IllegalStateException.class, otherKey::build);
      SessionChannel.Builder shortPolicy = SessionChannel.builder()
          .transport(session.network.transport(p(1)))
          .identityKey(session.key(1))
          .sessionId(session.sessionId)
          .policyHash(new byte[16])
          .directory(session.directory(1))
          .schedule(SessionFixture.SCHEDULE);
      assertThrows(IllegalArgumentException.class, shortPolicy::build);
    }
    assertThrows(IllegalArgumentException.class,
        () -> SessionChannel.builder().maxBufferedPerOrigin(0).transport(
            session.network.transport(p(1))).identityKey(session.key(1))
            .sessionId(session.sessionId).policyHash(session.policyHash)
            .directory(session.directory(1)).schedule(SessionFixture.SCHEDULE).build());
  }

  @Test
  void send_afterTransportClosed_throwsClosed() {
    session.network.transport(p(1)).close();
    TransportException e = assertThrows(TransportException.class,
        () -> session.channel(1).broadcast(DKG_1, new byte[0]));
    assertEquals(dev.mayfly.common.ErrorCode.TRANSPORT_CLOSED, e.code());
  }
}

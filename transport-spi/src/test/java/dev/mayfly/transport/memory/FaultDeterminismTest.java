package dev.mayfly.transport.memory;

import static dev.mayfly.transport.SessionFixture.DKG_1;
import static dev.mayfly.transport.SessionFixture.p;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.mayfly.common.PartyId;
import dev.mayfly.transport.SessionChannel;
import dev.mayfly.transport.SessionFixture;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class FaultDeterminismTest {
  private static final String PLAN =
      "drop:1@dkg;p=0.3,duplicate:2@dkg;p=0.5,corrupt:3@dkg;p=0.5,reorder:4@dkg;p=0.5,"
          + "equivocate:4@dkg,delay:1@dkg;p=0.2;by=1ms";

  /** Every party sends 15 broadcasts and 15 direct messages from its own thread; returns the log. */
  private static List<FaultEvent> run(String plan) throws Exception {
    try (SessionFixture session = SessionFixture.create(4, FaultPlan.parse(plan))) {
      session.network.registerEquivocationKey(p(4), session.key(4));
      ExecutorService pool = Executors.newFixedThreadPool(4);
      try {
        List<Future<?>> futures = new ArrayList<>();
        for (PartyId party : session.parties) {
          SessionChannel channel = session.channel(party.value());
          futures.add(pool.submit(() -> {
            for (int i = 0; i < 15; i++) {
              channel.broadcast(DKG_1, new byte[] {(byte) i});
              channel.send(p(party.value() % 4 + 1), DKG_1, new byte[] {(byte) i, 1});
            }
            return null;
          }));
        }
        for (Future<?> future : futures) {
          future.get();
        }
      } finally {
        pool.shutdownNow();
      }
      List<FaultEvent> log = new ArrayList<>(session.network.faultLog());
      log.sort(null);
      return log;
    }
  }

  @Test
  void samePlanAndSeed_concurrentSenders_makeSameDecisions() throws Exception {
    List<FaultEvent> first = run(PLAN + ",seed=99");
    List<FaultEvent> second = run(PLAN + ",seed=99");
    assertFalse(first.isEmpty());
    assertEquals(first, second);
  }

  @Test
  void otherSeed_makesOtherDecisions() throws Exception {
    assertNotEquals(run(PLAN + ",seed=99"), run(PLAN + ",seed=100"));
  }
}

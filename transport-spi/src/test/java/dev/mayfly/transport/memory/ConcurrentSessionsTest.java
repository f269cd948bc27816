package dev.mayfly.transport.memory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.mayfly.common.PartyId;
import dev.mayfly.transport.EchoAgreement;
import dev.mayfly.transport.SessionFixture;
import dev.mayfly.transport.SessionFixture.Outcome;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Fifty sessions, each on its own network, run side by side without interfering. */
class ConcurrentSessionsTest {
  private static final int SESSIONS = 50;

  @Test
  void fiftySessions_inParallel_eachAgreesOnItsOwnTranscript() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(SESSIONS);
    try {
      List<Future<byte[]>> futures = new ArrayList<>();
      for (int i = 0; i < SESSIONS; i++) {
        long seed = 1000 + i;
        futures.add(pool.submit(() -> {
          try (SessionFixture session = SessionFixture.create(3, FaultPlan.none(), seed)) {
            Map<PartyId, Outcome<EchoAgreement>> outcomes =
                session.runAll(session::broadcastAndEcho);
            byte[] transcript = null;
            for (Outcome<EchoAgreement> outcome : outcomes.values()) {
              assertFalse(outcome.failed(), "seed " + seed + ": " + outcome.failure());
              if (transcript == null) {
                transcript = outcome.value().transcriptHash();
              }
              assertArrayEquals(transcript, outcome.value().transcriptHash());
            }
            return transcript;
          }
        }));
      }
      Set<String> transcripts = new HashSet<>();
      for (Future<byte[]> future : futures) {
        transcripts.add(java.util.HexFormat.of().formatHex(future.get(120, TimeUnit.SECONDS)));
      }
      assertEquals(SESSIONS, transcripts.size());
    } finally {
      pool.shutdownNow();
    }
  }
}

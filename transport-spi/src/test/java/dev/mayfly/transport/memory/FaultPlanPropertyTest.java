package dev.mayfly.transport.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mayfly.common.PartyId;
import java.time.Duration;
import dev.mayfly.testsupport.Gen;
import dev.mayfly.testsupport.Seeded;
import org.junit.jupiter.api.Test;

class FaultPlanPropertyTest {
  private static Fault fault(Gen g) {
    FaultKind kind = g.oneOf(FaultKind.class);
    int party = g.intBetween(1, PartyId.MAX);
    String phase = g.oneOf("dkg", "sign", "hello", "dkg-echo", "mint.v2", "*");
    int round = g.intBetween(-1, 70_000);
    java.util.Set<Integer> recipients = g.setOf(3, () -> g.intBetween(1, 40));
    double probability = g.oneOf(1.0, 0.5, 0.125, 0.001, 0.999999999);
    long delayMs = g.longBetween(1, 600_000);
    Fault.Builder builder = Fault.builder(kind, PartyId.of(party));
    if (!phase.equals("*")) {
      builder.phase(phase);
      if (round >= 0 && round <= 65535) {
        builder.round(round);
      }
    }
    if (kind != FaultKind.CRASH) {
      recipients.forEach(r -> builder.to(PartyId.of(r)));
    }
    if (kind != FaultKind.CRASH && kind != FaultKind.EQUIVOCATE) {
      builder.probability(probability);
    }
    if (kind == FaultKind.DELAY || kind == FaultKind.REORDER) {
      builder.delay(Duration.ofMillis(delayMs));
    }
    return builder.build();
  }

  @Test
  void parse_canonicalSpec_roundTrips() {
    Seeded.forAll(500, g -> {
      Fault first = fault(g);
      Fault second = fault(g);
      long seed = g.longBetween(0, Long.MAX_VALUE);
      FaultPlan plan = FaultPlan.builder().fault(first).fault(second).seed(seed).build();
      FaultPlan back = FaultPlan.parse(plan.toString());
      assertEquals(plan, back);
      assertEquals(plan.toString(), back.toString());
    });
  }
}

package dev.mayfly.transport.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mayfly.common.PartyId;
import java.time.Duration;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class FaultPlanPropertyTest {
  @Provide
  Arbitrary<Fault> faults() {
    return Combinators.combine(
            Arbitraries.of(FaultKind.class),
            Arbitraries.integers().between(1, PartyId.MAX),
            Arbitraries.of("dkg", "sign", "hello", "dkg-echo", "mint.v2", "*"),
            Arbitraries.integers().between(-1, 70_000),
            Arbitraries.integers().between(1, 40).set().ofMaxSize(3),
            Arbitraries.of(1.0, 0.5, 0.125, 0.001, 0.999999999),
            Arbitraries.longs().between(1, 600_000))
        .as((kind, party, phase, round, recipients, probability, delayMs) -> {
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
        });
  }

  @Property(tries = 500)
  void parse_canonicalSpec_roundTrips(
      @ForAll("faults") Fault first, @ForAll("faults") Fault second,
      @ForAll("seeds") long seed) {
    FaultPlan plan = FaultPlan.builder().fault(first).fault(second).seed(seed).build();
    FaultPlan back = FaultPlan.parse(plan.toString());
    assertEquals(plan, back);
    assertEquals(plan.toString(), back.toString());
  }

  @Provide
  Arbitrary<Long> seeds() {
    return Arbitraries.longs().between(0, Long.MAX_VALUE);
  }
}

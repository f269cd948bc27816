package dev.mayfly.transport.memory;

import static dev.mayfly.transport.SessionFixture.p;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FaultPlanTest {
  @Test
  void parse_designExamples_giveExpectedFaults() {
    Fault crash = FaultPlan.parse("crash:2@dkg").faults().get(0);
    assertEquals(FaultKind.CRASH, crash.kind());
    assertEquals(p(2), crash.party());
    assertEquals(Optional.of("dkg"), crash.phase());
    assertEquals(OptionalInt.empty(), crash.round());
    assertEquals(FaultKind.EQUIVOCATE, FaultPlan.parse("equivocate:3@dkg").faults().get(0).kind());
    Fault corrupt = FaultPlan.parse("corrupt:2@sign").faults().get(0);
    assertEquals(FaultKind.CORRUPT, corrupt.kind());
    assertEquals(Optional.of("sign"), corrupt.phase());
  }

  @Test
  void parse_everyOption_isRead() {
    FaultPlan plan = FaultPlan.parse(" delay:2@dkg:1;to=3+1;by=2s , drop:4@*;p=0.25 ,seed=42");
    assertEquals(42, plan.seed());
    Fault delay = plan.faults().get(0);
    assertEquals(OptionalInt.of(1), delay.round());
    assertEquals(List.of(p(1), p(3)), delay.recipients());
    assertEquals(Duration.ofSeconds(2), delay.delay());
    Fault drop = plan.faults().get(1);
    assertEquals(Optional.empty(), drop.phase());
    assertEquals(0.25, drop.probability());
    assertEquals("delay:2@dkg:1;to=1+3;by=2000ms,drop:4@*;p=0.25,seed=42", plan.toString());
  }

  @Test
  void parse_defaults_areFilledIn() {
    FaultPlan plan = FaultPlan.parse("delay:1@hello,reorder:1@hello,duplicate:1@hello");
    assertEquals(Fault.DEFAULT_DELAY, plan.faults().get(0).delay());
    assertEquals(Fault.DEFAULT_REORDER_WINDOW, plan.faults().get(1).delay());
    assertEquals(Duration.ZERO, plan.faults().get(2).delay());
    assertEquals(1.0, plan.faults().get(2).probability());
    assertTrue(plan.faults().get(2).recipients().isEmpty());
    assertEquals(0, plan.seed());
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "", " ", "policy:3", "policy:3@dkg", "crash", "crash:2", "crash:@dkg", "crash:0@dkg",
      "crash:65536@dkg", "crash:x@dkg", "crash:2@Dkg", "crash:2@dkg:65536", "crash:2@dkg:",
      "crash:2@*:1", "crash:2@dkg;to=3", "crash:2@dkg;p=0.5", "equivocate:2@dkg;p=0.5",
      "drop:2@dkg;by=1s", "drop:2@dkg;p=0", "drop:2@dkg;p=1.5", "drop:2@dkg;p=abc",
      "drop:2@dkg;p=-0.5", "delay:2@dkg;by=0ms", "delay:2@dkg;by=11m", "delay:2@dkg;by=601s",
      "delay:2@dkg;by=5", "drop:2@dkg;to=", "drop:2@dkg;to=0", "drop:2@dkg;color=red",
      "drop:2@dkg;p", "drop:2@dkg,", ",drop:2@dkg", "drop:2@dkg,,crash:1@x",
      "seed=1,seed=2", "seed=-1", "seed=99999999999999999999", "seed=abc", "drop:2@dkg:1:2"})
  void parse_invalidSpec_throwsIllegalArgument(String spec) {
    assertThrows(IllegalArgumentException.class, () -> FaultPlan.parse(spec), spec);
  }

  @Test
  void none_isEmptyAndPrintsEmpty() {
    assertTrue(FaultPlan.none().isEmpty());
    assertEquals("", FaultPlan.none().toString());
    assertEquals(FaultPlan.builder().build(), FaultPlan.none());
    assertEquals("seed=3", FaultPlan.builder().seed(3).build().toString());
  }

  @Test
  void builder_buildsSameAsParse() {
    FaultPlan built = FaultPlan.builder()
        .fault(Fault.builder(FaultKind.DROP, p(2)).phase("dkg").round(1).to(p(3))
            .probability(0.5).build())
        .seed(7)
        .build();
    assertEquals(FaultPlan.parse("drop:2@dkg:1;to=3;p=0.5,seed=7"), built);
    assertEquals(built.hashCode(), FaultPlan.parse(built.toString()).hashCode());
  }

  @Test
  void builder_roundWithoutPhase_throwsIllegalArgument() {
    assertThrows(IllegalArgumentException.class,
        () -> Fault.builder(FaultKind.DROP, p(2)).round(1).build());
    assertThrows(IllegalArgumentException.class, () -> FaultPlan.builder().seed(-1));
  }
}

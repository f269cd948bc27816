package dev.mayfly.ceremony;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.PartyId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every fault of issue 5's matrix at every phase it applies to: the ceremony either completes with
 * a valid signature, or every honest party aborts with the same expected code naming the expected
 * party, within the deadline, with no output and every secret destroyed.
 */
class FaultMatrixTest {
  private static final Duration PHASE_TIMEOUT = Duration.ofSeconds(2);
  /** Six phases, each at most one deadline, plus slack for a loaded machine. */
  private static final Duration WITHIN = PHASE_TIMEOUT.multipliedBy(6).plusSeconds(5);
  private static final List<String> PHASES = List.of("hello", "dkg", "sign", "done");
  private static final Set<ErrorCode> CORRUPTION = Set.of(ErrorCode.TRANSPORT_BAD_SIGNATURE,
      ErrorCode.TRANSPORT_MALFORMED_ENVELOPE, ErrorCode.TRANSPORT_UNKNOWN_SENDER);

  static Stream<Arguments> matrix() {
    List<Arguments> cases = new ArrayList<>();
    int party = 1;
    for (String phase : PHASES) {
      party = party % 3 + 1;
      cases.add(aborts("crash:" + party + "@" + phase, Set.of(ErrorCode.TRANSPORT_TIMEOUT), party));
      cases.add(aborts("drop:" + party + "@" + phase, Set.of(ErrorCode.TRANSPORT_TIMEOUT), party));
      cases.add(aborts("delay:" + party + "@" + phase + ";by=5s",
          Set.of(ErrorCode.TRANSPORT_TIMEOUT), party));
      cases.add(aborts("corrupt:" + party + "@" + phase, CORRUPTION, party));
      cases.add(aborts("equivocate:" + party + "@" + phase,
          Set.of(ErrorCode.TRANSPORT_EQUIVOCATION), party));
      cases.add(signs("duplicate:" + party + "@" + phase));
      cases.add(signs("reorder:" + party + "@" + phase));
      cases.add(signs("delay:" + party + "@" + phase + ";by=150ms"));
    }
    cases.add(signs("duplicate:1@*,reorder:2@*,delay:3@*;by=20ms"));
    cases.add(aborts("policy:3", Set.of(ErrorCode.TRANSPORT_POLICY_HASH_MISMATCH), 3));
    cases.add(aborts("evidence:2", Set.of(ErrorCode.SNP_MEASUREMENT_MISMATCH), 2));
    cases.add(aborts("chip:3", Set.of(ErrorCode.CEREMONY_DUPLICATE_CHIP), 1, 3));
    cases.add(aborts("approval:missing", Set.of(ErrorCode.APPROVAL_QUORUM_NOT_MET)));
    cases.add(aborts("approval:duplicate", Set.of(ErrorCode.APPROVAL_DUPLICATE_APPROVER)));
    cases.add(aborts("approval:expired", Set.of(ErrorCode.APPROVAL_EXPIRED)));
    return cases.stream();
  }

  private static Arguments signs(String spec) {
    return Arguments.of(spec, Set.of(), List.of());
  }

  private static Arguments aborts(String spec, Set<ErrorCode> codes, int... culprits) {
    List<PartyId> named = new ArrayList<>();
    for (int culprit : culprits) {
      named.add(PartyId.of(culprit));
    }
    return Arguments.of(spec, codes, named);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("matrix")
  void run_fault_endsAsExpectedAtEveryHonestParty(String spec, Set<ErrorCode> codes,
      List<PartyId> culprits) throws Exception {
    long start = System.nanoTime();
    LocalCeremony.Outcome outcome =
        LocalCeremony.builder().faults(spec).phaseTimeout(PHASE_TIMEOUT).build().run();
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

    assertTrue(elapsed.compareTo(WITHIN) < 0, "took " + elapsed);
    outcome.secretsAlive().forEach((party, alive) ->
        assertEquals(0, alive, party + " kept secrets alive"));
    if (codes.isEmpty()) {
      assertTrue(outcome.succeeded(), () -> "expected a signature, got " + outcome.aborts());
      CeremonyTestSupport.assertVerifies(outcome);
      return;
    }
    assertFalse(outcome.output().isPresent(), "an aborted session must produce no output");
    for (PartyId honest : outcome.honestParties()) {
      CeremonyException abort = outcome.aborts().get(honest);
      assertTrue(abort != null, honest + " did not abort: " + outcome.results().keySet());
      assertTrue(codes.contains(abort.code()), honest + " aborted with " + abort.code());
      assertEquals(culprits, abort.culprits(), honest + " blamed the wrong party");
    }
    assertTrue(outcome.honestAbort().isPresent(), () -> "honest parties disagree: "
        + outcome.aborts());
  }
}

package dev.mayfly.ceremony;

import static dev.mayfly.ceremony.CeremonyTestSupport.assertAgreed;
import static dev.mayfly.ceremony.CeremonyTestSupport.report;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mayfly.cert.mint.GroupKeyAlgorithm;
import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.PartyId;
import dev.mayfly.simulation.ceremony.LocalCeremony;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What decides whether a signature may exist is configured at each party, never taken from the
 * host's proposal (DESIGN.md section 1, "Party-side pins"): a proposal with a host-made approval
 * policy, a lower threshold, another algorithm or more parties is refused by every party before
 * its hello, so nothing is signed, and every party records every party's refusal.
 */
class PartySidePinsTest {
  private static final List<PartyId> ALL = List.of(PartyId.of(1), PartyId.of(2), PartyId.of(3));

  // Bounds, not waits: refusals end a session through the announcements and an honest session
  // signs before them. With 5 s phases and a 2 s window, a session once failed to sign and party
  // 2 once closed its record without party 1's refusal while the ceremony tests shared two cores
  // with the modules built beside them.
  private static LocalCeremony.Builder ceremony() {
    return LocalCeremony.builder().phaseTimeout(Duration.ofSeconds(10))
        .abortWindow(Duration.ofSeconds(4));
  }

  /** Every party refused with {@code code} before its hello, and says so in the record. */
  private static void assertRefusedBeforeHello(LocalCeremony.Outcome outcome, ErrorCode code) {
    OutcomeRecord record = assertAgreed(outcome, ALL, code);
    assertEquals(CeremonyPhase.SETUP, record.phase());
    assertEquals(ALL.stream().map(p -> report(p, code, "setup")).toList(), record.reports());
    for (PartyId party : ALL) {
      // Nothing but its abort announcement (and relays) left any party: no hello, no round.
      assertTrue(outcome.sentRounds(party).stream().allMatch(t -> t.phase().equals("abort")),
          () -> party + " sent " + outcome.sentRounds(party));
    }
  }

  @Test
  void run_hostMadeApprovalPolicy_everyPartyRefusesBeforeItsHello() throws Exception {
    // The host proposes its own approver key with a quorum of one and approves by itself.
    LocalCeremony.Outcome outcome = ceremony().faults("approval:hostmade").build().run();
    assertRefusedBeforeHello(outcome, ErrorCode.CEREMONY_APPROVAL_POLICY_MISMATCH);
  }

  @Test
  void run_thresholdBelowThePin_everyPartyRefusesBeforeItsHello() throws Exception {
    LocalCeremony.Outcome outcome = ceremony().threshold(2)
        .limits(CeremonyLimits.builder().minThreshold(3).build()).build().run();
    assertRefusedBeforeHello(outcome, ErrorCode.CEREMONY_THRESHOLD_TOO_LOW);
  }

  @Test
  void run_algorithmNotAllowed_everyPartyRefusesBeforeItsHello() throws Exception {
    LocalCeremony.Outcome outcome = ceremony().algorithm(GroupKeyAlgorithm.ECDSA_P256)
        .limits(CeremonyLimits.builder().allowedAlgorithms(Set.of(GroupKeyAlgorithm.ED25519))
            .build()).build().run();
    assertRefusedBeforeHello(outcome, ErrorCode.CEREMONY_ALGORITHM_NOT_ALLOWED);
  }

  @Test
  void run_morePartiesThanAllowed_everyPartyRefusesBeforeItsHello() throws Exception {
    LocalCeremony.Outcome outcome = ceremony()
        .limits(CeremonyLimits.builder().maxParties(2).build()).build().run();
    assertRefusedBeforeHello(outcome, ErrorCode.CEREMONY_TOO_MANY_PARTIES);
  }

  @Test
  void run_approvalsExpiredAtTheAgreedStart_everyPartyRefusesBeforeItsHello() throws Exception {
    LocalCeremony.Outcome outcome = ceremony().faults("approval:expired").build().run();
    assertRefusedBeforeHello(outcome, ErrorCode.APPROVAL_EXPIRED);
  }

  @Test
  void run_oneMisconfiguredParty_refusesAloneAndTheOthersReportIt() throws Exception {
    // Party 2 is pinned to another approval policy than the proposal's (and its peers').
    LocalCeremony.Outcome outcome = ceremony()
        .partyApprovalPolicy(PartyId.of(2), dev.mayfly.approval.ApprovalPolicy.builder()
            .approvers(dev.mayfly.approval.ApproverSet.builder().approver("eve",
                dev.mayfly.approval.keys.ApproverSigningKey.generate(
                    dev.mayfly.approval.keys.KeyAlgorithm.ED25519,
                    new java.security.SecureRandom()).publicKey()).build())
            .quorum(1).build())
        .build().run();
    OutcomeRecord record = assertAgreed(outcome, ALL, ErrorCode.CEREMONY_APPROVAL_POLICY_MISMATCH);
    assertEquals(report(PartyId.of(2), ErrorCode.CEREMONY_APPROVAL_POLICY_MISMATCH, "setup"),
        record.reports().get(0));
    assertTrue(outcome.sentRounds(PartyId.of(2)).stream().noneMatch(t -> t.phase().equals("hello")));
  }

  @Test
  void run_withinThePins_signs() throws Exception {
    assertTrue(ceremony().limits(CeremonyLimits.builder().minThreshold(2).maxParties(3)
        .allowedAlgorithms(Set.of(GroupKeyAlgorithm.ED25519)).build()).build().run().succeeded());
  }
}

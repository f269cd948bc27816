package dev.mayfly.ceremony;

import static dev.mayfly.ceremony.CeremonyTestSupport.assertAgreed;
import static dev.mayfly.ceremony.CeremonyTestSupport.assertReportedOnly;
import static dev.mayfly.ceremony.CeremonyTestSupport.report;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mayfly.ceremony.internal.Messages;
import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.PartyId;
import dev.mayfly.simulation.ceremony.LocalCeremony;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Each ceremony error code that only a misconfigured or malicious party (or host) can cause,
 * produced by a real session in which one party is set up wrongly or rewrites what it sends
 * (validly signed with its own key, so only the ceremony's own checks can catch it). Every test
 * checks every honest party's own record: the same at all of them, naming a culprit only with
 * proof. (A party does not check its own messages, so a tampering party's record may differ.)
 */
class CeremonyErrorCodesTest {
  private static final PartyId ONE = PartyId.of(1);
  private static final PartyId TWO = PartyId.of(2);
  private static final PartyId THREE = PartyId.of(3);
  private static final List<PartyId> ALL = List.of(ONE, TWO, THREE);

  private static LocalCeremony.Builder ceremony() {
    return CeremonyTestSupport.busyBuildCeremony();
  }

  /** Replaces the payload of party {@code from}'s envelopes of {@code phase}/{@code round}. */
  private static LocalCeremony.PayloadTamper rewrite(String phase, int round,
      java.util.function.UnaryOperator<byte[]> payload) {
    return (tag, bytes) -> tag.phase().equals(phase) && tag.round() == round
        ? payload.apply(bytes) : bytes;
  }

  @Test
  void run_peerSignsOtherBytes_everyPartyProvesMessageMismatchAgainstIt() throws Exception {
    LocalCeremony.Outcome outcome = ceremony().tamper(TWO, rewrite("sign", 1, payload -> {
      payload[4] ^= 1; // inside the first document's digest (after version, type, u16 count)
      return payload;
    })).build().run();
    OutcomeRecord record = assertAgreed(outcome, outcome.honestParties(), ErrorCode.CEREMONY_MESSAGE_MISMATCH, TWO);
    assertEquals(List.of(new OutcomeRecord.Proof(ErrorCode.CEREMONY_MESSAGE_MISMATCH, TWO,
        "sign/1")), record.proofs());
  }

  @Test
  void run_peerSendsUndecodablePayload_everyPartyProvesMalformedAgainstIt() throws Exception {
    LocalCeremony.Outcome outcome =
        ceremony().tamper(THREE, rewrite("dkg", 1, payload -> new byte[] {1, 2, 0})).build().run();
    assertAgreed(outcome, outcome.honestParties(), ErrorCode.CEREMONY_MALFORMED_MESSAGE, THREE);
  }

  @Test
  void run_peerSendsShareNotEncryptedToRecipient_isReportedNotProven() throws Exception {
    LocalCeremony.Outcome outcome = ceremony().tamper(TWO, rewrite("dkg", 2,
        payload -> Messages.opaque(Messages.TYPE_SEALED, new byte[80]))).build().run();
    // Only a recipient can read a sealed share: each reports it, and nobody is proven guilty.
    OutcomeRecord record = assertAgreed(outcome, outcome.honestParties(), ErrorCode.CEREMONY_HPKE_FAILURE);
    // The first recipient to read its share reports it (the other may stop before it reads its
    // own, and then reports that it was still waiting).
    OutcomeRecord.Report first = record.reports().get(0);
    assertEquals(ErrorCode.CEREMONY_HPKE_FAILURE, first.code());
    assertEquals(List.of(TWO), first.accused());
    assertTrue(List.of(ONE, THREE).contains(first.reporter()), record::toString);
  }

  @Test
  void run_peerEndsWithOtherSignatures_everyPartyProvesSignatureMismatch() throws Exception {
    LocalCeremony.Outcome outcome = ceremony().tamper(THREE, rewrite("done", 1, payload -> {
      payload[2 + 2 + 4] ^= 1; // first byte of the first signature
      return payload;
    })).build().run();
    assertAgreed(outcome, outcome.honestParties(), ErrorCode.CEREMONY_SIGNATURE_MISMATCH, THREE);
  }

  @Test
  void run_peerSendsReceiptOfAnotherTranscript_everyPartyProvesReceiptInvalid() throws Exception {
    // The receipt report follows version, type and the three 64-byte signatures (u8 count, each
    // behind a u32 length), behind its own u32 length; REPORT_DATA is at offset 0x50 of a report.
    LocalCeremony.Outcome outcome = ceremony().tamper(TWO, rewrite("done", 1, payload -> {
      payload[2 + 2 + 3 * (4 + 64) + 4 + 0x50] ^= 1;
      return payload;
    })).build().run();
    assertAgreed(outcome, outcome.honestParties(), ErrorCode.CEREMONY_RECEIPT_INVALID, TWO);
  }

  @Test
  void run_partyWithClockOff_everyPartyRecordsItsReport() throws Exception {
    Clock late = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(5));
    LocalCeremony.Outcome outcome = ceremony().partyClock(THREE, late).build().run();
    OutcomeRecord record = assertAgreed(outcome, ALL, ErrorCode.CEREMONY_CLOCK_SKEW);
    assertEquals(report(THREE, ErrorCode.CEREMONY_CLOCK_SKEW, "setup"), record.reports().get(0));
    assertEquals(CeremonyPhase.SETUP, record.phase());
  }

  @Test
  void run_partyGivenOtherArtifact_everyPartyRecordsItsReport() throws Exception {
    LocalCeremony.Outcome outcome =
        ceremony().partyArtifact(TWO, "something else".getBytes()).build().run();
    OutcomeRecord record = assertAgreed(outcome, ALL, ErrorCode.CEREMONY_ARTIFACT_MISMATCH);
    assertEquals(report(TWO, ErrorCode.CEREMONY_ARTIFACT_MISMATCH, "setup"), record.reports().get(0));
  }

  @Test
  void run_partyWithOtherPolicy_refusesBeforeItsHelloAndOthersReportIt() throws Exception {
    LocalCeremony.Outcome outcome = ceremony().phaseTimeout(Duration.ofSeconds(2))
        .faults("policy:2").build().run();
    assertEquals(ErrorCode.CEREMONY_POLICY_PIN_MISMATCH, outcome.aborts().get(TWO).code());
    assertTrue(outcome.sentRounds(TWO).stream().noneMatch(t -> t.phase().equals("hello")),
        () -> "party 2 sent " + outcome.sentRounds(TWO));
    // Its announcement carries a hello for another policy: the others cannot admit it, and
    // report why they never got a hello from it.
    OutcomeRecord record = assertAgreed(outcome, List.of(ONE, THREE),
        ErrorCode.TRANSPORT_POLICY_HASH_MISMATCH);
    assertEquals(List.of(
        report(ONE, ErrorCode.TRANSPORT_POLICY_HASH_MISMATCH, "hello/1", TWO),
        report(THREE, ErrorCode.TRANSPORT_POLICY_HASH_MISMATCH, "hello/1", TWO)),
        record.reports());
  }

  @Test
  void run_partyGivenOtherProposal_everyPartyReportsItWithoutBlame() throws Exception {
    // Party 3 announces another proposal hash in its (validly signed, attested) hello.
    LocalCeremony.Outcome outcome = ceremony().tamper(THREE, rewrite("hello", 1, payload -> {
      payload[2] ^= 1;
      return payload;
    })).build().run();
    OutcomeRecord record = assertAgreed(outcome, outcome.honestParties(), ErrorCode.CEREMONY_PROPOSAL_MISMATCH);
    assertEquals(report(ONE, ErrorCode.CEREMONY_PROPOSAL_MISMATCH, "hello/1", THREE),
        record.reports().get(0));
    // Party 2 reports the same, unless (on a loaded machine) party 3's next message reached it
    // late and its own timeout came first: then it names party 3 for that. The honest parties
    // name nobody else (party 3's own reports are its own business).
    assertTrue(record.reports().stream().filter(r -> !r.reporter().equals(THREE))
        .allMatch(r -> r.accused().equals(List.of(THREE))), record::toString);
    assertTrue(record.reports().stream().anyMatch(r -> r.reporter().equals(TWO)),
        record::toString);
  }

  @Test
  void run_chipNotThePinnedOne_everyPartyReportsChipMismatch() throws Exception {
    LocalCeremony.Outcome outcome = ceremony().pinChip(TWO, new byte[64]).build().run();
    // Party 2's hello is refused at admission, so its own announcement (which carries that hello)
    // reaches nobody: it holds the same code and culprits, with its own report added.
    assertReportedOnly(assertAgreed(outcome, List.of(ONE, THREE),
        ErrorCode.CEREMONY_CHIP_MISMATCH), ErrorCode.CEREMONY_CHIP_MISMATCH, TWO);
    assertReportedOnly(outcome.aborts().get(TWO).record(), ErrorCode.CEREMONY_CHIP_MISMATCH,
        TWO);
    assertEquals(ErrorCode.CEREMONY_CHIP_MISMATCH, outcome.aborts().get(TWO).code());
  }

  @Test
  void run_clockSkewWithinTolerance_signs() throws Exception {
    Clock early = Clock.offset(Clock.system(ZoneOffset.UTC), Duration.ofSeconds(-30));
    assertTrue(ceremony().partyClock(TWO, early).build().run().succeeded());
  }

  /**
   * A defect of one party's engine (here a hook that throws where a message is sent) is an orderly
   * abort: it destroys its secrets, announces CEREMONY_INTERNAL_ERROR, and every party records it,
   * naming nobody; no unchecked exception reaches the caller.
   */
  @Test
  void run_engineDefectAtOneParty_isAnOrderlyAbortNamingNobody() throws Exception {
    LocalCeremony.Outcome outcome = ceremony().tamper(TWO, (tag, payload) -> {
      if (tag.phase().equals("dkg") && tag.round() == 1) {
        throw new IllegalStateException("a defect, simulated");
      }
      return payload;
    }).build().run();
    assertReportedOnly(assertAgreed(outcome, ALL, ErrorCode.CEREMONY_INTERNAL_ERROR),
        ErrorCode.CEREMONY_INTERNAL_ERROR);
  }
}

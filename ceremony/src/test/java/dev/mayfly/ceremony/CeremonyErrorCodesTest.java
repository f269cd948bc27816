package dev.mayfly.ceremony;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mayfly.ceremony.internal.Messages;
import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.PartyId;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Each ceremony error code that only a misconfigured or malicious party can cause, produced by a
 * real session in which one party is set up wrongly or rewrites what it sends (validly signed with
 * its own key, so only the ceremony's own checks can catch it).
 */
class CeremonyErrorCodesTest {
  private static final PartyId TWO = PartyId.of(2);
  private static final PartyId THREE = PartyId.of(3);

  private static LocalCeremony.Builder ceremony() {
    return LocalCeremony.builder().phaseTimeout(Duration.ofSeconds(5));
  }

  /** Replaces the payload of party {@code from}'s envelopes of {@code phase}/{@code round}. */
  private static PayloadTamper rewrite(String phase, int round,
      java.util.function.UnaryOperator<byte[]> payload) {
    return (tag, bytes) -> tag.phase().equals(phase) && tag.round() == round
        ? payload.apply(bytes) : bytes;
  }

  private static void assertHonestAbort(LocalCeremony.Outcome outcome, ErrorCode code,
      List<PartyId> culprits) {
    assertFalse(outcome.output().isPresent());
    CeremonyException abort = outcome.honestAbort().orElseThrow(
        () -> new AssertionError("honest parties disagree or succeeded: " + outcome.aborts()));
    assertEquals(code, abort.code(), abort::getMessage);
    assertEquals(culprits, abort.culprits());
    outcome.secretsAlive().values().forEach(alive -> assertEquals(0, alive));
  }

  @Test
  void run_peerSignsOtherBytes_throwsMessageMismatchNamingIt() throws Exception {
    LocalCeremony.Outcome outcome = ceremony().tamper(TWO, rewrite("sign", 1, payload -> {
      payload[3] ^= 1; // inside the first document's digest
      return payload;
    })).build().run();
    assertHonestAbort(outcome, ErrorCode.CEREMONY_MESSAGE_MISMATCH, List.of(TWO));
  }

  @Test
  void run_peerSendsUndecodablePayload_throwsMalformedNamingIt() throws Exception {
    LocalCeremony.Outcome outcome =
        ceremony().tamper(THREE, rewrite("dkg", 1, payload -> new byte[] {1, 2, 0})).build().run();
    assertHonestAbort(outcome, ErrorCode.CEREMONY_MALFORMED_MESSAGE, List.of(THREE));
  }

  @Test
  void run_peerSendsShareNotEncryptedToRecipient_throwsHpkeFailureNamingIt() throws Exception {
    LocalCeremony.Outcome outcome = ceremony().tamper(TWO, rewrite("dkg", 2,
        payload -> Messages.opaque(Messages.TYPE_SEALED, new byte[80]))).build().run();
    for (PartyId honest : List.of(PartyId.of(1), THREE)) {
      CeremonyException abort = outcome.aborts().get(honest);
      assertEquals(ErrorCode.CEREMONY_HPKE_FAILURE, abort.code(), abort::getMessage);
      assertEquals(List.of(TWO), abort.culprits());
    }
  }

  @Test
  void run_peerEndsWithOtherSignatures_throwsSignatureMismatchNamingIt() throws Exception {
    LocalCeremony.Outcome outcome = ceremony().tamper(THREE, rewrite("done", 1, payload -> {
      payload[2 + 1 + 4] ^= 1; // first byte of the first signature
      return payload;
    })).build().run();
    assertHonestAbort(outcome, ErrorCode.CEREMONY_SIGNATURE_MISMATCH, List.of(THREE));
  }

  @Test
  void run_peerSendsReceiptOfAnotherTranscript_throwsReceiptInvalidNamingIt() throws Exception {
    // The receipt report follows version, type and the three 64-byte signatures (u8 count, each
    // behind a u32 length), behind its own u32 length; REPORT_DATA is at offset 0x50 of a report.
    LocalCeremony.Outcome outcome = ceremony().tamper(TWO, rewrite("done", 1, payload -> {
      payload[2 + 1 + 3 * (4 + 64) + 4 + 0x50] ^= 1;
      return payload;
    })).build().run();
    assertHonestAbort(outcome, ErrorCode.CEREMONY_RECEIPT_INVALID, List.of(TWO));
  }

  @Test
  void run_partyWithClockOff_abortsWithClockSkew() throws Exception {
    Clock late = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(5));
    LocalCeremony.Outcome outcome = ceremony().partyClock(THREE, late).build().run();
    CeremonyException own = outcome.aborts().get(THREE);
    assertEquals(ErrorCode.CEREMONY_CLOCK_SKEW, own.code());
    assertEquals(List.of(), own.culprits());
    assertEquals(CeremonyPhase.SETUP, own.phase());
    // The others learn it from party 3's announcement.
    CeremonyException adopted = outcome.aborts().get(PartyId.of(1));
    assertEquals(ErrorCode.CEREMONY_CLOCK_SKEW, adopted.code());
    assertEquals(THREE, adopted.reporter().orElseThrow());
  }

  @Test
  void run_partyGivenOtherArtifact_abortsWithArtifactMismatch() throws Exception {
    LocalCeremony.Outcome outcome =
        ceremony().partyArtifact(TWO, "something else".getBytes()).build().run();
    assertEquals(ErrorCode.CEREMONY_ARTIFACT_MISMATCH, outcome.aborts().get(TWO).code());
    assertEquals(ErrorCode.CEREMONY_ARTIFACT_MISMATCH,
        outcome.aborts().get(PartyId.of(1)).code());
  }

  @Test
  void run_partyWithOtherPolicy_ownAbortIsPolicyPinMismatch() throws Exception {
    LocalCeremony.Outcome outcome = ceremony().faults("policy:2").build().run();
    assertEquals(ErrorCode.CEREMONY_POLICY_PIN_MISMATCH, outcome.aborts().get(TWO).code());
    assertHonestAbort(outcome, ErrorCode.TRANSPORT_POLICY_HASH_MISMATCH, List.of(TWO));
  }

  @Test
  void run_partyGivenOtherProposal_throwsProposalMismatchNamingIt() throws Exception {
    // Party 3 announces another proposal hash in its (validly signed) hello.
    LocalCeremony.Outcome outcome = ceremony().tamper(THREE, rewrite("hello", 1, payload -> {
      payload[2] ^= 1;
      return payload;
    })).build().run();
    assertHonestAbort(outcome, ErrorCode.CEREMONY_PROPOSAL_MISMATCH, List.of(THREE));
  }

  @Test
  void run_chipNotThePinnedOne_throwsChipMismatchNamingIt() throws Exception {
    LocalCeremony.Outcome outcome = ceremony().pinChip(TWO, new byte[64]).build().run();
    assertHonestAbort(outcome, ErrorCode.CEREMONY_CHIP_MISMATCH, List.of(TWO));
  }

  @Test
  void run_clockSkewWithinTolerance_signs() throws Exception {
    Clock early = Clock.offset(Clock.system(ZoneOffset.UTC), Duration.ofSeconds(-30));
    assertTrue(ceremony().partyClock(TWO, early).build().run().succeeded());
  }
}

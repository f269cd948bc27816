package dev.mayfly.transport;

import static dev.mayfly.transport.SessionFixture.DKG_1;
import static dev.mayfly.transport.SessionFixture.DKG_1_ECHO;
import static dev.mayfly.transport.SessionFixture.p;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.PartyId;
import dev.mayfly.common.bytes.ByteWriter;
import dev.mayfly.transport.memory.FaultPlan;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EchoBroadcastTest {
  private final SessionFixture session = SessionFixture.create(3, FaultPlan.none());

  @AfterEach
  void tearDown() {
    session.close();
  }

  private Envelope broadcast(int from, byte[] payload) {
    return session.envelopeFrom(from).tag(DKG_1).broadcast().sequence(0).payload(payload)
        .sign(session.key(from));
  }

  /** Party 1's view: its own broadcast and those of 2 and 3. */
  private EchoBroadcast viewOfParty1(Envelope fromTwo) {
    return EchoBroadcast.of(DKG_1,
        List.of(broadcast(1, new byte[] {1}), fromTwo, broadcast(3, new byte[] {3})));
  }

  /** {@code payload} as party {@code from}'s verified echo, checked by party 1's verifier. */
  private VerifiedEnvelope echoFrom(int from, byte[] payload) throws TransportException {
    Envelope echo = session.envelopeFrom(from).tag(DKG_1_ECHO).broadcast().sequence(1)
        .payload(payload).sign(session.key(from));
    return session.channel(1).inbox().verifier().verify(echo, p(from));
  }

  @Test
  void echo_allHonest_everyPartyAgreesOnOneTranscript() throws Exception {
    Map<PartyId, SessionFixture.Outcome<EchoAgreement>> outcomes =
        session.runAll(session::broadcastAndEcho);
    byte[] transcript = outcomes.get(p(1)).value().transcriptHash();
    for (SessionFixture.Outcome<EchoAgreement> outcome : outcomes.values()) {
      assertFalse(outcome.failed(), String.valueOf(outcome.failure()));
      assertEquals(List.of(p(1), p(2), p(3)), outcome.value().senders());
      assertArrayEquals(transcript, outcome.value().transcriptHash());
    }
  }

  @Test
  void verify_echoSawOtherEnvelopeFromSender_throwsEchoMismatchNamingNobody() throws Exception {
    EchoBroadcast mine = viewOfParty1(broadcast(2, new byte[] {2}));
    EchoBroadcast partyThreesView = viewOfParty1(broadcast(2, new byte[] {2, 2}));
    EchoMismatchException e = assertThrows(EchoMismatchException.class, () -> mine.verify(Map.of(
        p(2), echoFrom(2, mine.payload()),
        p(3), echoFrom(3, partyThreesView.payload()))));
    assertEquals(ErrorCode.TRANSPORT_ECHO_MISMATCH, e.code());
    assertEquals(List.of(), e.culprits());
    assertEquals(DKG_1, e.tag());
    assertEquals(List.of(new EchoMismatchException.Disagreement(p(3), p(2))), e.disagreements());
    assertEquals(List.of(p(2)), e.disputedSenders());
  }

  @Test
  void verify_matchingEchoes_returnsAgreement() throws Exception {
    EchoBroadcast mine = viewOfParty1(broadcast(2, new byte[] {2}));
    EchoAgreement agreement = mine.verify(Map.of(
        p(2), echoFrom(2, mine.payload()), p(3), echoFrom(3, mine.payload())));
    assertEquals(DKG_1, agreement.tag());
    assertArrayEquals(broadcast(2, new byte[] {2}).digest(), agreement.digests().get(p(2)));
  }

  @Test
  void verify_undecodableEcho_throwsMalformedNamingEchoer() throws Exception {
    EchoBroadcast mine = viewOfParty1(broadcast(2, new byte[] {2}));
    byte[] truncated = java.util.Arrays.copyOf(mine.payload(), mine.payload().length - 1);
    VerifiedEnvelope bad = echoFrom(3, truncated);
    TransportException e = assertThrows(TransportException.class,
        () -> mine.verify(Map.of(p(2), echoFrom(2, mine.payload()), p(3), bad)));
    assertEquals(ErrorCode.TRANSPORT_MALFORMED_ENVELOPE, e.code());
    assertEquals(List.of(p(3)), e.culprits());
    assertEquals(List.of(bad.envelope()), e.evidence());
    assertFalse(mine.isWellFormedEcho(truncated));
    org.junit.jupiter.api.Assertions.assertTrue(mine.isWellFormedEcho(mine.payload()));
  }

  @Test
  void verify_echoListingOtherSenders_throwsMalformedNamingEchoer() throws Exception {
    EchoBroadcast mine = viewOfParty1(broadcast(2, new byte[] {2}));
    EchoBroadcast partial = EchoBroadcast.of(DKG_1, List.of(broadcast(1, new byte[] {1})));
    TransportException e = assertThrows(TransportException.class,
        () -> mine.verify(Map.of(p(2), echoFrom(2, partial.payload()))));
    assertEquals(ErrorCode.TRANSPORT_MALFORMED_ENVELOPE, e.code());
    assertEquals(List.of(p(2)), e.culprits());
  }

  @Test
  void verify_echoAboutOtherRoundOrVersion_throwsMalformedNamingEchoer() throws Exception {
    EchoBroadcast mine = viewOfParty1(broadcast(2, new byte[] {2}));
    byte[] otherRound = mine.payload();
    otherRound[2 + DKG_1.phase().length() + 1] ^= 1;
    byte[] otherVersion = mine.payload();
    otherVersion[0] = 2;
    byte[] unsorted = new ByteWriter(100).u8(1).u8(3).bytes("dkg".getBytes(
        java.nio.charset.StandardCharsets.US_ASCII)).u16(1).u16(2).u16(3).bytes(new byte[32])
        .u16(2).bytes(new byte[32]).toByteArray();
    for (byte[] payload : List.of(otherRound, otherVersion, unsorted)) {
      TransportException e = assertThrows(TransportException.class,
          () -> mine.verify(Map.of(p(3), echoFrom(3, payload))));
      assertEquals(ErrorCode.TRANSPORT_MALFORMED_ENVELOPE, e.code());
      assertEquals(List.of(p(3)), e.culprits());
    }
  }

  @Test
  void of_invalidViews_throwIllegalArgument() {
    Envelope direct = session.envelopeFrom(2).tag(DKG_1).recipient(p(1)).sequence(0)
        .payload(new byte[0]).sign(session.key(2));
    Envelope otherRound = session.envelopeFrom(2).tag(DKG_1_ECHO).broadcast().sequence(0)
        .payload(new byte[0]).sign(session.key(2));
    Envelope fromTwo = broadcast(2, new byte[0]);
    assertThrows(IllegalArgumentException.class, () -> EchoBroadcast.of(DKG_1, List.of()));
    assertThrows(IllegalArgumentException.class, () -> EchoBroadcast.of(DKG_1, List.of(direct)));
    assertThrows(IllegalArgumentException.class,
        () -> EchoBroadcast.of(DKG_1, List.of(otherRound)));
    assertThrows(IllegalArgumentException.class,
        () -> EchoBroadcast.of(DKG_1, List.of(fromTwo, broadcast(2, new byte[] {9}))));
  }

  @Test
  void verify_entryUnderWrongParty_throwsIllegalArgument() throws Exception {
    EchoBroadcast mine = viewOfParty1(broadcast(2, new byte[] {2}));
    VerifiedEnvelope fromThree = echoFrom(3, mine.payload());
    assertThrows(IllegalArgumentException.class, () -> mine.verify(Map.of(p(2), fromThree)));
  }

  @Test
  void viewOf_ownAndReceived_listsBoth() throws Exception {
    Envelope own = broadcast(1, new byte[] {1});
    VerifiedEnvelope two = session.channel(1).inbox().verifier()
        .verify(broadcast(2, new byte[] {2}), p(2));
    List<Envelope> view = SessionChannel.viewOf(Optional.of(own),
        new java.util.TreeMap<>(Map.of(p(2), two)));
    assertEquals(List.of(own, two.envelope()), view);
  }
}

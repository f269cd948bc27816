package dev.mayfly.transport;

import static dev.mayfly.transport.SessionFixture.p;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.PartyId;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One test per stateless receiver-side check; party 1 receives, party 2 sends. */
class EnvelopeVerifierTest {
  private static final PartyId RECEIVER = p(1);
  private static final PartyId SENDER = p(2);
  private static final PartyId ORIGIN = p(2);

  private final Random random = new Random(3);
  private final SessionId session = SessionId.create(SessionFixture.bytes(random, 32));
  private final byte[] policy = SessionFixture.bytes(random, 32);
  private IdentityKeyPair senderKey;
  private IdentityKeyPair otherKey;
  private PeerDirectory directory;
  private EnvelopeVerifier verifier;

  @BeforeEach
  void setUp() {
    senderKey = SessionFixture.keyPair(random);
    otherKey = SessionFixture.keyPair(random);
    directory = PeerDirectory.create(Set.of(p(1), p(2), p(3)));
    directory.pin(SENDER, senderKey.publicKey());
    verifier = EnvelopeVerifier.create(session, RECEIVER, policy, directory);
  }

  @AfterEach
  void tearDown() {
    senderKey.close();
    otherKey.close();
  }

  private Envelope.Builder valid() {
    return Envelope.builder()
        .sessionId(session)
        .tag(RoundTag.of("dkg", 1))
        .sender(SENDER)
        .recipient(RECEIVER)
        .sequence(1)
        .policyHash(policy)
        .payload(new byte[] {1, 2, 3});
  }

  @Test
  void verify_validEnvelope_returnsProofWithPinnedKey() throws TransportException {
    Envelope envelope = valid().sign(senderKey);
    VerifiedEnvelope verified = verifier.verify(envelope, ORIGIN);
    assertSame(envelope, verified.envelope());
    assertEquals(SENDER, verified.sender());
    assertEquals(senderKey.publicKey(), verified.signerKey());
    assertFalse(verified.isSelfSigned());
  }

  @Test
  void verify_broadcast_isAccepted() throws TransportException {
    assertEquals(SENDER, verifier.verify(valid().broadcast().sign(senderKey), ORIGIN).sender());
  }

  @Test
  void verify_senderOutsideRoster_throwsUnknownSenderNamingNobody() {
    Envelope envelope = valid().sender(p(4)).sign(senderKey);
    assertRejected(ErrorCode.TRANSPORT_UNKNOWN_SENDER, List.of(),
        () -> verifier.verify(envelope, ORIGIN));
  }

  @Test
  void verify_senderWithoutPinnedKey_throwsUnknownSender() {
    Envelope envelope = valid().sender(p(3)).sign(otherKey);
    assertRejected(ErrorCode.TRANSPORT_UNKNOWN_SENDER, List.of(),
        () -> verifier.verify(envelope, p(3)));
  }

  @Test
  void verify_envelopeClaimingReceiverAsSender_throwsUnknownSender() {
    directory.pin(RECEIVER, otherKey.publicKey());
    Envelope envelope = valid().sender(RECEIVER).sign(otherKey);
    assertRejected(ErrorCode.TRANSPORT_UNKNOWN_SENDER, List.of(),
        () -> verifier.verify(envelope, ORIGIN));
  }

  @Test
  void verify_signedByAnotherKey_throwsBadSignatureNamingNobody() {
    Envelope forged = valid().sign(otherKey);
    assertRejected(ErrorCode.TRANSPORT_BAD_SIGNATURE, List.of(),
        () -> verifier.verify(forged, ORIGIN));
  }

  @Test
  void verify_forgedSenderRelayedByThirdParty_blamesNobody() {
    Envelope forged = valid().sign(otherKey);
    assertRejected(ErrorCode.TRANSPORT_BAD_SIGNATURE, List.of(),
        () -> verifier.verify(forged, p(3)));
  }

  @Test
  void verify_otherSession_throwsWrongSessionNamingSender() {
    Envelope envelope = valid().sessionId(SessionId.create(new byte[32])).sign(senderKey);
    assertRejected(ErrorCode.TRANSPORT_WRONG_SESSION, List.of(SENDER),
        () -> verifier.verify(envelope, p(3)));
  }

  @Test
  void verify_otherPolicyHash_throwsPolicyHashMismatchNamingSender() {
    byte[] otherPolicy = policy.clone();
    otherPolicy[31] ^= 1;
    Envelope envelope = valid().policyHash(otherPolicy).sign(senderKey);
    assertRejected(ErrorCode.TRANSPORT_POLICY_HASH_MISMATCH, List.of(SENDER),
        () -> verifier.verify(envelope, ORIGIN));
  }

  @Test
  void verify_addressedToAnotherParty_throwsWrongRecipientNamingNobody() {
    Envelope envelope = valid().recipient(p(3)).sign(senderKey);
    assertRejected(ErrorCode.TRANSPORT_WRONG_RECIPIENT, List.of(),
        () -> verifier.verify(envelope, ORIGIN));
  }

  @Test
  void verifySelfSigned_unpinnedSenderWithCarriedKey_returnsSelfSignedProof()
      throws TransportException {
    Envelope hello = valid().sender(p(3)).sign(otherKey);
    VerifiedEnvelope verified =
        verifier.verifySelfSigned(hello, p(3), otherKey.publicKey().encoded());
    assertTrue(verified.isSelfSigned());
    assertEquals(otherKey.publicKey(), verified.signerKey());
    directory.pin(p(3), verified.signerKey());
    assertFalse(verifier.verify(hello, p(3)).isSelfSigned());
  }

  @Test
  void verifySelfSigned_carriedKeyDidNotSign_throwsBadSignature() {
    Envelope hello = valid().sender(p(3)).sign(otherKey);
    assertRejected(ErrorCode.TRANSPORT_BAD_SIGNATURE, List.of(),
        () -> verifier.verifySelfSigned(hello, p(3), senderKey.publicKey().encoded()));
  }

  @Test
  void verifySelfSigned_carriedKeyInvalid_throwsBadSignature() {
    Envelope hello = valid().sender(p(3)).sign(otherKey);
    assertRejected(ErrorCode.TRANSPORT_BAD_SIGNATURE, List.of(),
        () -> verifier.verifySelfSigned(hello, p(3), new byte[5]));
    byte[] identityPoint = new byte[32];
    identityPoint[0] = 1; // the neutral element: small order, refused
    assertRejected(ErrorCode.TRANSPORT_BAD_SIGNATURE, List.of(),
        () -> verifier.verifySelfSigned(hello, p(3), identityPoint));
  }

  @Test
  void verifySelfSigned_carriedKeyDiffersFromPinned_throwsBadSignature() {
    Envelope hello = valid().sign(senderKey);
    assertRejected(ErrorCode.TRANSPORT_BAD_SIGNATURE, List.of(),
        () -> verifier.verifySelfSigned(hello, ORIGIN, otherKey.publicKey().encoded()));
  }

  @Test
  void create_badArguments_throwIllegalArgument() {
    assertThrows(IllegalArgumentException.class,
        () -> EnvelopeVerifier.create(session, RECEIVER, new byte[31], directory));
    assertThrows(IllegalArgumentException.class,
        () -> EnvelopeVerifier.create(session, p(9), policy, directory));
    assertThrows(NullPointerException.class,
        () -> EnvelopeVerifier.create(null, RECEIVER, policy, directory));
  }

  interface Call {
    void run() throws TransportException;
  }

  static void assertRejected(ErrorCode code, List<PartyId> culprits, Call call) {
    TransportException e = assertThrows(TransportException.class, call::run);
    assertEquals(code, e.code());
    assertEquals(culprits, e.culprits());
    assertFalse(e.isRetryable());
  }
}

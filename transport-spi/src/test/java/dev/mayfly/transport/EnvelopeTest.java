package dev.mayfly.transport;

import static dev.mayfly.transport.SessionFixture.p;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.PartyId;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class EnvelopeTest {
  private static final Random RANDOM = new Random(7);
  private static final IdentityKeyPair KEY = SessionFixture.keyPair(RANDOM);
  private static final SessionId SESSION = SessionId.create(SessionFixture.bytes(RANDOM, 32));
  private static final byte[] POLICY = SessionFixture.bytes(RANDOM, 32);

  @AfterAll
  static void closeKey() {
    KEY.close();
  }

  static Envelope.Builder builder() {
    return Envelope.builder()
        .sessionId(SESSION)
        .tag(RoundTag.of("dkg", 2))
        .sender(p(3))
        .recipient(p(513))
        .sequence(0x0102030405060708L)
        .policyHash(POLICY)
        .payload("hello".getBytes(StandardCharsets.US_ASCII));
  }

  @Test
  void encode_knownEnvelope_followsDocumentedLayout() {
    byte[] encoded = builder().sign(KEY).encode();
    assertEquals(1 + 32 + 1 + 3 + 2 + 2 + 2 + 8 + 32 + 4 + 5 + 64, encoded.length);
    assertEquals(1, encoded[0]);
    assertArrayEquals(SESSION.bytes(), Arrays.copyOfRange(encoded, 1, 33));
    assertEquals(3, encoded[33]);
    assertEquals("dkg", new String(encoded, 34, 3, StandardCharsets.US_ASCII));
    assertArrayEquals(new byte[] {0, 2, 0, 3, 2, 1, 1, 2, 3, 4, 5, 6, 7, 8},
        Arrays.copyOfRange(encoded, 37, 51));
    assertArrayEquals(POLICY, Arrays.copyOfRange(encoded, 51, 83));
    assertArrayEquals(new byte[] {0, 0, 0, 5, 'h', 'e', 'l', 'l', 'o'},
        Arrays.copyOfRange(encoded, 83, 92));
  }

  @Test
  void decode_encodedEnvelope_returnsEveryField() throws TransportException {
    Envelope sent = builder().sign(KEY);
    Envelope back = Envelope.decode(sent.encode());
    assertEquals(sent, back);
    assertEquals(SESSION, back.sessionId());
    assertEquals(RoundTag.of("dkg", 2), back.tag());
    assertEquals(p(3), back.sender());
    assertEquals(Optional.of(p(513)), back.recipient());
    assertEquals(0x0102030405060708L, back.sequence());
    assertArrayEquals(POLICY, back.policyHash());
    assertArrayEquals("hello".getBytes(StandardCharsets.US_ASCII), back.payload());
    assertArrayEquals(sent.signature(), back.signature());
    assertEquals(Envelope.FORMAT_VERSION, back.version());
    assertTrue(back.signatureVerifies(KEY.publicKey()));
  }

  @Test
  void signatureVerifies_afterVerifyingUnderOneKey_stillRefusesEveryOtherKey()
      throws TransportException {
    // The result is kept for the key it verified under, and only for that key.
    Envelope back = Envelope.decode(builder().sign(KEY).encode());
    try (IdentityKeyPair other = SessionFixture.keyPair(RANDOM)) {
      assertFalse(back.signatureVerifies(other.publicKey()));
      assertTrue(back.signatureVerifies(KEY.publicKey()));
      assertFalse(back.signatureVerifies(other.publicKey()));
      assertTrue(back.signatureVerifies(IdentityPublicKey.create(KEY.publicKey().encoded())));
    }
  }

  @Test
  void decode_broadcast_hasNoRecipient() throws TransportException {
    Envelope back = Envelope.decode(builder().broadcast().sign(KEY).encode());
    assertTrue(back.isBroadcast());
    assertEquals(Optional.empty(), back.recipient());
  }

  @Test
  void decode_trailingByte_throwsMalformedNamingNobody() {
    byte[] encoded = builder().sign(KEY).encode();
    byte[] longer = Arrays.copyOf(encoded, encoded.length + 1);
    assertMalformed(longer);
  }

  @Test
  void decode_truncated_throwsMalformed() {
    byte[] encoded = builder().sign(KEY).encode();
    for (int length = 0; length < encoded.length; length++) {
      assertMalformed(Arrays.copyOf(encoded, length));
    }
  }

  @Test
  void decode_otherVersion_throwsMalformed() {
    byte[] encoded = builder().sign(KEY).encode();
    encoded[0] = 2;
    assertMalformed(encoded);
  }

  @Test
  void decode_badFields_throwMalformed() {
    byte[] encoded = builder().sign(KEY).encode();
    assertMalformed(with(encoded, 33, 0)); // phase length 0
    assertMalformed(with(encoded, 33, 33)); // phase length above 32
    assertMalformed(with(encoded, 34, 'D')); // upper-case phase
    assertMalformed(with(encoded, 34, '1')); // phase starting with a digit
    assertMalformed(with(with(encoded, 39, 0), 40, 0)); // sender 0
    assertMalformed(with(encoded, 43, 0x80)); // sequence top bit
    assertMalformed(with(encoded, 85, 0x01)); // payload length beyond the bytes
    assertMalformed(with(encoded, 83, 0xFF)); // payload length above the limit
  }

  @Test
  void decode_withoutOrigin_namesNobody() {
    TransportException e = assertThrows(TransportException.class, () -> Envelope.decode(new byte[3]));
    assertEquals(ErrorCode.TRANSPORT_MALFORMED_ENVELOPE, e.code());
    assertEquals(List.of(), e.culprits());
    assertFalse(e.isRetryable());
  }

  @Test
  void decode_callerArrayChangedAfterwards_envelopeUnchanged() throws TransportException {
    byte[] encoded = builder().sign(KEY).encode();
    Envelope envelope = Envelope.decode(encoded);
    encoded[90] ^= 1;
    assertTrue(envelope.signatureVerifies(KEY.publicKey()));
  }

  @Test
  void sign_missingField_throwsIllegalState() {
    assertThrows(IllegalStateException.class, () -> Envelope.builder().sign(KEY));
    assertThrows(IllegalStateException.class,
        () -> Envelope.builder().sessionId(SESSION).tag(RoundTag.of("a", 0)).sender(p(1))
            .sequence(0).policyHash(POLICY).payload(new byte[0]).sign(KEY));
  }

  @Test
  void builder_outOfRangeValues_throwIllegalArgument() {
    assertThrows(IllegalArgumentException.class, () -> Envelope.builder().sequence(-1));
    assertThrows(IllegalArgumentException.class, () -> Envelope.builder().policyHash(new byte[31]));
    assertThrows(IllegalArgumentException.class,
        () -> Envelope.builder().payload(new byte[Envelope.MAX_PAYLOAD_BYTES + 1]));
    assertThrows(NullPointerException.class, () -> Envelope.builder().payload(null));
  }

  @Test
  void sign_largestPayload_roundTrips() throws TransportException {
    byte[] payload = new byte[Envelope.MAX_PAYLOAD_BYTES];
    payload[payload.length - 1] = 42;
    Envelope sent = builder().tag(RoundTag.of("a".repeat(32), 65535)).payload(payload).sign(KEY);
    assertEquals(Envelope.MAX_ENCODED_BYTES, sent.encodedLength());
    Envelope back = Envelope.decode(sent.encode());
    assertEquals(42, back.payload()[payload.length - 1]);
    assertTrue(back.signatureVerifies(KEY.publicKey()));
  }

  @Test
  void toBuilder_changedPayload_signsNewEnvelopeWithSameHeader() {
    Envelope original = builder().sign(KEY);
    Envelope changed = original.toBuilder().payload(new byte[] {1}).sign(KEY);
    assertEquals(original.tag(), changed.tag());
    assertEquals(original.sequence(), changed.sequence());
    assertEquals(original.recipient(), changed.recipient());
    assertFalse(Arrays.equals(original.digest(), changed.digest()));
  }

  @Test
  void toString_neverShowsPayload() {
    Envelope envelope = builder().payload("secret-ish".getBytes(StandardCharsets.US_ASCII)).sign(KEY);
    assertFalse(envelope.toString().contains("secret-ish"));
  }

  private static byte[] with(byte[] encoded, int index, int value) {
    byte[] copy = encoded.clone();
    copy[index] = (byte) value;
    return copy;
  }

  private static void assertMalformed(byte[] bytes) {
    PartyId origin = p(9);
    TransportException e =
        assertThrows(TransportException.class, () -> Envelope.decode(bytes, origin));
    assertEquals(ErrorCode.TRANSPORT_MALFORMED_ENVELOPE, e.code());
    assertEquals(List.of(), e.culprits()); // the origin is only what a relay says
    assertTrue(e.getMessage().contains(origin.toString()), e.getMessage());
  }
}

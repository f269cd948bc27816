package dev.mayfly.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.PartyId;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import dev.mayfly.testsupport.Gen;
import dev.mayfly.testsupport.Seeded;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Properties of the envelope codec and its signature, on generated envelopes. */
class EnvelopePropertyTest {
  private static final IdentityKeyPair KEY = SessionFixture.keyPair(new Random(11));
  private static final PartyId ORIGIN = PartyId.of(77);
  private static final Set<ErrorCode> REJECTIONS_BEFORE_AUTHENTICATION = Set.of(
      ErrorCode.TRANSPORT_MALFORMED_ENVELOPE,
      ErrorCode.TRANSPORT_UNKNOWN_SENDER,
      ErrorCode.TRANSPORT_BAD_SIGNATURE);
  private static final String PHASE_REST = "abcdefghijklmnopqrstuvwxyz0123456789._-";

  @AfterAll
  static void closeKey() {
    KEY.close();
  }

  /** A signed envelope with every field drawn from {@code g}. */
  private static Envelope envelope(Gen g) {
    byte[] session = g.bytes(32, 32);
    StringBuilder phaseName = new StringBuilder().append((char) g.intBetween('a', 'z'));
    int rest = g.intBetween(0, 31);
    for (int i = 0; i < rest; i++) {
      phaseName.append(PHASE_REST.charAt(g.intBetween(0, PHASE_REST.length() - 1)));
    }
    int round = g.intBetween(0, RoundTag.MAX_ROUND);
    int sender = g.intBetween(1, PartyId.MAX);
    int recipient = g.intBetween(0, PartyId.MAX);
    long sequence = g.longBetween(0, Long.MAX_VALUE);
    byte[] policy = g.bytes(32, 32);
    byte[] payload = g.bytes(300);
    Envelope.Builder builder = Envelope.builder()
        .sessionId(SessionId.create(session))
        .tag(RoundTag.of(phaseName.toString(), round))
        .sender(PartyId.of(sender))
        .sequence(sequence)
        .policyHash(policy)
        .payload(payload);
    // A party never addresses itself; such an envelope is rejected as UNKNOWN_SENDER.
    builder = recipient == 0 || recipient == sender
        ? builder.broadcast() : builder.recipient(PartyId.of(recipient));
    return builder.sign(KEY);
  }

  @Test
  void decode_encodedEnvelope_roundTrips() {
    Seeded.forAll(200, g -> decodeRoundTrips(envelope(g)));
  }

  private static void decodeRoundTrips(Envelope envelope) throws TransportException {
    Envelope back = Envelope.decode(envelope.encode());
    assertEquals(envelope, back);
    assertEquals(envelope.tag(), back.tag());
    assertEquals(envelope.sender(), back.sender());
    assertEquals(envelope.recipient(), back.recipient());
    assertEquals(envelope.sequence(), back.sequence());
    assertEquals(envelope.sessionId(), back.sessionId());
    assertArrayEquals(envelope.policyHash(), back.policyHash());
    assertArrayEquals(envelope.payload(), back.payload());
    assertTrue(acceptedByVerifier(back));
  }

  @Test
  void everyByteChange_signedEnvelope_isRejectedWithTypedCode() {
    Seeded.forAll(30, g -> everyByteChangeRejected(envelope(g), g.random()));
  }

  private static void everyByteChangeRejected(Envelope envelope, Random random) {
    byte[] encoded = envelope.encode();
    for (int index = 0; index < encoded.length; index++) {
      int delta = 1 + random.nextInt(255);
      assertRejected(envelope, mutate(encoded, index, delta), "index " + index + " xor " + delta);
    }
  }

  @Test
  void everySingleByteValue_oneEnvelope_isRejectedWithTypedCode() {
    Envelope envelope = Envelope.builder()
        .sessionId(SessionId.create(new byte[32]))
        .tag(RoundTag.of("dkg", 1))
        .sender(PartyId.of(2))
        .broadcast()
        .sequence(5)
        .policyHash(new byte[32])
        .payload(new byte[] {1, 2, 3, 4})
        .sign(KEY);
    byte[] encoded = envelope.encode();
    // Every value of every byte of the header and payload, and of the signature's last byte (the
    // top of S, where a non-canonical S is refused); the other signature bytes, each of whose
    // 255 changes only breaks the same Ed25519 equation, get their eight single-bit flips and
    // eight more values. About 12,000 verifications instead of 46,000.
    int signatureStart = encoded.length - 64;
    SplittableRandom values = new SplittableRandom(20261206L);
    for (int index = 0; index < encoded.length; index++) {
      boolean every = index < signatureStart || index == encoded.length - 1;
      for (int delta : every ? allDeltas() : someDeltas(values)) {
        assertRejected(envelope, mutate(encoded, index, delta), "index " + index + " xor " + delta);
      }
    }
  }

  private static int[] allDeltas() {
    return java.util.stream.IntStream.range(1, 256).toArray();
  }

  private static int[] someDeltas(SplittableRandom random) {
    int[] deltas = new int[16];
    for (int bit = 0; bit < 8; bit++) {
      deltas[bit] = 1 << bit;
    }
    for (int i = 8; i < 16; i++) {
      deltas[i] = 1 + random.nextInt(255);
    }
    return deltas;
  }

  @Test
  void decode_arbitraryBytes_throwsOnlyMalformed() {
    Seeded.forAll(10_000, g -> {
      byte[] bytes = arbitraryFrame(g);
      try {
        Envelope.decode(bytes, ORIGIN);
      } catch (TransportException e) {
        assertEquals(ErrorCode.TRANSPORT_MALFORMED_ENVELOPE, e.code());
        assertEquals(List.of(), e.culprits());
      }
    });
  }

  /** Edits of a fixed pool of signed envelopes, so 10,000 cases do not mean 10,000 signatures. */
  @Test
  void decode_editedEncoding_throwsOnlyMalformedOrDecodes() {
    Seeded.forAll(10_000, g -> {
      byte[] edited = edit(g.oneOf(POOL).encode(), g.random());
      try {
        Envelope back = Envelope.decode(edited, ORIGIN);
        assertArrayEquals(edited, back.encode());
      } catch (TransportException e) {
        assertEquals(ErrorCode.TRANSPORT_MALFORMED_ENVELOPE, e.code());
        assertEquals(List.of(), e.culprits());
      }
    });
  }

  private static final List<Envelope> POOL = pool();

  private static List<Envelope> pool() {
    Random random = new Random(19);
    List<Envelope> pool = new java.util.ArrayList<>();
    for (int i = 0; i < 32; i++) {
      Envelope.Builder builder = Envelope.builder()
          .sessionId(SessionId.create(SessionFixture.bytes(random, 32)))
          .tag(RoundTag.of("p" + Integer.toString(random.nextInt(1 << 20), 36), random.nextInt(65536)))
          .sender(PartyId.of(1 + random.nextInt(PartyId.MAX)))
          .sequence(random.nextLong() & Long.MAX_VALUE)
          .policyHash(SessionFixture.bytes(random, 32))
          .payload(SessionFixture.bytes(random, random.nextInt(3) == 0 ? 0 : random.nextInt(300)));
      pool.add((i % 2 == 0 ? builder.broadcast() : builder.recipient(PartyId.of(1 + i))).sign(KEY));
    }
    return List.copyOf(pool);
  }

  /** Random arrays, half of them starting like a version-1 envelope of a plausible size. */
  private static byte[] arbitraryFrame(Gen g) {
    if (g.bool()) {
      return g.bytes(400);
    }
    byte[] bytes = g.bytes(Envelope.MIN_ENCODED_BYTES, Envelope.MIN_ENCODED_BYTES + 120);
    bytes[0] = 1;
    bytes[33] = (byte) (1 + Math.floorMod(bytes[33], 32));
    return bytes;
  }

  private static byte[] edit(byte[] encoded, Random random) {
    byte[] edited = encoded.clone();
    switch (random.nextInt(5)) {
      case 0 -> edited = Arrays.copyOf(edited, random.nextInt(edited.length));
      case 1 -> edited = Arrays.copyOf(edited, edited.length + 1 + random.nextInt(8));
      case 2 -> {
        int from = random.nextInt(edited.length);
        int length = 1 + random.nextInt(Math.min(8, edited.length - from));
        for (int i = from; i < from + length; i++) {
          edited[i] = (byte) random.nextInt(256);
        }
      }
      case 3 -> {
        int cut = random.nextInt(edited.length);
        byte[] shorter = new byte[edited.length - 1];
        System.arraycopy(edited, 0, shorter, 0, cut);
        System.arraycopy(edited, cut + 1, shorter, cut, edited.length - cut - 1);
        edited = shorter;
      }
      default -> {
        // Rewrite one length field (phase or payload) to a random value.
        int phaseLength = edited[33] & 0xFF;
        if (random.nextBoolean()) {
          edited[33] = (byte) random.nextInt(256);
        } else {
          int at = 34 + phaseLength + 2 + 2 + 2 + 8 + 32;
          edited[at + random.nextInt(4)] = (byte) random.nextInt(256);
        }
      }
    }
    return edited;
  }

  private static byte[] mutate(byte[] encoded, int index, int delta) {
    byte[] mutated = encoded.clone();
    mutated[index] ^= (byte) delta;
    return mutated;
  }

  private static boolean acceptedByVerifier(Envelope envelope) {
    try {
      verifierFor(envelope).verify(envelope, ORIGIN);
      return true;
    } catch (TransportException e) {
      return false;
    }
  }

  /**
   * A verifier for which the original envelope is valid: its sender's key pinned, its session and
   * policy hash local, the receiver its recipient (or another party for a broadcast).
   */
  private static EnvelopeVerifier verifierFor(Envelope original) {
    PartyId sender = original.sender();
    PartyId self = original.recipient()
        .orElse(PartyId.of(sender.value() == PartyId.MAX ? 1 : sender.value() + 1));
    Set<PartyId> members = new HashSet<>(List.of(sender, self));
    PeerDirectory directory = PeerDirectory.create(members);
    directory.pin(sender, KEY.publicKey());
    return EnvelopeVerifier.create(
        original.sessionId(), self, original.policyHash(), directory);
  }

  private static void assertRejected(Envelope original, byte[] mutated, String what) {
    EnvelopeVerifier verifier = verifierFor(original);
    try {
      verifier.verify(Envelope.decode(mutated, ORIGIN), ORIGIN);
      fail("a changed envelope was accepted: " + what);
    } catch (TransportException e) {
      assertTrue(REJECTIONS_BEFORE_AUTHENTICATION.contains(e.code()), what + ": " + e.code());
      // Nothing authenticated says who sent changed bytes: never blame the relay-supplied origin.
      assertEquals(List.of(), e.culprits(), what);
    }
  }
}

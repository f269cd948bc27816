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
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;

/** Properties of the envelope codec and its signature, on generated envelopes. */
class EnvelopePropertyTest {
  private static final IdentityKeyPair KEY = SessionFixture.keyPair(new Random(11));
  private static final PartyId ORIGIN = PartyId.of(77);
  private static final Set<ErrorCode> REJECTIONS_BEFORE_AUTHENTICATION = Set.of(
      ErrorCode.TRANSPORT_MALFORMED_ENVELOPE,
      ErrorCode.TRANSPORT_UNKNOWN_SENDER,
      ErrorCode.TRANSPORT_BAD_SIGNATURE);

  @AfterContainer
  static void closeKey() {
    KEY.close();
  }

  @Provide
  Arbitrary<Envelope> envelopes() {
    Arbitrary<byte[]> thirtyTwo = Arbitraries.bytes().array(byte[].class).ofSize(32);
    Arbitrary<String> phase = Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1)
        .ofMaxLength(1).flatMap(first -> Arbitraries.strings().withCharRange('a', 'z')
            .withCharRange('0', '9').withChars('.', '_', '-').ofMaxLength(31)
            .map(rest -> first + rest));
    return Combinators.combine(
            thirtyTwo,
            phase,
            Arbitraries.integers().between(0, RoundTag.MAX_ROUND),
            Arbitraries.integers().between(1, PartyId.MAX),
            Arbitraries.integers().between(0, PartyId.MAX),
            Arbitraries.longs().between(0, Long.MAX_VALUE),
            thirtyTwo,
            Arbitraries.bytes().array(byte[].class).ofMaxSize(300))
        .as((session, phaseName, round, sender, recipient, sequence, policy, payload) -> {
          Envelope.Builder builder = Envelope.builder()
              .sessionId(SessionId.create(session))
              .tag(RoundTag.of(phaseName, round))
              .sender(PartyId.of(sender))
              .sequence(sequence)
              .policyHash(policy)
              .payload(payload);
          // A party never addresses itself; such an envelope is rejected as UNKNOWN_SENDER.
          builder = recipient == 0 || recipient.equals(sender)
              ? builder.broadcast() : builder.recipient(PartyId.of(recipient));
          return builder.sign(KEY);
        });
  }

  @Property(tries = 200)
  void decode_encodedEnvelope_roundTrips(@ForAll("envelopes") Envelope envelope)
      throws TransportException {
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

  @Property(tries = 30)
  void everyByteChange_signedEnvelope_isRejectedWithTypedCode(
      @ForAll("envelopes") Envelope envelope, @ForAll long mutationSeed) {
    byte[] encoded = envelope.encode();
    Random random = new Random(mutationSeed);
    for (int index = 0; index < encoded.length; index++) {
      int delta = 1 + random.nextInt(255);
      assertRejected(envelope, mutate(encoded, index, delta), "index " + index + " xor " + delta);
    }
  }

  @Example
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
    for (int index = 0; index < encoded.length; index++) {
      for (int delta = 1; delta < 256; delta++) {
        assertRejected(envelope, mutate(encoded, index, delta), "index " + index + " xor " + delta);
      }
    }
  }

  @Property(tries = 10_000)
  void decode_arbitraryBytes_throwsOnlyMalformed(@ForAll("arbitraryFrames") byte[] bytes) {
    try {
      Envelope.decode(bytes, ORIGIN);
    } catch (TransportException e) {
      assertEquals(ErrorCode.TRANSPORT_MALFORMED_ENVELOPE, e.code());
      assertEquals(List.of(), e.culprits());
    }
  }

  @Property(tries = 10_000)
  void decode_editedEncoding_throwsOnlyMalformedOrDecodes(
      @ForAll("pooledEnvelopes") Envelope envelope, @ForAll long editSeed) {
    byte[] edited = edit(envelope.encode(), new Random(editSeed));
    try {
      Envelope back = Envelope.decode(edited, ORIGIN);
      assertArrayEquals(edited, back.encode());
    } catch (TransportException e) {
      assertEquals(ErrorCode.TRANSPORT_MALFORMED_ENVELOPE, e.code());
      assertEquals(List.of(), e.culprits());
    }
  }

  /** A fixed pool of signed envelopes, so 10,000 tries do not mean 10,000 signatures. */
  @Provide
  Arbitrary<Envelope> pooledEnvelopes() {
    return Arbitraries.of(POOL);
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
  @Provide
  Arbitrary<byte[]> arbitraryFrames() {
    Arbitrary<byte[]> raw = Arbitraries.bytes().array(byte[].class).ofMaxSize(400);
    Arbitrary<byte[]> plausible = Arbitraries.bytes().array(byte[].class)
        .ofMinSize(Envelope.MIN_ENCODED_BYTES).ofMaxSize(Envelope.MIN_ENCODED_BYTES + 120)
        .map(bytes -> {
          bytes[0] = 1;
          bytes[33] = (byte) (1 + Math.floorMod(bytes[33], 32));
          return bytes;
        });
    return Arbitraries.oneOf(raw, plausible);
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

package dev.mayfly.ceremony;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mayfly.ceremony.internal.Messages;
import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.PartyId;
import dev.mayfly.common.ProtocolException;
import dev.mayfly.transport.RoundTag;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The ceremony's message decoders, fed arbitrary and mutated bytes, fail only with the typed
 * error; announcements round-trip. Seeded: the seed is in every failure message.
 */
class MessagesPropertyTest {
  private static final long SEED = 20261206L;

  private static void decodeAll(byte[] bytes, String what) {
    expectOnlyMalformed(() -> Messages.parseHello(bytes), what);
    expectOnlyMalformed(() -> Messages.parseCommits(bytes, 3), what);
    expectOnlyMalformed(() -> Messages.parseShares(bytes, 3), what);
    expectOnlyMalformed(() -> Messages.parseDone(bytes), what);
    expectOnlyMalformed(() -> Messages.parseAnnouncement(bytes), what);
    expectOnlyMalformed(() -> Messages.parseRelay(bytes), what);
    expectOnlyMalformed(() -> Messages.parseClose(bytes), what);
    expectOnlyMalformed(() -> Messages.parseOpaque(bytes, Messages.TYPE_PROTOCOL), what);
    expectOnlyMalformed(() -> Messages.parseList(bytes, 2), what);
    Messages.carriedHello(bytes); // never throws
  }

  @FunctionalInterface
  private interface Decode {
    Object run() throws ProtocolException;
  }

  private static void expectOnlyMalformed(Decode decode, String what) {
    try {
      decode.run();
    } catch (ProtocolException e) {
      assertEquals(ErrorCode.CEREMONY_MALFORMED_MESSAGE, e.code(), what);
      assertEquals(List.of(), e.culprits(), what);
    }
  }

  @Test
  void decoders_arbitraryBytes_throwOnlyMalformed() {
    SplittableRandom random = new SplittableRandom(SEED);
    for (int i = 0; i < 3000; i++) {
      byte[] bytes = new byte[random.nextInt(301)];
      random.nextBytes(bytes);
      if (bytes.length > 1 && random.nextBoolean()) {
        bytes[0] = Messages.VERSION;
        bytes[1] = (byte) (1 + random.nextInt(8));
      }
      decodeAll(bytes, "seed " + SEED + ", case " + i);
    }
  }

  @Test
  void decoders_mutatedValidMessages_throwOnlyMalformed() {
    SplittableRandom random = new SplittableRandom(SEED + 1);
    List<byte[]> valid = List.of(
        Messages.commits(List.of(
            new Messages.Commit(new byte[32], Optional.of(new byte[] {1, 2, 3})),
            new Messages.Commit(new byte[32], Optional.empty()),
            new Messages.Commit(new byte[32], Optional.of(new byte[70])))),
        Messages.announcement(announcement(random)),
        Messages.relay(new Messages.Relay(new byte[40], new byte[90], new byte[30])),
        Messages.close(new byte[32]));
    for (int i = 0; i < 2000; i++) {
      byte[] mutated = valid.get(i % valid.size()).clone();
      int edits = 1 + random.nextInt(8);
      for (int e = 0; e < edits; e++) {
        mutated[random.nextInt(mutated.length)] ^= (byte) (random.nextInt(255) | 1);
      }
      decodeAll(mutated, "seed " + (SEED + 1) + ", case " + i);
    }
  }

  @Test
  void announcement_roundTrips() throws ProtocolException {
    SplittableRandom random = new SplittableRandom(SEED + 2);
    for (int i = 0; i < 200; i++) {
      Messages.Announcement announcement = announcement(random);
      byte[] encoded = Messages.announcement(announcement);
      Messages.Announcement back = Messages.parseAnnouncement(encoded);
      assertArrayEquals(encoded, Messages.announcement(back), "seed " + (SEED + 2) + ", case " + i);
      assertEquals(announcement.complaints().size(), back.complaints().size());
      assertEquals(announcement.round(), back.round());
      assertArrayEquals(announcement.helloEnvelope(), Messages.carriedHello(encoded).orElseThrow());
    }
  }

  private static Messages.Announcement announcement(SplittableRandom random) {
    List<Messages.WireComplaint> complaints = new ArrayList<>();
    int count = random.nextInt(4);
    for (int i = 0; i < count; i++) {
      List<PartyId> accused = new ArrayList<>();
      for (int a = random.nextInt(4); a > 0; a--) {
        accused.add(PartyId.of(1 + random.nextInt(65535)));
      }
      List<byte[]> evidence = new ArrayList<>();
      for (int e = random.nextInt(3); e > 0; e--) {
        evidence.add(bytes(random, random.nextInt(60)));
      }
      complaints.add(new Messages.WireComplaint(1 + random.nextInt(2), "TRANSPORT_TIMEOUT",
          accused, random.nextBoolean() ? RoundTag.of("dkg", 1 + random.nextInt(3)) : null,
          evidence, "text é " + i));
    }
    return new Messages.Announcement(bytes(random, 50), "DKG",
        random.nextBoolean() ? RoundTag.of("sign-echo", 2) : null, complaints,
        List.of(bytes(random, random.nextInt(80))));
  }

  private static byte[] bytes(SplittableRandom random, int length) {
    byte[] out = new byte[length];
    random.nextBytes(out);
    return out;
  }
}

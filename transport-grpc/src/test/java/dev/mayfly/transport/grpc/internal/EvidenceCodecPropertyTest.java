package dev.mayfly.transport.grpc.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.mayfly.common.bytes.MalformedBytesException;
import dev.mayfly.snp.evidence.Evidence;
import dev.mayfly.testsupport.Seeded;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/**
 * The evidence decoder on outside input: any edit of a valid encoding (bit flips, truncation,
 * extension, random bytes) either decodes to evidence that encodes back to exactly those bytes or
 * fails with {@link MalformedBytesException}; nothing else. Seeded; a failure prints the seed.
 */
class EvidenceCodecPropertyTest {
  private static final int CASES = 5_000;

  @Test
  void decode_editedBytes_onlyMalformedOrTheSameBytes() {
    Seeded.forAll(CASES, g -> {
      RandomGenerator random = g.random();
      byte[] input = edit(random, EvidenceCodec.encode(sample(random)));
      try {
        Evidence decoded = EvidenceCodec.decode(input);
        assertArrayEquals(input, EvidenceCodec.encode(decoded));
      } catch (MalformedBytesException expected) {
        // refused with the typed error: fine
      }
    });
  }

  private static Evidence sample(RandomGenerator random) {
    List<byte[]> chain = new ArrayList<>();
    int count = random.nextInt(4);
    for (int c = 0; c < count; c++) {
      chain.add(bytes(random, 1 + random.nextInt(40)));
    }
    return Evidence.of(bytes(random, 1 + random.nextInt(60)), chain);
  }

  private static byte[] edit(RandomGenerator random, byte[] valid) {
    switch (random.nextInt(5)) {
      case 0 -> {
        byte[] flipped = valid.clone();
        int bit = random.nextInt(flipped.length * 8);
        flipped[bit / 8] ^= (byte) (1 << (bit % 8));
        return flipped;
      }
      case 1 -> {
        return Arrays.copyOf(valid, random.nextInt(valid.length));
      }
      case 2 -> {
        byte[] longer = Arrays.copyOf(valid, valid.length + 1 + random.nextInt(8));
        return longer;
      }
      case 3 -> {
        return bytes(random, random.nextInt(64));
      }
      default -> {
        byte[] changed = valid.clone();
        changed[random.nextInt(changed.length)] = (byte) random.nextInt(256);
        return changed;
      }
    }
  }

  private static byte[] bytes(RandomGenerator random, int length) {
    byte[] bytes = new byte[length];
    for (int i = 0; i < length; i++) {
      bytes[i] = (byte) random.nextInt(256);
    }
    return bytes;
  }
}

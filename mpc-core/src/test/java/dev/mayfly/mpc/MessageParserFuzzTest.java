package dev.mayfly.mpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.mayfly.common.ProtocolException;
import dev.mayfly.testsupport.Seeded;
import org.junit.jupiter.api.Test;

/**
 * Fuzz target for the parsers of peer messages: any mutation (bit flips, truncation, extension)
 * of a valid encoding is answered with a {@link ProtocolException} or parses to a message that
 * re-encodes to exactly the mutated bytes, never with another exception.
 */
class MessageParserFuzzTest {

  @Test
  void parse_mutatedBytes_onlyProtocolExceptionOrSameBytes() {
    Seeded.forAll(400, g -> mutatedBytes(Mutations.of(g, 5, 10_000)));
  }

  private static void mutatedBytes(int[] m) throws Exception {
    int index = m[0];
    byte[] bytes = Mutations.apply(MessageEncodingTest.samples().get(index), m);
    try {
      assertArrayEquals(bytes, MessageEncodingTest.reparse(index, bytes));
    } catch (ProtocolException expected) {
      // rejected with a stable code: fine
    }
  }
}

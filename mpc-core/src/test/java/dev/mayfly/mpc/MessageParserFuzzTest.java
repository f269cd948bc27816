package dev.mayfly.mpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.mayfly.common.ProtocolException;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Fuzz target for the parsers of peer messages: any mutation (bit flips, truncation, extension)
 * of a valid encoding is answered with a {@link ProtocolException} or parses to a message that
 * re-encodes to exactly the mutated bytes, never with another exception.
 */
class MessageParserFuzzTest {

  @Provide
  Arbitrary<int[]> mutations() {
    return Mutations.of(5, 10_000);
  }

  @Property(tries = 400)
  void parse_mutatedBytes_onlyProtocolExceptionOrSameBytes(@ForAll("mutations") int[] m)
      throws Exception {
    int index = m[0];
    byte[] bytes = Mutations.apply(MessageEncodingTest.samples().get(index), m);
    try {
      assertArrayEquals(bytes, MessageEncodingTest.reparse(index, bytes));
    } catch (ProtocolException expected) {
      // rejected with a stable code: fine
    }
  }
}

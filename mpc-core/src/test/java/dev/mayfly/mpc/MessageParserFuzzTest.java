package dev.mayfly.mpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.mayfly.common.ProtocolException;
import net.jqwik.api.Arbitraries;
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
    return Arbitraries.integers().between(0, 4).flatMap(i -> Arbitraries.integers()
        .between(0, 10_000).list().ofMinSize(1).ofMaxSize(4)
        .map(list -> {
          int[] out = new int[list.size() + 1];
          out[0] = i;
          for (int k = 0; k < list.size(); k++) {
            out[k + 1] = list.get(k);
          }
          return out;
        }));
  }

  @Property(tries = 400)
  void parse_mutatedBytes_onlyProtocolExceptionOrSameBytes(@ForAll("mutations") int[] m)
      throws Exception {
    int index = m[0];
    byte[] bytes = MessageEncodingTest.samples().get(index).clone();
    for (int k = 1; k < m.length; k++) {
      int op = m[k] % 3;
      int pos = (m[k] / 3) % (bytes.length + 1);
      if (op == 0 && pos < bytes.length) {
        bytes[pos] ^= (byte) (1 << (m[k] % 8));
      } else if (op == 1) {
        bytes = java.util.Arrays.copyOf(bytes, pos);
      } else {
        bytes = java.util.Arrays.copyOf(bytes, bytes.length + 1);
      }
    }
    try {
      assertArrayEquals(bytes, MessageEncodingTest.reparse(index, bytes));
    } catch (ProtocolException expected) {
      // rejected with a stable code: fine
    }
  }
}

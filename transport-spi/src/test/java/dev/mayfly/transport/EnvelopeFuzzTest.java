package dev.mayfly.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.mayfly.common.ErrorCode;
import dev.mayfly.testsupport.DecoderContract;

/**
 * Envelope decoding of untrusted bytes: an envelope that re-encodes to the same bytes, or
 * TRANSPORT_MALFORMED_ENVELOPE naming nobody; nothing else.
 */
class EnvelopeFuzzTest {
  @FuzzTest
  void decode(byte[] input) {
    DecoderContract.decode(input.length, TransportException.class,
            e -> e.code() == ErrorCode.TRANSPORT_MALFORMED_ENVELOPE && e.culprits().isEmpty(),
            () -> Envelope.decode(input))
        .ifPresent(envelope -> {
          byte[] encoded = envelope.encode();
          assertArrayEquals(input, encoded);
          Envelope again = DecoderContract.decode(encoded.length, TransportException.class,
              () -> Envelope.decode(encoded)).orElseThrow();
          assertEquals(envelope, again);
        });
  }
}

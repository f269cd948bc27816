package dev.mayfly.transport.grpc.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.mayfly.common.bytes.MalformedBytesException;
import dev.mayfly.testsupport.DecoderContract;

/**
 * The evidence extension of a peer's TLS certificate: evidence that re-encodes to the same bytes,
 * or MalformedBytesException, which its one caller turns into TRANSPORT_PEER_NOT_ATTESTED;
 * nothing else.
 */
class EvidenceCodecFuzzTest {
  @FuzzTest
  void decode(byte[] input) {
    DecoderContract.decode(input.length, MalformedBytesException.class,
            () -> EvidenceCodec.decode(input))
        .ifPresent(evidence -> assertArrayEquals(input, EvidenceCodec.encode(evidence)));
  }
}

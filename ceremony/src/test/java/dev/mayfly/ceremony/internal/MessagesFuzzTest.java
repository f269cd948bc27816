package dev.mayfly.ceremony.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.ProtocolException;
import dev.mayfly.testsupport.DecoderContract;
import java.util.List;
import java.util.Optional;

/**
 * Ceremony messages from peers: every parser of {@link Messages} returns a value that re-encodes
 * to the bytes it read, or throws CEREMONY_MALFORMED_MESSAGE naming nobody; nothing else. (An
 * announcement's free text is read as UTF-8, so only its re-encoding is a fixed point.)
 */
class MessagesFuzzTest {
  private static final int DOCUMENTS = 3;

  @FuzzTest
  void parse(byte[] input) {
    decode(input, () -> Messages.parseHello(input))
        .ifPresent(h -> assertArrayEquals(input, Messages.hello(h)));
    for (int type : new int[] {Messages.TYPE_PROTOCOL, Messages.TYPE_SEALED}) {
      decode(input, () -> Messages.parseOpaque(input, type))
          .ifPresent(body -> assertArrayEquals(input, Messages.opaque(type, body)));
    }
    decode(input, () -> Messages.parseCommits(input, DOCUMENTS))
        .ifPresent(c -> assertArrayEquals(input, Messages.commits(c)));
    decode(input, () -> Messages.parseShares(input, DOCUMENTS))
        .ifPresent(s -> assertArrayEquals(input, Messages.shares(s)));
    decode(input, () -> Messages.parseDone(input))
        .ifPresent(d -> assertArrayEquals(input, Messages.done(d)));
    decode(input, () -> Messages.parseList(input, DOCUMENTS))
        .ifPresent(l -> assertArrayEquals(input, Messages.list(l)));
    decode(input, () -> Messages.parseRelay(input))
        .ifPresent(r -> assertArrayEquals(input, Messages.relay(r)));
    decode(input, () -> Messages.parseAnnouncement(input)).ifPresent(a -> {
      byte[] encoded = Messages.announcement(a);
      Messages.Announcement again = decode(encoded, () -> Messages.parseAnnouncement(encoded))
          .orElseThrow();
      assertArrayEquals(encoded, Messages.announcement(again));
      assertEquals(a.complaints().size(), again.complaints().size());
    });
    Optional<byte[]> hello = Messages.carriedHello(input);
    hello.ifPresent(h -> assertEquals(true, h.length <= Messages.MAX_EVIDENCE_BYTES));
  }

  private static <T> Optional<T> decode(byte[] input, DecoderContract.Decoder<T> decoder) {
    return DecoderContract.decode(input.length, ProtocolException.class,
        e -> e.code() == ErrorCode.CEREMONY_MALFORMED_MESSAGE && e.culprits().equals(List.of()),
        decoder);
  }
}

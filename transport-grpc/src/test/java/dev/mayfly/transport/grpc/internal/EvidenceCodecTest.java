package dev.mayfly.transport.grpc.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.mayfly.common.bytes.MalformedBytesException;
import dev.mayfly.snp.evidence.Evidence;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The evidence extension's codec: round trip, exact layout, strict refusals. */
class EvidenceCodecTest {
  static final Evidence SAMPLE = Evidence.of(new byte[] {1, 2, 3},
      List.of(new byte[] {10}, new byte[] {20, 21}, new byte[] {30, 31, 32}));

  @Test
  void encode_followsTheDocumentedLayout() {
    assertEquals("01" + "00000003" + "010203" + "03" + "00000001" + "0a" + "00000002" + "1415"
        + "00000003" + "1e1f20", HexFormat.of().formatHex(EvidenceCodec.encode(SAMPLE)));
  }

  @Test
  void decode_ofEncode_givesTheSameEvidence() {
    Evidence decoded = EvidenceCodec.decode(EvidenceCodec.encode(SAMPLE));
    assertArrayEquals(SAMPLE.reportBytes(), decoded.reportBytes());
    assertEquals(3, decoded.certificateChain().size());
    for (int i = 0; i < 3; i++) {
      assertArrayEquals(SAMPLE.certificateChain().get(i), decoded.certificateChain().get(i));
    }
    Evidence noChain = EvidenceCodec.decode(EvidenceCodec.encode(Evidence.of(new byte[] {5},
        List.of())));
    assertEquals(List.of(), noChain.certificateChain());
  }

  @Test
  void decode_truncatedOrTrailingBytes_throwMalformed() {
    byte[] encoded = EvidenceCodec.encode(SAMPLE);
    for (int length = 0; length < encoded.length; length++) {
      byte[] cut = Arrays.copyOf(encoded, length);
      assertThrows(MalformedBytesException.class, () -> EvidenceCodec.decode(cut));
    }
    byte[] longer = Arrays.copyOf(encoded, encoded.length + 1);
    assertThrows(MalformedBytesException.class, () -> EvidenceCodec.decode(longer));
  }

  @Test
  void decode_outOfRangeFields_throwMalformed() {
    assertThrows(MalformedBytesException.class,
        () -> EvidenceCodec.decode(HexFormat.of().parseHex("02" + "00000001" + "01" + "00")));
    assertThrows(MalformedBytesException.class,
        () -> EvidenceCodec.decode(HexFormat.of().parseHex("01" + "00000000" + "00")));
    assertThrows(MalformedBytesException.class,
        () -> EvidenceCodec.decode(HexFormat.of().parseHex("01" + "00001001")));
    assertThrows(MalformedBytesException.class,
        () -> EvidenceCodec.decode(HexFormat.of().parseHex("01" + "00000001" + "01" + "04")));
    assertThrows(MalformedBytesException.class, () -> EvidenceCodec.decode(
        HexFormat.of().parseHex("01" + "00000001" + "01" + "01" + "00000000")));
    assertThrows(MalformedBytesException.class, () -> EvidenceCodec.decode(
        HexFormat.of().parseHex("01" + "00000001" + "01" + "01" + "00004001")));
  }
}

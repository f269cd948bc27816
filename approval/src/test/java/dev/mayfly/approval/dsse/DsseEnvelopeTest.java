package dev.mayfly.approval.dsse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.mayfly.approval.ApprovalException;
import dev.mayfly.common.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DsseEnvelopeTest {
  private static final byte[] PAYLOAD = {'{', '}', (byte) 0xfb, (byte) 0xff};
  private static final DsseEnvelope ENVELOPE = DsseEnvelope.of("application/vnd.in-toto+json",
      PAYLOAD, List.of(DsseSignature.of("k1", new byte[] {1, 2, 3}), DsseSignature.of("", new byte[] {4})));

  @Test
  void toJsonBytes_envelope_hasStableOrderAndPaddedStandardBase64() {
    assertEquals("{\"payload\":\"e337/w==\",\"payloadType\":\"application/vnd.in-toto+json\","
            + "\"signatures\":[{\"keyid\":\"k1\",\"sig\":\"AQID\"},{\"keyid\":\"\",\"sig\":\"BA==\"}]}",
        new String(ENVELOPE.toJsonBytes(), StandardCharsets.UTF_8));
  }

  @Test
  void parseJson_ownOutput_roundTrips() throws Exception {
    DsseEnvelope parsed = DsseEnvelope.parseJson(ENVELOPE.toJsonBytes());
    assertEquals(ENVELOPE, parsed);
    assertArrayEquals(ENVELOPE.toJsonBytes(), parsed.toJsonBytes());
  }

  @Test
  void parseJson_whitespaceAndOtherOrder_accepted() throws Exception {
    String json = "{ \"signatures\" : [ { \"sig\" : \"AQID\" } ],\n \"payloadType\" : \"t\","
        + " \"payload\" : \"\" }";
    DsseEnvelope e = DsseEnvelope.parseJson(json.getBytes(StandardCharsets.UTF_8));
    assertEquals("", e.signatures().get(0).keyId());
    assertEquals(0, e.payload().length);
  }

  @Test
  void parseJson_urlSafeUnpaddedBase64_accepted() throws Exception {
    DsseEnvelope e = parse("{\"payload\":\"e337_w\",\"payloadType\":\"t\","
        + "\"signatures\":[{\"sig\":\"-w\"}]}");
    assertArrayEquals(PAYLOAD, e.payload());
    assertArrayEquals(new byte[] {(byte) 0xfb}, e.signatures().get(0).signature());
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "",
      "[]",
      "null",
      "{\"payload\":\"\",\"payloadType\":\"t\",\"signatures\":[{\"sig\":\"AQ==\"}]} {}",
      "{\"payload\":\"\",\"payloadType\":\"t\",\"signatures\":[{\"sig\":\"AQ==\"}]}x",
      "{\"payload\":\"\",\"payload\":\"\",\"payloadType\":\"t\",\"signatures\":[{\"sig\":\"AQ==\"}]}",
      "{\"payload\":\"\",\"payloadType\":\"t\",\"signatures\":[{\"sig\":\"AQ==\",\"sig\":\"AQ==\"}]}",
      "{\"payload\":\"\",\"payloadType\":\"t\",\"signatures\":[{\"sig\":\"AQ==\"}],\"extra\":1}",
      "{\"payload\":\"\",\"payloadType\":\"t\",\"signatures\":[{\"sig\":\"AQ==\",\"cert\":\"\"}]}",
      "{\"payloadType\":\"t\",\"signatures\":[{\"sig\":\"AQ==\"}]}",
      "{\"payload\":\"\",\"signatures\":[{\"sig\":\"AQ==\"}]}",
      "{\"payload\":\"\",\"payloadType\":\"t\"}",
      "{\"payload\":\"\",\"payloadType\":\"t\",\"signatures\":[]}",
      "{\"payload\":\"\",\"payloadType\":\"t\",\"signatures\":[{}]}",
      "{\"payload\":\"\",\"payloadType\":\"t\",\"signatures\":[{\"sig\":\"\"}]}",
      "{\"payload\":\"\",\"payloadType\":\"t\",\"signatures\":[{\"sig\":1}]}",
      "{\"payload\":\"\",\"payloadType\":\"t\",\"signatures\":[{\"sig\":\"AQ==\",\"keyid\":null}]}",
      "{\"payload\":\"\",\"payloadType\":\"t\",\"signatures\":[\"AQ==\"]}",
      "{\"payload\":\"\",\"payloadType\":\"t\",\"signatures\":{\"sig\":\"AQ==\"}}",
      "{\"payload\":null,\"payloadType\":\"t\",\"signatures\":[{\"sig\":\"AQ==\"}]}",
      "{\"payload\":\"\",\"payloadType\":7,\"signatures\":[{\"sig\":\"AQ==\"}]}",
      "{\"payload\":\"e30r/w\",\"payloadType\":\"t\",\"signatures\":[{\"sig\":\"AQ==\"}]}x",
      "{\"payload\":\"e33+_w==\",\"payloadType\":\"t\",\"signatures\":[{\"sig\":\"AQ==\"}]}",
      "{\"payload\":\"e337/x==\",\"payloadType\":\"t\",\"signatures\":[{\"sig\":\"AQ==\"}]}",
      "{\"payload\":\"e337/w=\",\"payloadType\":\"t\",\"signatures\":[{\"sig\":\"AQ==\"}]}",
      "{\"payload\":\"e337 /w==\",\"payloadType\":\"t\",\"signatures\":[{\"sig\":\"AQ==\"}]}",
      "{\"payload\":\"\",\"payloadType\":\"t\",\"signatures\":[{\"sig\":\"AQ==\"}],}",
      "{'payload':'','payloadType':'t','signatures':[{'sig':'AQ=='}]}",
      "{\"payload\":\"\",\"payloadType\":\"t\",\"signatures\":[{\"sig\":\"AQ==\"}]} // c",
      "{\"payload\":\"\",\"payloadType\":\"\\ud800\",\"signatures\":[{\"sig\":\"AQ==\"}]}",
      "{\"payload\":\"\",\"payloadType\":\"\\x41\",\"signatures\":[{\"sig\":\"AQ==\"}]}",
      "{\"payload\":\"\",\"payloadType\":\"a\tb\",\"signatures\":[{\"sig\":\"AQ==\"}]}",
      "{\"payload\":\"\",\"payloadType\":\"t\",\"signatures\":[{\"sig\":\"AQ==\",\"keyid\":NaN}]}",
      "\uFEFF{\"payload\":\"\",\"payloadType\":\"t\",\"signatures\":[{\"sig\":\"AQ==\"}]}",
  })
  void parseJson_malformed_throwsMalformed(String json) {
    assertMalformed(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void parseJson_invalidUtf8_throwsMalformed() {
    byte[] json = "{\"payload\":\"\",\"payloadType\":\"tX\",\"signatures\":[{\"sig\":\"AQ==\"}]}"
        .getBytes(StandardCharsets.US_ASCII);
    json[json.length - 28] = (byte) 0xc0; // the X: an overlong-encoding lead byte
    assertMalformed(json);
  }

  @Test
  void parseJson_deepNesting_throwsMalformed() {
    assertMalformed(("{\"payload\":\"\",\"payloadType\":\"t\",\"signatures\":"
        + "[".repeat(100) + "]".repeat(100) + "}").getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void parseJson_tooLarge_throwsMalformed() {
    String big = "A".repeat(DsseEnvelope.MAX_JSON_BYTES);
    assertMalformed(("{\"payload\":\"" + big + "\",\"payloadType\":\"t\",\"signatures\":"
        + "[{\"sig\":\"AQ==\"}]}").getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void parseJson_tooManySignatures_throwsMalformed() {
    String sigs = String.join(",",
        java.util.Collections.nCopies(DsseEnvelope.MAX_SIGNATURES + 1, "{\"sig\":\"AQ==\"}"));
    assertMalformed(("{\"payload\":\"\",\"payloadType\":\"t\",\"signatures\":[" + sigs + "]}")
        .getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void of_arrays_areCopiedInAndOut() {
    byte[] payload = {1, 2};
    byte[] sig = {3};
    DsseEnvelope e = DsseEnvelope.of("t", payload, List.of(DsseSignature.of("k", sig)));
    payload[0] = 9;
    sig[0] = 9;
    e.payload()[1] = 9;
    e.signatures().get(0).signature()[0] = 9;
    assertArrayEquals(new byte[] {1, 2}, e.payload());
    assertArrayEquals(new byte[] {3}, e.signatures().get(0).signature());
  }

  @Test
  void withSignature_envelope_appendsAndKeepsOriginal() {
    DsseEnvelope unsigned = DsseEnvelope.of("t", PAYLOAD, List.of());
    DsseEnvelope signed = unsigned.withSignature(DsseSignature.of("k", new byte[] {1}));
    assertEquals(0, unsigned.signatures().size());
    assertEquals(1, signed.signatures().size());
    assertNotEquals(unsigned, signed);
  }

  @Test
  void of_emptySignature_throwsIllegalArgument() {
    assertThrows(IllegalArgumentException.class, () -> DsseSignature.of("", new byte[0]));
  }

  private static DsseEnvelope parse(String json) throws ApprovalException {
    return DsseEnvelope.parseJson(json.getBytes(StandardCharsets.UTF_8));
  }

  private static void assertMalformed(byte[] json) {
    ApprovalException e = assertThrows(ApprovalException.class, () -> DsseEnvelope.parseJson(json));
    assertEquals(ErrorCode.APPROVAL_MALFORMED, e.code());
    assertEquals(List.of(), e.culprits());
  }
}

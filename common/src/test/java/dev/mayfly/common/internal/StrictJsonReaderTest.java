package dev.mayfly.common.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.MayflyException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class StrictJsonReaderTest {
  /** Any code will do: the reader passes whatever the caller's refusal makes. */
  private static final ErrorCode CODE = ErrorCode.APPROVAL_MALFORMED;

  private static JsonObject parse(String json) throws MayflyException {
    return StrictJsonReader.parseObject(json.getBytes(StandardCharsets.UTF_8), 1 << 16, "doc",
        (message, cause) -> new MayflyException(CODE, message, cause));
  }

  private static void assertRefused(String json) {
    MayflyException e = assertThrows(MayflyException.class, () -> parse(json), json);
    assertEquals(CODE, e.code());
  }

  @Test
  void parseObject_strictObject_readsTree() throws MayflyException {
    JsonObject o = parse("{\"a\":[1,2.5,true,null,\"x\\u00e9\"],\"b\":{\"c\":\"\\ud83d\\ude00\"}}");
    assertEquals(5, o.getAsJsonArray("a").size());
    assertEquals("\ud83d\ude00", o.getAsJsonObject("b").get("c").getAsString());
  }

  @Test
  void parseObject_duplicateName_refused() {
    assertRefused("{\"a\":1,\"a\":2}");
    assertRefused("{\"a\":1,\"b\":{\"c\":1,\"c\":1}}");
    assertRefused("{\"a\":[{\"x\":1,\"x\":1}]}");
  }

  /** A refusal that records where the refused value sits. */
  private static String refusedAt(String json) {
    StrictJsonReader.Refusal<MayflyException> refusal = new StrictJsonReader.Refusal<>() {
      @Override
      public MayflyException refuse(String message, Throwable cause) {
        return new MayflyException(CODE, "(document) " + message, cause);
      }

      @Override
      public MayflyException refuseAt(String path, String message) {
        return new MayflyException(CODE, "at " + path, null);
      }
    };
    MayflyException e = assertThrows(MayflyException.class, () -> StrictJsonReader.parseObject(
        json.getBytes(StandardCharsets.UTF_8), 1 << 16, "doc", refusal), json);
    return e.detail();
  }

  @Test
  void parseObject_refusedValue_reportsItsPathWithPrintableNames() {
    assertEquals("at b.c", refusedAt("{\"a\":1,\"b\":{\"c\":1,\"c\":1}}"));
    assertEquals("at a[1].x", refusedAt("{\"a\":[{},{\"x\":1,\"x\":1}]}"));
    assertEquals("at a[0]", refusedAt("{\"a\":[\"\\ud800\"]}"));
    // A hostile name cannot put control characters into a message through the path.
    assertEquals("at k?y.z", refusedAt("{\"k\\u0007y\":{\"z\":1,\"z\":2}}"));
    // Syntax errors have no path: they go through refuse.
    assertTrue(refusedAt("{\"a\":1} x").startsWith("(document) "));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{\"a\":1} // comment", "{/* c */\"a\":1}", "{\"a\":1}#", "{'a':1}", "{a:1}",
      "{\"a\":NaN}", "{\"a\":Infinity}", "{\"a\":1,}", "{\"a\":[1,]}", "{\"a\"=1}",
      "{\"a\":1};", "{\"a\":1}{}", "{\"a\":1} x", "[1]", "\"s\"", "1", "", "  ", "null",
      "{\"a\":\"\\ud800\"}", "{\"\\udc00\":1}", "{\"a\":\"tab\there\"}", "{\"a\":01}",
      "{\"a\":\"\\x41\"}", "{\"a\":\"\\'\"}"})
  void parseObject_lenientOrTrailingOrNotObject_refused(String json) {
    assertRefused(json);
  }

  @Test
  void parseObject_byteOrderMark_refused() {
    assertRefused("\uFEFF{}");
  }

  @Test
  void parseObject_excessDepth_refused() throws MayflyException {
    String ok = "{\"a\":" + "[".repeat(StrictJsonReader.MAX_DEPTH - 1)
        + "]".repeat(StrictJsonReader.MAX_DEPTH - 1) + "}";
    assertEquals(1, parse(ok).size());
    assertRefused("{\"a\":" + "[".repeat(StrictJsonReader.MAX_DEPTH)
        + "]".repeat(StrictJsonReader.MAX_DEPTH) + "}");
    assertRefused("{\"a\":" + "[".repeat(100_000));
  }

  @Test
  void parseObject_invalidUtf8_refused() {
    for (String hex : new String[] {"7b2261223a22ff227d", "7b2261223a22c0af227d",
        "7b2261223a22eda080227d"}) {
      byte[] bytes = HexFormat.of().parseHex(hex);
      MayflyException e = assertThrows(MayflyException.class, () -> StrictJsonReader.parseObject(
          bytes, 100, "doc", (m, c) -> new MayflyException(CODE, m, c)), hex);
      assertEquals(CODE, e.code());
    }
  }

  @Test
  void parseObject_overSizeLimit_refused() {
    byte[] json = "{\"a\":\"0123456789\"}".getBytes(StandardCharsets.UTF_8);
    assertThrows(MayflyException.class, () -> StrictJsonReader.parseObject(
        json, json.length - 1, "doc", (m, c) -> new MayflyException(CODE, m, c)));
    assertThrows(MayflyException.class, () -> StrictJsonReader.parseObject(
        "{}  ", 3, "doc", (m, c) -> new MayflyException(CODE, m, c)));
  }

  @Test
  void printable_controlAndLongText_replacedAndCut() {
    assertEquals("a?b", StrictJsonReader.printable("a\u0000b"));
    assertEquals("x".repeat(64) + "...", StrictJsonReader.printable("x".repeat(65)));
  }

  @Test
  void hexAndSha256_knownAnswers() {
    assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        Hex.encode(Sha256.hash()));
    assertEquals(Hex.encode(Sha256.hash("ab".getBytes(StandardCharsets.US_ASCII))),
        Hex.encode(Sha256.hash(new byte[] {'a'}, new byte[] {'b'})));
    assertArrayEquals(new byte[] {0x0a, (byte) 0xff}, Hex.decode("0aFF"));
    assertThrows(IllegalArgumentException.class, () -> Hex.decode("0a", 2));
    assertThrows(IllegalArgumentException.class, () -> Hex.decode("0g"));
    assertThrows(IllegalArgumentException.class, () -> Hex.decode("0a0"));
  }
}

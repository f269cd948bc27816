package dev.mayfly.approval.intoto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.gson.JsonObject;
import dev.mayfly.approval.ApprovalException;
import dev.mayfly.common.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InTotoStatementTest {
  private static final byte[] DIGEST = new byte[32];
  private static final String HEX = "00".repeat(32);

  static {
    DIGEST[31] = (byte) 0xab;
  }

  private static InTotoStatement statement() {
    JsonObject predicate = new JsonObject();
    predicate.addProperty("b", 1);
    predicate.addProperty("a", "<x>=");
    return InTotoStatement.builder()
        .subject("app.jar", DIGEST)
        .subject("lib.so", new byte[32])
        .predicateType("urn:example:v1")
        .predicateJson(json(predicate))
        .build();
  }

  @Test
  void toJsonBytes_statement_hasSpecifiedShapeAndOrder() {
    String hex = "00".repeat(31) + "ab";
    assertEquals("{\"_type\":\"https://in-toto.io/Statement/v1\",\"subject\":["
            + "{\"name\":\"app.jar\",\"digest\":{\"sha256\":\"" + hex + "\"}},"
            + "{\"name\":\"lib.so\",\"digest\":{\"sha256\":\"" + HEX + "\"}}],"
            + "\"predicateType\":\"urn:example:v1\",\"predicate\":{\"b\":1,\"a\":\"<x>=\"}}",
        new String(statement().toJsonBytes(), StandardCharsets.UTF_8));
  }

  @Test
  void parseJson_ownOutput_roundTrips() throws Exception {
    InTotoStatement s = statement();
    InTotoStatement parsed = InTotoStatement.parseJson(s.toJsonBytes());
    assertEquals(s, parsed);
    assertArrayEquals(s.toJsonBytes(), parsed.toJsonBytes());
    assertArrayEquals(DIGEST, parsed.subjects().get(0).sha256());
  }

  @Test
  void accessors_returnCopies() {
    InTotoStatement s = statement();
    s.predicateJson()[0] = '[';
    s.subjects().get(0).sha256()[0] = 1;
    assertEquals(2, predicate(s).size());
    assertEquals(0, s.subjects().get(0).sha256()[0]);
  }

  @Test
  void builder_predicateChangedAfterwards_doesNotChangeStatement() {
    byte[] predicate = json(new JsonObject());
    InTotoStatement s = InTotoStatement.builder().subject("a", DIGEST).predicateType("p")
        .predicateJson(predicate).build();
    predicate[0] = '[';
    assertEquals(0, predicate(s).size());
  }

  @Test
  void builder_missingParts_throwIllegalArgument() {
    assertThrows(IllegalArgumentException.class,
        () -> InTotoStatement.builder().predicateType("p").build());
    assertThrows(IllegalArgumentException.class,
        () -> InTotoStatement.builder().subject("a", DIGEST).build());
    assertThrows(IllegalArgumentException.class,
        () -> InTotoStatement.builder().subject("a", new byte[31]));
    assertThrows(IllegalArgumentException.class,
        () -> InTotoStatement.builder().subject("", DIGEST));
  }

  @Test
  void builder_predicateJsonNotOneStrictObject_throwsIllegalArgument() {
    for (String bad : List.of("[]", "{\"a\":1,\"a\":2}", "{} {}", "{/* c */}", "\"x\"")) {
      assertThrows(IllegalArgumentException.class,
          () -> InTotoStatement.builder().predicateJson(bad.getBytes(StandardCharsets.UTF_8)),
          bad);
    }
  }

  @Test
  void predicateJson_isTheStatementsPredicateText() {
    assertEquals("{\"b\":1,\"a\":\"<x>=\"}",
        new String(statement().predicateJson(), StandardCharsets.UTF_8));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{}",
      "{\"_type\":\"https://in-toto.io/Statement/v0.1\",\"subject\":[{\"name\":\"a\",\"digest\":{\"sha256\":\"%s\"}}],\"predicateType\":\"p\",\"predicate\":{}}",
      "{\"_type\":\"https://in-toto.io/Statement/v1\",\"subject\":[],\"predicateType\":\"p\",\"predicate\":{}}",
      "{\"_type\":\"https://in-toto.io/Statement/v1\",\"subject\":[{\"name\":\"\",\"digest\":{\"sha256\":\"%s\"}}],\"predicateType\":\"p\",\"predicate\":{}}",
      "{\"_type\":\"https://in-toto.io/Statement/v1\",\"subject\":[{\"name\":\"a\",\"digest\":{\"sha512\":\"%s\"}}],\"predicateType\":\"p\",\"predicate\":{}}",
      "{\"_type\":\"https://in-toto.io/Statement/v1\",\"subject\":[{\"name\":\"a\",\"digest\":{\"sha256\":\"%s\",\"sha1\":\"00\"}}],\"predicateType\":\"p\",\"predicate\":{}}",
      "{\"_type\":\"https://in-toto.io/Statement/v1\",\"subject\":[{\"name\":\"a\",\"digest\":{\"sha256\":\"AB%s\"}}],\"predicateType\":\"p\",\"predicate\":{}}",
      "{\"_type\":\"https://in-toto.io/Statement/v1\",\"subject\":[{\"name\":\"a\",\"digest\":{\"sha256\":\"0%s\"}}],\"predicateType\":\"p\",\"predicate\":{}}",
      "{\"_type\":\"https://in-toto.io/Statement/v1\",\"subject\":[{\"name\":\"a\",\"uri\":\"x\",\"digest\":{\"sha256\":\"%s\"}}],\"predicateType\":\"p\",\"predicate\":{}}",
      "{\"_type\":\"https://in-toto.io/Statement/v1\",\"subject\":[{\"name\":\"a\",\"digest\":{\"sha256\":\"%s\"}}],\"predicateType\":\"\",\"predicate\":{}}",
      "{\"_type\":\"https://in-toto.io/Statement/v1\",\"subject\":[{\"name\":\"a\",\"digest\":{\"sha256\":\"%s\"}}],\"predicateType\":\"p\"}",
      "{\"_type\":\"https://in-toto.io/Statement/v1\",\"subject\":[{\"name\":\"a\",\"digest\":{\"sha256\":\"%s\"}}],\"predicateType\":\"p\",\"predicate\":[]}",
      "{\"_type\":\"https://in-toto.io/Statement/v1\",\"subject\":[{\"name\":\"a\",\"digest\":{\"sha256\":\"%s\"}}],\"predicateType\":\"p\",\"predicate\":{},\"x\":1}",
      "{\"_type\":\"https://in-toto.io/Statement/v1\",\"subject\":[{\"name\":\"a\",\"digest\":{\"sha256\":\"%s\"}}],\"predicateType\":\"p\",\"predicate\":{\"k\":1,\"k\":2}}",
      "{\"_type\":\"https://in-toto.io/Statement/v1\",\"subject\":{\"name\":\"a\",\"digest\":{\"sha256\":\"%s\"}},\"predicateType\":\"p\",\"predicate\":{}}",
  })
  void parseJson_malformed_throwsMalformed(String template) {
    byte[] json = template.replace("%s", HEX).getBytes(StandardCharsets.UTF_8);
    ApprovalException e = assertThrows(ApprovalException.class, () -> InTotoStatement.parseJson(json));
    assertEquals(ErrorCode.APPROVAL_MALFORMED, e.code());
    assertEquals(List.of(), e.culprits());
  }

  @Test
  void parseJson_tooManySubjects_throwsMalformed() {
    String subject = "{\"name\":\"a\",\"digest\":{\"sha256\":\"" + HEX + "\"}}";
    String json = "{\"_type\":\"https://in-toto.io/Statement/v1\",\"subject\":["
        + String.join(",", java.util.Collections.nCopies(InTotoStatement.MAX_SUBJECTS + 1, subject))
        + "],\"predicateType\":\"p\",\"predicate\":{}}";
    ApprovalException e = assertThrows(ApprovalException.class,
        () -> InTotoStatement.parseJson(json.getBytes(StandardCharsets.UTF_8)));
    assertEquals(ErrorCode.APPROVAL_MALFORMED, e.code());
  }

  /** The predicate's JSON text, as {@link InTotoStatement.Builder#predicateJson} takes it. */
  private static byte[] json(JsonObject predicate) {
    return predicate.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  /** The predicate of {@code statement} as a Gson tree, to edit. */
  private static JsonObject predicate(InTotoStatement statement) {
    return com.google.gson.JsonParser.parseString(new String(statement.predicateJson(),
        java.nio.charset.StandardCharsets.UTF_8)).getAsJsonObject();
  }
}

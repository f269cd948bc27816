package dev.mayfly.approval;

import static dev.mayfly.approval.testing.Fixtures.ARTIFACT;
import static dev.mayfly.approval.testing.Fixtures.ARTIFACT_SHA256;
import static dev.mayfly.approval.testing.Fixtures.NOT_AFTER;
import static dev.mayfly.approval.testing.Fixtures.NOT_BEFORE;
import static dev.mayfly.approval.testing.Fixtures.POLICY_HASH;
import static dev.mayfly.approval.testing.Fixtures.statement;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.gson.JsonObject;
import dev.mayfly.approval.intoto.InTotoStatement;
import dev.mayfly.common.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class ApprovalStatementTest {
  @Test
  void toInTotoStatement_statement_hasDocumentedPredicate() {
    ApprovalStatement s = statement(0).nonce(new byte[16]).build();
    String hash = HexFormat.of().formatHex(POLICY_HASH);
    assertEquals("{\"_type\":\"https://in-toto.io/Statement/v1\",\"subject\":[{\"name\":\"" + ARTIFACT
            + "\",\"digest\":{\"sha256\":\"" + HexFormat.of().formatHex(ARTIFACT_SHA256) + "\"}}],"
            + "\"predicateType\":\"urn:mayfly:approval:v1\",\"predicate\":{\"approverId\":\"approver-0\","
            + "\"changeRef\":\"CHANGE-0\",\"teePolicyHash\":\"" + hash + "\","
            + "\"notBefore\":\"2026-11-24T11:00:00Z\",\"notAfter\":\"2026-11-24T13:00:00Z\","
            + "\"nonce\":\"" + "00".repeat(16) + "\"}}",
        new String(s.toInTotoStatement().toJsonBytes(), StandardCharsets.UTF_8));
  }

  @Test
  void fromInTotoStatement_ownOutput_roundTrips() throws Exception {
    ApprovalStatement s = statement(1)
        .validity(Instant.parse("2026-01-01T00:00:00.123Z"), Instant.parse("2026-01-02T00:00:00Z"))
        .changeRef("PR #42 — Ünïcode ✓")
        .build();
    ApprovalStatement parsed = ApprovalStatement.fromInTotoStatement(
        InTotoStatement.parseJson(s.toInTotoStatement().toJsonBytes()));
    assertEquals(s, parsed);
    assertArrayEquals(s.nonce(), parsed.nonce());
  }

  @Test
  void builder_defaultNonce_isRandomAndThirtyTwoBytes() {
    ApprovalStatement a = ApprovalStatement.builder().artifact(ARTIFACT, ARTIFACT_SHA256)
        .approverId("alice").changeRef("c").teePolicyHash(POLICY_HASH)
        .validity(NOT_BEFORE, NOT_AFTER).build();
    ApprovalStatement b = ApprovalStatement.builder().artifact(ARTIFACT, ARTIFACT_SHA256)
        .approverId("alice").changeRef("c").teePolicyHash(POLICY_HASH)
        .validity(NOT_BEFORE, NOT_AFTER).build();
    assertEquals(ApprovalStatement.NONCE_BYTES, a.nonce().length);
    assertNotEquals(a, b);
  }

  @Test
  void builder_badFields_throwIllegalArgument() {
    List<Consumer<ApprovalStatement.Builder>> edits = List.of(
        b -> b.artifact(ARTIFACT, new byte[31]),
        b -> b.artifact("", ARTIFACT_SHA256),
        b -> b.artifact("a\nb", ARTIFACT_SHA256),
        b -> b.artifact("x".repeat(ApprovalStatement.MAX_ARTIFACT_NAME_CHARS + 1), ARTIFACT_SHA256),
        b -> b.approverId(""),
        b -> b.approverId("-alice"),
        b -> b.approverId("al ice"),
        b -> b.approverId("a".repeat(129)),
        b -> b.changeRef(""),
        b -> b.changeRef("tab\there"),
        b -> b.changeRef("\uD800"),
        b -> b.teePolicyHash(new byte[16]),
        b -> b.validity(NOT_AFTER, NOT_BEFORE),
        b -> b.validity(Instant.parse("+10000-01-01T00:00:00Z"), Instant.parse("+10000-01-02T00:00:00Z")),
        b -> b.nonce(new byte[15]),
        b -> b.nonce(new byte[65]));
    for (Consumer<ApprovalStatement.Builder> edit : edits) {
      ApprovalStatement.Builder b = statement(0);
      edit.accept(b);
      assertThrows(IllegalArgumentException.class, b::build);
    }
    assertThrows(IllegalStateException.class, () -> ApprovalStatement.builder().build());
  }

  @Test
  void fromInTotoStatement_badPredicates_throwMalformed() {
    JsonObject good = predicate(statement(0).build().toInTotoStatement());
    List<Consumer<JsonObject>> edits = List.of(
        p -> p.remove("nonce"),
        p -> p.addProperty("extra", "x"),
        p -> p.addProperty("approverId", 7),
        p -> p.addProperty("approverId", "bad id"),
        p -> p.addProperty("changeRef", ""),
        p -> p.addProperty("teePolicyHash", "AB".repeat(32)),
        p -> p.addProperty("teePolicyHash", "ab".repeat(31)),
        p -> p.addProperty("notBefore", "2026-11-24T11:00:00+00:00"),
        p -> p.addProperty("notBefore", "2026-11-24 11:00:00Z"),
        p -> p.addProperty("notBefore", "2026-11-24t11:00:00z"),
        p -> p.addProperty("notAfter", "2026-02-30T11:00:00Z"),
        p -> p.addProperty("notAfter", "2026-11-24T10:59:59Z"),
        p -> p.addProperty("nonce", "00"),
        p -> p.add("nonce", null));
    for (Consumer<JsonObject> edit : edits) {
      JsonObject p = good.deepCopy();
      edit.accept(p);
      InTotoStatement st = InTotoStatement.builder().subject(ARTIFACT, ARTIFACT_SHA256)
          .predicateType(ApprovalStatement.PREDICATE_TYPE).predicateJson(json(p)).build();
      ApprovalException e = assertThrows(ApprovalException.class,
          () -> ApprovalStatement.fromInTotoStatement(st), p::toString);
      assertEquals(ErrorCode.APPROVAL_MALFORMED, e.code(), p::toString);
    }
  }

  @Test
  void fromInTotoStatement_twoSubjectsOfOneName_throwsMalformed() {
    InTotoStatement st = InTotoStatement.builder()
        .subject(ARTIFACT, ARTIFACT_SHA256).subject(ARTIFACT, new byte[32])
        .predicateType(ApprovalStatement.PREDICATE_TYPE)
        .predicateJson(statement(0).build().toInTotoStatement().predicateJson())
        .build();
    ApprovalException e = assertThrows(ApprovalException.class,
        () -> ApprovalStatement.fromInTotoStatement(st));
    assertEquals(ErrorCode.APPROVAL_MALFORMED, e.code());
    assertEquals(List.of(), e.culprits());
  }

  @Test
  void fromInTotoStatement_releaseOfThree_roundTripsEverySubjectInOrder() throws Exception {
    ApprovalStatement release = statement(0)
        .artifact("c.jar", ARTIFACT_SHA256)
        .addArtifact("a.pom", new byte[32])
        .addArtifact("b-sources.jar", java.util.Arrays.copyOf(ARTIFACT_SHA256, 32))
        .build();
    ApprovalStatement parsed = ApprovalStatement.fromInTotoStatement(
        InTotoStatement.parseJson(release.toInTotoStatement().toJsonBytes()));
    assertEquals(release, parsed);
    assertEquals(List.of("c.jar", "a.pom", "b-sources.jar"),
        parsed.artifacts().stream().map(dev.mayfly.common.ArtifactDigest::name).toList());
    assertEquals("c.jar", parsed.artifactName());
  }

  @Test
  void builder_releaseWithRepeatedName_throwsIllegalArgument() {
    assertThrows(IllegalArgumentException.class, () -> statement(0)
        .addArtifact(ARTIFACT, new byte[32]).build());
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

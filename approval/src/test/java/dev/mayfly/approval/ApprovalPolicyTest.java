package dev.mayfly.approval;

import static dev.mayfly.approval.testing.Fixtures.key;
import static dev.mayfly.approval.testing.Fixtures.policy;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.mayfly.approval.internal.StrictJson;
import dev.mayfly.common.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class ApprovalPolicyTest {
  @Test
  void parseJson_toJsonBytes_roundTrips() throws Exception {
    ApprovalPolicy policy = policy(4, 3);
    ApprovalPolicy parsed = ApprovalPolicy.parseJson(policy.toJsonBytes());
    assertEquals(policy, parsed);
    assertArrayEquals(policy.toJsonBytes(), parsed.toJsonBytes());
    assertArrayEquals(policy.digest(), parsed.digest());
    assertEquals(3, parsed.quorum());
    assertEquals(key(2).publicKey(), parsed.approvers().byId("approver-2").orElseThrow().publicKey());
  }

  @Test
  void toJson_policy_hasVersionQuorumAndSortedApprovers() {
    ApproverSet set = ApproverSet.builder()
        .approver("zoe", key(0).publicKey())
        .approver("adam", key(1).publicKey())
        .build();
    JsonObject json = ApprovalPolicy.builder().approvers(set).quorum(1).build().toJsonTree();
    assertEquals(1, json.get("version").getAsInt());
    assertEquals(1, json.get("quorum").getAsInt());
    assertEquals("adam", json.getAsJsonArray("approvers").get(0).getAsJsonObject().get("id").getAsString());
    assertEquals(key(1).publicKey().toPem(),
        json.getAsJsonArray("approvers").get(0).getAsJsonObject().get("publicKey").getAsString());
  }

  @Test
  void parseJson_prettyPrintedOtherOrder_sameDigest() throws Exception {
    ApprovalPolicy policy = policy(2, 2);
    JsonObject json = policy.toJsonTree();
    JsonArray approvers = json.getAsJsonArray("approvers");
    JsonArray reversed = new JsonArray();
    reversed.add(approvers.get(1));
    reversed.add(approvers.get(0));
    String pretty = "{\n  \"approvers\": " + reversed + ",\n  \"quorum\": 2,\n  \"version\": 1\n}\n";
    ApprovalPolicy parsed = ApprovalPolicy.parseJson(pretty.getBytes(StandardCharsets.UTF_8));
    assertArrayEquals(policy.digest(), parsed.digest());
  }

  @Test
  void digest_changesWithQuorumKeysAndIds() {
    byte[] base = policy(3, 2).digest();
    assertFalse(MessageDigest.isEqual(base, policy(3, 3).digest()));
    assertFalse(MessageDigest.isEqual(base, policy(4, 2).digest()));
    ApproverSet renamed = ApproverSet.builder()
        .approver("approver-0", key(0).publicKey())
        .approver("approver-1", key(1).publicKey())
        .approver("approver-9", key(2).publicKey())
        .build();
    assertFalse(MessageDigest.isEqual(base,
        ApprovalPolicy.builder().approvers(renamed).quorum(2).build().digest()));
    assertEquals(32, base.length);
  }

  @Test
  void parseJson_badFiles_throwMalformed() {
    JsonObject good = policy(2, 1).toJsonTree();
    String pem0 = key(0).publicKey().toPem();
    List<Consumer<JsonObject>> edits = List.of(
        o -> o.addProperty("version", 2),
        o -> o.addProperty("version", "1"),
        o -> o.addProperty("quorum", 0),
        o -> o.addProperty("quorum", 3),
        o -> o.addProperty("quorum", 1.5),
        o -> o.addProperty("quorum", 1e3),
        o -> o.remove("quorum"),
        o -> o.addProperty("extra", true),
        o -> o.add("approvers", new JsonArray()),
        o -> entry(o, 1).addProperty("id", "approver-0"),
        o -> entry(o, 1).addProperty("publicKey", pem0),
        o -> entry(o, 1).addProperty("publicKey", "-----BEGIN PUBLIC KEY-----\nAA==\n-----END PUBLIC KEY-----\n"),
        o -> entry(o, 1).addProperty("id", "bad id"),
        o -> entry(o, 1).addProperty("role", "admin"),
        o -> entry(o, 1).remove("publicKey"));
    for (Consumer<JsonObject> edit : edits) {
      JsonObject o = good.deepCopy();
      edit.accept(o);
      ApprovalException e = assertThrows(ApprovalException.class,
          () -> ApprovalPolicy.parseJson(StrictJson.toBytes(o)), o::toString);
      assertEquals(ErrorCode.APPROVAL_MALFORMED, e.code(), o::toString);
      assertEquals(List.of(), e.culprits());
    }
  }

  @Test
  void builders_badConfiguration_throwUnchecked() {
    ApproverSet.Builder set = ApproverSet.builder().approver("alice", key(0).publicKey());
    assertThrows(IllegalArgumentException.class, () -> set.approver("alice", key(1).publicKey()));
    assertThrows(IllegalArgumentException.class, () -> set.approver("bob", key(0).publicKey()));
    assertThrows(IllegalArgumentException.class, () -> set.approver("b b", key(1).publicKey()));
    assertThrows(IllegalStateException.class, () -> ApproverSet.builder().build());
    ApproverSet one = set.build();
    assertThrows(IllegalArgumentException.class,
        () -> ApprovalPolicy.builder().approvers(one).quorum(2).build());
    assertThrows(IllegalArgumentException.class,
        () -> ApprovalPolicy.builder().approvers(one).quorum(0).build());
    assertThrows(IllegalStateException.class, () -> ApprovalPolicy.builder().quorum(1).build());
  }

  @Test
  void approverSet_parseJson_roundTripsAndLooksUpByKeyId() throws Exception {
    ApproverSet set = policy(3, 1).approvers();
    ApproverSet parsed = ApproverSet.parseJson(set.toJsonBytes());
    assertEquals(set, parsed);
    assertEquals("approver-1", parsed.byKeyId(key(1).publicKey().keyId()).orElseThrow().id());
    assertEquals(3, parsed.size());
    ApprovalException e = assertThrows(ApprovalException.class,
        () -> ApproverSet.parseJson("{\"approvers\":[]}".getBytes(StandardCharsets.UTF_8)));
    assertEquals(ErrorCode.APPROVAL_MALFORMED, e.code());
  }

  private static JsonObject entry(JsonObject policy, int i) {
    return policy.getAsJsonArray("approvers").get(i).getAsJsonObject();
  }
}

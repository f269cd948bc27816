package dev.mayfly.approval;

import static dev.mayfly.approval.testing.Fixtures.ARTIFACT;
import static dev.mayfly.approval.testing.Fixtures.ARTIFACT_SHA256;
import static dev.mayfly.approval.testing.Fixtures.AT;
import static dev.mayfly.approval.testing.Fixtures.NOT_BEFORE;
import static dev.mayfly.approval.testing.Fixtures.POLICY_HASH;
import static dev.mayfly.approval.testing.Fixtures.approval;
import static dev.mayfly.approval.testing.Fixtures.id;
import static dev.mayfly.approval.testing.Fixtures.policy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.mayfly.common.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ApprovalExplainerTest {
  private static final ApprovalExplainer EXPLAINER = ApprovalExplainer.create(policy(3, 2));

  @Test
  void explain_mixedApprovals_listsEachVerdictInOrder() {
    byte[] expired = approval(1, b -> b.validity(NOT_BEFORE, AT.minusSeconds(1)));
    List<byte[]> envelopes = List.of(approval(0), expired, "{".getBytes(StandardCharsets.UTF_8), approval(0));
    ApprovalExplanation x = EXPLAINER.explain(envelopes, ARTIFACT, ARTIFACT_SHA256, POLICY_HASH, AT);
    assertEquals(2, x.quorum());
    assertEquals(1, x.countedCount());
    assertEquals(Optional.of(ErrorCode.APPROVAL_EXPIRED), x.failure());
    List<ApprovalExplanation.Entry> entries = x.entries();
    assertEquals(List.of(0, 1, 2, 3), entries.stream().map(ApprovalExplanation.Entry::index).toList());
    assertTrue(entries.get(0).counts());
    assertEquals(Optional.of(id(0)), entries.get(0).approverId());
    assertEquals(Optional.of(ErrorCode.APPROVAL_EXPIRED), entries.get(1).code());
    assertEquals(Optional.of(id(1)), entries.get(1).approverId());
    assertEquals(Optional.of(ErrorCode.APPROVAL_MALFORMED), entries.get(2).code());
    assertEquals(Optional.empty(), entries.get(2).approverId());
    assertEquals(Optional.of(ErrorCode.APPROVAL_DUPLICATE_APPROVER), entries.get(3).code());
  }

  @Test
  void explain_sameInputsAsVerify_sameOutcome() {
    byte[] expired = approval(1, b -> b.validity(NOT_BEFORE, AT.minusSeconds(1)));
    List<byte[]> envelopes = List.of(approval(0), expired);
    ApprovalException e = assertThrows(ApprovalException.class, () -> ApprovalVerifier
        .create(policy(3, 2)).verify(envelopes, ARTIFACT, ARTIFACT_SHA256, POLICY_HASH, AT));
    ApprovalExplanation x = EXPLAINER.explain(envelopes, ARTIFACT, ARTIFACT_SHA256, POLICY_HASH, AT);
    assertEquals(Optional.of(e.code()), x.failure());
    assertEquals(e.getMessage(), e.code() + ": " + x.failureMessage());
  }

  @Test
  void explain_quorumMet_hasNoFailure() {
    ApprovalExplanation x = EXPLAINER.explain(List.of(approval(2), approval(1)), ARTIFACT,
        ARTIFACT_SHA256, POLICY_HASH, AT);
    assertEquals(Optional.empty(), x.failure());
    assertEquals("", x.failureMessage());
    JsonObject json = x.toJsonTree();
    assertEquals("QUORUM_MET", json.get("outcome").getAsString());
    assertEquals(2, json.get("counted").getAsInt());
    assertTrue(json.getAsJsonArray("approvals").get(0).getAsJsonObject().get("counts").getAsBoolean());
    assertEquals(json.toString(), new String(x.toJsonBytes(), StandardCharsets.UTF_8));
  }

  @Test
  void explain_garbageInputs_neverThrows() {
    List<byte[]> envelopes = List.of(new byte[0], new byte[] {(byte) 0xff}, "[]".getBytes(StandardCharsets.UTF_8),
        "{\"payload\":\"\",\"payloadType\":\"\",\"signatures\":[{\"sig\":\"AA==\"}]}".getBytes(StandardCharsets.UTF_8));
    ApprovalExplanation x = EXPLAINER.explain(envelopes, ARTIFACT, ARTIFACT_SHA256, POLICY_HASH, AT);
    assertEquals(Optional.of(ErrorCode.APPROVAL_MALFORMED), x.failure());
    assertEquals(4, x.entries().size());
    assertEquals("APPROVAL_BAD_SIGNATURE",
        x.toJsonTree().getAsJsonArray("approvals").get(3).getAsJsonObject().get("code").getAsString());
  }
}

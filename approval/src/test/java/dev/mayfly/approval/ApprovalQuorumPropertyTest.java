package dev.mayfly.approval;

import static dev.mayfly.approval.testing.Fixtures.ARTIFACT;
import static dev.mayfly.approval.testing.Fixtures.ARTIFACT_SHA256;
import static dev.mayfly.approval.testing.Fixtures.AT;
import static dev.mayfly.approval.testing.Fixtures.NOT_BEFORE;
import static dev.mayfly.approval.testing.Fixtures.POLICY_HASH;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mayfly.approval.dsse.DsseEnvelope;
import dev.mayfly.approval.dsse.DsseSignature;
import dev.mayfly.approval.testing.Fixtures;
import dev.mayfly.common.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import dev.mayfly.testsupport.Seeded;
import org.junit.jupiter.api.Test;

/** Quorum counting and tamper evidence, over random approver sets and envelope mixes. */
class ApprovalQuorumPropertyTest {
  private static final int MAX_APPROVERS = 5;
  private static final Map<Integer, byte[]> VALID = new ConcurrentHashMap<>();
  private static final Map<Integer, byte[]> EXPIRED = new ConcurrentHashMap<>();
  private static final Map<Integer, byte[]> WRONG_POLICY = new ConcurrentHashMap<>();

  private static byte[] valid(int i) {
    return VALID.computeIfAbsent(i, Fixtures::approval);
  }

  private static byte[] expired(int i) {
    return EXPIRED.computeIfAbsent(i,
        k -> Fixtures.approval(k, b -> b.validity(NOT_BEFORE, AT.minusSeconds(1))));
  }

  private static byte[] wrongPolicy(int i) {
    return WRONG_POLICY.computeIfAbsent(i,
        k -> Fixtures.approval(k, b -> b.teePolicyHash(Fixtures.OTHER_POLICY_HASH)));
  }

  /**
   * With m approvers and quorum t, k distinct valid approvals count iff k ≥ t, whatever noise
   * (repeats, expired or wrong-policy approvals, approvals from outsiders, garbage) surrounds them.
   */
  @Test
  void verify_kDistinctValidApprovals_succeedsIffKAtLeastQuorum() {
    Seeded.forAll(150, g -> {
      int approvers = g.intBetween(1, MAX_APPROVERS);
      int quorum = g.intBetween(1, approvers);
      Set<Integer> signers = g.setOf(MAX_APPROVERS, () -> g.intBetween(0, MAX_APPROVERS - 1));
      List<Integer> noise = g.listOf(0, 6, () -> g.intBetween(0, 4 * MAX_APPROVERS + 1));
      kDistinctValidApprovals(approvers, quorum, signers, noise, g.anyLong());
    });
  }

  private static void kDistinctValidApprovals(int approvers, int quorum, Set<Integer> signers,
      List<Integer> noise, long shuffleSeed) {
    List<Integer> validSigners = signers.stream().filter(i -> i < approvers).sorted().toList();
    List<byte[]> envelopes = new ArrayList<>();
    validSigners.forEach(i -> envelopes.add(valid(i)));
    for (int n : noise) {
      int who = n % (MAX_APPROVERS + 2); // may be outside the approver set
      switch (n / (MAX_APPROVERS + 2)) {
        case 0 -> envelopes.add(expired(who));
        case 1 -> envelopes.add(wrongPolicy(who));
        case 2 -> {
          if (validSigners.contains(who)) {
            envelopes.add(valid(who)); // a repeat: must not count twice
          } else {
            envelopes.add("{}".getBytes(StandardCharsets.UTF_8));
          }
        }
        default -> envelopes.add(valid(MAX_APPROVERS + who)); // an outsider's valid approval
      }
    }
    Collections.shuffle(envelopes, new Random(shuffleSeed));
    ApprovalVerifier verifier = ApprovalVerifier.create(Fixtures.policy(approvers, quorum));
    int k = validSigners.size();
    try {
      ApprovedQuorum result = verifier.verify(envelopes, ARTIFACT, ARTIFACT_SHA256, POLICY_HASH, AT);
      assertTrue(k >= quorum, "verified with " + k + " distinct approvers, quorum " + quorum);
      assertEquals(k, result.counted().size());
      assertEquals(envelopes.size() - k, result.discounted().size());
    } catch (ApprovalException e) {
      assertTrue(k < quorum, "refused with " + k + " distinct approvers, quorum " + quorum + ": " + e);
      assertEquals(List.of(), e.culprits());
      assertEquals(envelopes.size() - k, e.discounted().size());
      if (k + e.discounted().size() < quorum) {
        assertEquals(ErrorCode.APPROVAL_QUORUM_NOT_MET, e.code());
      } else {
        assertEquals(e.discounted().get(0).code(), e.code());
      }
    }
  }

  /** Any change to a signed approval's payload or payload type makes it not count. */
  @Test
  void verify_changedPayload_doesNotCount() {
    Seeded.forAll(200, g -> changedPayloadDoesNotCount(g.intBetween(0, 2),
        g.intBetween(0, 100_000), g.intBetween(0, 255), g.intBetween(0, 3)));
  }

  private static void changedPayloadDoesNotCount(int signer, int position, int change, int kind)
      throws Exception {
    DsseEnvelope signed = DsseEnvelope.parseJson(valid(signer));
    byte[] payload = signed.payload();
    String payloadType = signed.payloadType();
    int at = position % payload.length;
    switch (kind) {
      case 0 -> payload[at] ^= (byte) (change == 0 ? 1 : change);
      case 1 -> payload = Arrays.copyOf(payload, at);
      case 2 -> {
        byte[] longer = new byte[payload.length + 1];
        System.arraycopy(payload, 0, longer, 0, at);
        longer[at] = (byte) change;
        System.arraycopy(payload, at, longer, at + 1, payload.length - at);
        payload = longer;
      }
      default -> payloadType = payloadType + (char) ('a' + change % 26);
    }
    DsseSignature signature = signed.signatures().get(0);
    byte[] tampered = DsseEnvelope.of(payloadType, payload,
        List.of(DsseSignature.of(signature.keyId(), signature.signature()))).toJsonBytes();
    assertNotEquals(new String(valid(signer), StandardCharsets.UTF_8),
        new String(tampered, StandardCharsets.UTF_8));
    ApprovalExplanation x = ApprovalExplainer.create(Fixtures.policy(3, 1))
        .explain(List.of(tampered), ARTIFACT, ARTIFACT_SHA256, POLICY_HASH, AT);
    assertFalse(x.entries().get(0).counts());
    assertEquals(Optional.of(ErrorCode.APPROVAL_BAD_SIGNATURE), x.entries().get(0).code());
  }
}

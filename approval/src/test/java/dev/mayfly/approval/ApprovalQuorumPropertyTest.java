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
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

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
  @Property(tries = 150)
  void verify_kDistinctValidApprovals_succeedsIffKAtLeastQuorum(
      @ForAll @IntRange(min = 1, max = MAX_APPROVERS) int approvers,
      @ForAll @IntRange(min = 1, max = MAX_APPROVERS) int quorum,
      @ForAll @Size(max = MAX_APPROVERS) Set<@IntRange(min = 0, max = MAX_APPROVERS - 1) Integer> signers,
      @ForAll @Size(max = 6) List<@IntRange(min = 0, max = 4 * MAX_APPROVERS + 1) Integer> noise,
      @ForAll long shuffleSeed) {
    Assume.that(quorum <= approvers);
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
  @Property(tries = 200)
  void verify_changedPayload_doesNotCount(
      @ForAll @IntRange(min = 0, max = 2) int signer,
      @ForAll @IntRange(min = 0, max = 100_000) int position,
      @ForAll @IntRange(min = 0, max = 255) int change,
      @ForAll @IntRange(min = 0, max = 3) int kind) throws Exception {
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

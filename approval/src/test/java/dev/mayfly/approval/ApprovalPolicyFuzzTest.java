package dev.mayfly.approval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.mayfly.common.ErrorCode;
import dev.mayfly.testsupport.DecoderContract;

/**
 * Approval policies and approver sets (the approvers files operators write): a value that
 * round-trips, or APPROVAL_MALFORMED; nothing else.
 */
class ApprovalPolicyFuzzTest {
  @FuzzTest
  void parseJson(byte[] input) {
    DecoderContract.decode(input.length, ApprovalException.class,
            e -> e.code() == ErrorCode.APPROVAL_MALFORMED, () -> ApprovalPolicy.parseJson(input))
        .ifPresent(policy -> {
          byte[] encoded = policy.toJsonBytes();
          ApprovalPolicy again = DecoderContract.decode(encoded.length, ApprovalException.class,
              () -> ApprovalPolicy.parseJson(encoded)).orElseThrow();
          assertEquals(policy, again);
          assertArrayEquals(encoded, again.toJsonBytes());
        });
    DecoderContract.decode(input.length, ApprovalException.class,
            e -> e.code() == ErrorCode.APPROVAL_MALFORMED, () -> ApproverSet.parseJson(input))
        .ifPresent(set -> {
          byte[] encoded = set.toJsonBytes();
          ApproverSet again = DecoderContract.decode(encoded.length, ApprovalException.class,
              () -> ApproverSet.parseJson(encoded)).orElseThrow();
          assertEquals(set, again);
          assertArrayEquals(encoded, again.toJsonBytes());
        });
  }
}

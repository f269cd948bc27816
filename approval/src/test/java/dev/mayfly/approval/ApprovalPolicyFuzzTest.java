package dev.mayfly.approval;

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
    DecoderContract.decodeToFixedPoint(input, ApprovalException.class,
        e -> e.code() == ErrorCode.APPROVAL_MALFORMED, ApprovalPolicy::parseJson,
        ApprovalPolicy::toJsonBytes);
    DecoderContract.decodeToFixedPoint(input, ApprovalException.class,
        e -> e.code() == ErrorCode.APPROVAL_MALFORMED, ApproverSet::parseJson,
        ApproverSet::toJsonBytes);
  }
}

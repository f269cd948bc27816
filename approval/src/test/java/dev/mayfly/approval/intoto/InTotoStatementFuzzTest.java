package dev.mayfly.approval.intoto;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.mayfly.approval.ApprovalException;
import dev.mayfly.approval.ApprovalStatement;
import dev.mayfly.common.ErrorCode;
import dev.mayfly.testsupport.DecoderContract;

/**
 * In-toto statements from outside: a value that round-trips, or APPROVAL_MALFORMED; reading the
 * approval predicate from an accepted statement throws nothing but ApprovalException.
 */
class InTotoStatementFuzzTest {
  @FuzzTest
  void parseJson(byte[] input) {
    DecoderContract.decodeToFixedPoint(input, ApprovalException.class,
            e -> e.code() == ErrorCode.APPROVAL_MALFORMED, InTotoStatement::parseJson,
            InTotoStatement::toJsonBytes)
        .ifPresent(statement -> DecoderContract.decode(input.length, ApprovalException.class,
            () -> ApprovalStatement.fromInTotoStatement(statement)));
  }
}

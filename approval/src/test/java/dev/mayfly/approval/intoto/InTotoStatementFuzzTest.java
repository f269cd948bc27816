package dev.mayfly.approval.intoto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.mayfly.approval.ApprovalException;
import dev.mayfly.approval.ApprovalStatement;
import dev.mayfly.common.ErrorCode;
import dev.mayfly.testsupport.DecoderContract;

/** In-toto statements from outside: a value that round-trips, or APPROVAL_MALFORMED. */
class InTotoStatementFuzzTest {
  @FuzzTest
  void parseJson(byte[] input) {
    DecoderContract.decode(input.length, ApprovalException.class,
            e -> e.code() == ErrorCode.APPROVAL_MALFORMED, () -> InTotoStatement.parseJson(input))
        .ifPresent(statement -> {
          byte[] encoded = statement.toJsonBytes();
          InTotoStatement again = DecoderContract.decode(encoded.length, ApprovalException.class,
              () -> InTotoStatement.parseJson(encoded)).orElseThrow();
          assertEquals(statement, again);
          assertArrayEquals(encoded, again.toJsonBytes());
          DecoderContract.decode(encoded.length, ApprovalException.class,
              () -> ApprovalStatement.fromInTotoStatement(statement));
        });
  }
}

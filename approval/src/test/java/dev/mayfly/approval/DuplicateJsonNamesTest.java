package dev.mayfly.approval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.mayfly.approval.dsse.DsseEnvelope;
import dev.mayfly.approval.intoto.InTotoStatement;
import dev.mayfly.approval.testing.Fixtures;
import dev.mayfly.common.ErrorCode;
import dev.mayfly.testsupport.JsonEdits;
import org.junit.jupiter.api.Test;

/** Every approval JSON format refuses a repeated member name with APPROVAL_MALFORMED. */
class DuplicateJsonNamesTest {
  private interface Parser {
    Object parse(byte[] json) throws ApprovalException;
  }

  private static void assertRefusesRepeat(byte[] valid, Parser parser) throws ApprovalException {
    parser.parse(valid); // the document itself is fine
    ApprovalException e = assertThrows(ApprovalException.class,
        () -> parser.parse(JsonEdits.repeatFirstMember(valid)));
    assertEquals(ErrorCode.APPROVAL_MALFORMED, e.code());
  }

  @Test
  void dsseEnvelope_repeatedName_refused() throws ApprovalException {
    assertRefusesRepeat(Fixtures.approval(0), DsseEnvelope::parseJson);
  }

  @Test
  void inTotoStatement_repeatedName_refused() throws ApprovalException {
    assertRefusesRepeat(DsseEnvelope.parseJson(Fixtures.approval(0)).payload(),
        InTotoStatement::parseJson);
  }

  @Test
  void approvalPolicy_repeatedName_refused() throws ApprovalException {
    assertRefusesRepeat(Fixtures.policy(3, 2).toJsonBytes(), ApprovalPolicy::parseJson);
  }

  @Test
  void approverSet_repeatedName_refused() throws ApprovalException {
    assertRefusesRepeat(Fixtures.policy(3, 2).approvers().toJsonBytes(), ApproverSet::parseJson);
  }
}

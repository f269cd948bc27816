package dev.mayfly.approval.dsse;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.mayfly.approval.ApprovalException;
import dev.mayfly.approval.ApprovalVerifier;
import dev.mayfly.approval.intoto.InTotoStatement;
import dev.mayfly.approval.testing.Fixtures;
import dev.mayfly.common.ErrorCode;
import dev.mayfly.testsupport.DecoderContract;
import java.util.List;

/**
 * DSSE envelopes from outside: a value that round-trips, or APPROVAL_MALFORMED; the in-toto
 * statement inside and the whole approval verifier throw nothing but ApprovalException either.
 */
class DsseEnvelopeFuzzTest {
  private static final ApprovalVerifier VERIFIER = ApprovalVerifier.create(Fixtures.policy(3, 1));

  @FuzzTest
  void parseJson(byte[] input) {
    DecoderContract.decodeToFixedPoint(input, ApprovalException.class,
            e -> e.code() == ErrorCode.APPROVAL_MALFORMED, DsseEnvelope::parseJson,
            DsseEnvelope::toJsonBytes)
        .ifPresent(envelope -> DecoderContract.decode(envelope.payload().length,
            ApprovalException.class, e -> e.code() == ErrorCode.APPROVAL_MALFORMED,
            () -> InTotoStatement.parseJson(envelope.payload())));
    DecoderContract.decode(input.length, ApprovalException.class, () -> VERIFIER.verify(
        List.of(input), Fixtures.ARTIFACT, Fixtures.ARTIFACT_SHA256, Fixtures.POLICY_HASH,
        Fixtures.AT));
  }
}

package dev.mayfly.snp.validate;

import static dev.mayfly.snp.validate.PolicyValidatorTest.VERIFIER;
import static dev.mayfly.snp.validate.PolicyValidatorTest.assertSingle;
import static dev.mayfly.snp.validate.PolicyValidatorTest.expectFor;
import static dev.mayfly.snp.validate.PolicyValidatorTest.policyFor;
import static dev.mayfly.snp.validate.PolicyValidatorTest.refused;

import dev.mayfly.common.ErrorCode;
import dev.mayfly.simulation.snp.SimulatedEvidenceProvider;
import dev.mayfly.snp.AttestationException;
import dev.mayfly.snp.Simulated;
import dev.mayfly.snp.abi.GuestPolicy;
import dev.mayfly.snp.verify.VerifiedReport;
import org.junit.jupiter.api.Test;

/**
 * Policy checks that need a report field no real vector has (moved here from attestation-snp's
 * {@code PolicyValidatorTest}, which keeps the cases on real AMD vectors).
 */
class PolicyValidatorSimulatedEvidenceTest {
  @Test
  void validate_migrateMa_throwsMigrateMaNotAllowed() throws AttestationException {
    VerifiedReport v = VERIFIER.verify(SimulatedEvidenceProvider.builder(Simulated.chip())
        .guestPolicy(new GuestPolicy(GuestPolicy.RESERVED_ONE | GuestPolicy.MIGRATE_MA)).build()
        .getEvidence(new byte[64]));
    assertSingle(ErrorCode.SNP_MIGRATE_MA_NOT_ALLOWED, refused(policyFor(v).build(), v, expectFor(v)));
  }
}

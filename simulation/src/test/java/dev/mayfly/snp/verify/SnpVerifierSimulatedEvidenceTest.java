package dev.mayfly.snp.verify;

import static dev.mayfly.snp.verify.SnpVerifierTest.assertRefused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mayfly.common.ErrorCode;
import dev.mayfly.simulation.snp.SimulatedChip;
import dev.mayfly.simulation.snp.SimulatedEvidenceProvider;
import dev.mayfly.snp.AttestationException;
import dev.mayfly.snp.Simulated;
import dev.mayfly.snp.Vectors;
import dev.mayfly.snp.abi.TcbVersion;
import dev.mayfly.snp.evidence.Evidence;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What the verifier does with simulated evidence: refused by default, accepted and labelled only
 * when opted in, and still checked like real evidence (moved here from attestation-snp's {@code
 * SnpVerifierTest}, which keeps the cases on real AMD vectors).
 */
class SnpVerifierSimulatedEvidenceTest {
  private static final SnpVerifier VERIFIER =
      SnpVerifier.create(SnpVerifyOptions.builder().clock(Vectors.CLOCK).build());

  private static SnpVerifier simulatedVerifier() {
    return SnpVerifier.create(SnpVerifyOptions.builder().clock(Vectors.CLOCK)
        .allowSimulatedEvidenceInsecure().build());
  }

  private static Evidence simulated(SimulatedChip chip) {
    return SimulatedEvidenceProvider.builder(chip).build().getEvidence(new byte[64]);
  }

  @Test
  void verify_simulatedByDefault_throwsSimulatedRefused() {
    Evidence evidence = simulated(Simulated.chip());
    assertRefused(ErrorCode.SNP_SIMULATED_EVIDENCE_REFUSED, () -> VERIFIER.verify(evidence));
  }

  @Test
  void verify_simulatedOptedIn_isSimulated() throws AttestationException {
    VerifiedReport verified = simulatedVerifier().verify(simulated(Simulated.chip()));
    assertTrue(verified.isSimulated());
    assertEquals(Simulated.TCB, verified.report().reportedTcb());
  }

  @Test
  void verify_unknownCriticalExtension_throwsUnknownCritical() {
    SimulatedChip chip = Simulated.chipWithCritical(Map.of("1.2.3.4.5", new byte[] {5, 0}));
    Evidence evidence = simulated(chip);
    assertRefused(ErrorCode.SNP_CERT_UNKNOWN_CRITICAL_EXTENSION,
        () -> simulatedVerifier().verify(evidence));
  }

  @Test
  void verify_reportedTcbNotCertified_throwsTcbMismatch() {
    Evidence evidence = SimulatedEvidenceProvider.builder(Simulated.chip())
        .reportedTcb(TcbVersion.of(3, 0, 8, 116)).build().getEvidence(new byte[64]);
    assertRefused(ErrorCode.SNP_TCB_MISMATCH, () -> simulatedVerifier().verify(evidence));
  }
}

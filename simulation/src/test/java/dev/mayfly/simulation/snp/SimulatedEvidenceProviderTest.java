package dev.mayfly.simulation.snp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mayfly.common.ErrorCode;
import dev.mayfly.snp.AttestationException;
import dev.mayfly.snp.Simulated;
import dev.mayfly.snp.Vectors;
import dev.mayfly.snp.abi.Product;
import dev.mayfly.snp.abi.TcbVersion;
import dev.mayfly.snp.evidence.Evidence;
import dev.mayfly.snp.verify.SnpVerifier;
import dev.mayfly.snp.verify.SnpVerifyOptions;
import dev.mayfly.snp.verify.VerifiedReport;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;

class SimulatedEvidenceProviderTest {
  private static final byte[] REPORT_DATA = new byte[64];

  static {
    REPORT_DATA[0] = 42;
  }

  @Test
  void getEvidence_defaultVerifier_refusesSimulated() {
    Evidence evidence = SimulatedEvidenceProvider.builder(Simulated.chip()).build()
        .getEvidence(REPORT_DATA);
    AttestationException e = assertThrows(AttestationException.class, () -> SnpVerifier
        .create(SnpVerifyOptions.builder().clock(Vectors.CLOCK).build()).verify(evidence));
    assertEquals(ErrorCode.SNP_SIMULATED_EVIDENCE_REFUSED, e.code());
    assertEquals(List.of(), e.culprits());
  }

  @Test
  void getEvidence_optedInVerifierInAnotherVerifierInstance_acceptsViaJson()
      throws AttestationException {
    byte[] measurement = new byte[48];
    measurement[47] = 7;
    Evidence evidence = SimulatedEvidenceProvider.builder(Simulated.chip())
        .measurement(measurement).vmpl(2).build().getEvidence(REPORT_DATA);
    Evidence travelled = Evidence.parseJson(evidence.toJson());

    VerifiedReport v = SnpVerifier.create(SnpVerifyOptions.builder().clock(Vectors.CLOCK)
        .allowSimulatedEvidenceInsecure().build()).verify(travelled);

    assertTrue(v.isSimulated());
    assertArrayEquals(REPORT_DATA, v.reportData());
    assertArrayEquals(measurement, v.measurement());
    assertArrayEquals(Simulated.chip().chipId(), v.chipId());
    assertEquals(2, v.report().vmpl());
    assertEquals(3, travelled.certificateChain().size());
  }

  @Test
  void getEvidence_turinChip_usesTurinLayoutAndEightByteHwId() throws AttestationException {
    try (SimulatedAuthority turin =
        SimulatedAuthority.generate(Product.TURIN, new SecureRandom(), Vectors.AT)) {
      SimulatedChip chip = turin.newChip(Simulated.chipId(3), TcbVersion.ofTurin(1, 2, 3, 4, 5));
      VerifiedReport v = SnpVerifier.create(SnpVerifyOptions.builder().clock(Vectors.CLOCK)
          .allowSimulatedEvidenceInsecure().build())
          .verify(SimulatedEvidenceProvider.builder(chip).build().getEvidence(REPORT_DATA));
      assertEquals(5, v.report().version());
      assertEquals(TcbVersion.ofTurin(1, 2, 3, 4, 5), v.report().reportedTcb());
      assertEquals(8, v.endorsementKeyExtensions().hwId().orElseThrow().length);
    }
  }

  @Test
  void close_wipesKeys_andUseAfterwardsThrows() {
    SimulatedAuthority authority =
        SimulatedAuthority.generate(Product.GENOA, new SecureRandom(), Vectors.AT);
    SimulatedChip chip = authority.newChip(Simulated.chipId(5), TcbVersion.of(1, 0, 1, 1));
    SimulatedEvidenceProvider provider = SimulatedEvidenceProvider.builder(chip).build();
    assertFalse(chip.isDestroyed());

    chip.close();
    authority.close();

    assertTrue(chip.isDestroyed());
    assertTrue(authority.isDestroyed());
    assertThrows(IllegalStateException.class, () -> provider.getEvidence(REPORT_DATA));
    assertThrows(IllegalStateException.class,
        () -> authority.newChip(Simulated.chipId(6), TcbVersion.of(1, 0, 1, 1)));
    assertFalse(chip.toString().contains("scalar"));
  }

  @Test
  void getEvidence_wrongReportDataLength_throwsIllegalArgument() {
    SimulatedEvidenceProvider provider = SimulatedEvidenceProvider.builder(Simulated.chip()).build();
    assertThrows(IllegalArgumentException.class, () -> provider.getEvidence(new byte[32]));
  }
}

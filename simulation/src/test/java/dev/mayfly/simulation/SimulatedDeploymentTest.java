package dev.mayfly.simulation;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mayfly.approval.ApprovalVerifier;
import dev.mayfly.approval.ApprovedQuorum;
import dev.mayfly.cert.mint.IssuanceMode;
import dev.mayfly.common.PartyId;
import dev.mayfly.simulation.snp.SimulatedAuthority;
import dev.mayfly.snp.abi.Product;
import dev.mayfly.snp.evidence.Evidence;
import dev.mayfly.snp.validate.PolicyValidator;
import dev.mayfly.snp.validate.ReportExpectations;
import dev.mayfly.snp.verify.SnpVerifier;
import dev.mayfly.snp.verify.SnpVerifyOptions;
import dev.mayfly.snp.verify.VerifiedReport;
import java.security.MessageDigest;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The simulated deployment's pieces fit together, and only with the insecure opt-ins. */
class SimulatedDeploymentTest {
  @Test
  void chips_reportWhatThePolicyAllows_underTheSimulatedRoot() throws Exception {
    try (SimulatedDeployment deployment = SimulatedDeployment.builder().parties(3).build()) {
      SnpVerifier verifier = SnpVerifier.create(deployment.snpVerifyOptions());
      PolicyValidator validator = PolicyValidator.create(deployment.teePolicy());
      Set<String> chipIds = new HashSet<>();
      for (PartyId party : deployment.partyIds()) {
        byte[] reportData = new byte[64];
        reportData[0] = (byte) party.value();
        Evidence evidence = deployment.evidenceProvider(party).getEvidence(reportData);
        VerifiedReport report = verifier.verify(evidence);
        validator.validate(report, ReportExpectations.reportData(reportData));
        assertArrayEquals(SimulatedDeployment.simulatedMeasurement(), report.measurement());
        assertArrayEquals(SimulatedDeployment.chipId(party), report.chipId());
        assertEquals(64, report.chipId().length);
        assertEquals(SimulatedDeployment.SIMULATED_TCB, deployment.chip(party).tcb());
        chipIds.add(HexFormat.of().formatHex(report.chipId()));
      }
      assertEquals(3, chipIds.size(), "one distinct chip per party");
      // A verifier with the strict defaults refuses the simulated root.
      Evidence evidence = deployment.evidenceProvider(PartyId.of(1)).getEvidence(new byte[64]);
      assertThrows(dev.mayfly.snp.AttestationException.class,
          () -> SnpVerifier.create(SnpVerifyOptions.defaults()).verify(evidence));
      assertThrows(IllegalArgumentException.class, () -> deployment.chip(PartyId.of(4)));
    }
  }

  @Test
  void approve_makesAQuorumUnderThePolicyHash() throws Exception {
    try (SimulatedDeployment deployment = SimulatedDeployment.builder()
        .approvers(List.of("carol", "dave", "erin")).build()) {
      byte[] artifact = "approved\n".getBytes(UTF_8);
      List<byte[]> approvals = deployment.approve("a.bin", artifact);
      assertEquals(3, approvals.size());
      ApprovedQuorum quorum = ApprovalVerifier.create(deployment.approvalPolicy()).verify(
          approvals, "a.bin", MessageDigest.getInstance("SHA-256").digest(artifact),
          deployment.teePolicyHash());
      assertEquals(3, quorum.counted().size());
      assertEquals(List.of("carol", "dave", "erin"), deployment.approverIds());
      assertThrows(IllegalArgumentException.class, () -> deployment.approvalSigner("mallory"));
    }
  }

  @Test
  void trustedRoot_listsTheTsa_andTheCaWhenCaIssued() {
    try (SimulatedDeployment selfAttested = SimulatedDeployment.builder().build()) {
      assertTrue(selfAttested.certificateAuthority().isEmpty());
      assertEquals(0, selfAttested.trustedRoot().certificateAuthorities().size());
      assertEquals(selfAttested.timestampAuthorityChain(),
          selfAttested.trustedRoot().timestampAuthorities().get(0));
    }
    try (SimulatedDeployment ca = SimulatedDeployment.builder()
        .issuance(IssuanceMode.CA_ISSUED).build()) {
      assertEquals(List.of(ca.certificateAuthority().orElseThrow().rootCertificate()),
          ca.trustedRoot().certificateAuthorities().get(0));
      assertTrue(ca.verifierOptions().allowsSimulatedEvidence());
    }
  }

  @Test
  void close_destroysChips_andTheAuthorityOnlyWhenItOwnsIt() {
    try (SimulatedAuthority shared = SimulatedAuthority.generate(Product.MILAN)) {
      SimulatedDeployment deployment = SimulatedDeployment.builder().authority(shared).build();
      deployment.close();
      assertTrue(deployment.chip(PartyId.of(1)).isDestroyed());
      assertFalse(shared.isDestroyed());
    }
    SimulatedDeployment owning = SimulatedDeployment.builder().build();
    owning.close();
    assertTrue(owning.authority().isDestroyed());
  }

  @Test
  void build_outOfRange_throws() {
    assertThrows(IllegalArgumentException.class,
        () -> SimulatedDeployment.builder().parties(1).build());
    assertThrows(IllegalArgumentException.class,
        () -> SimulatedDeployment.builder().parties(3).threshold(4).build());
    assertThrows(IllegalArgumentException.class,
        () -> SimulatedDeployment.builder().approvers(List.of("a", "a")));
  }
}

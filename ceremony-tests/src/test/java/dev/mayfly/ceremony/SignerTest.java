package dev.mayfly.ceremony;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mayfly.cert.CertVerificationException;
import dev.mayfly.cert.verify.BundleVerifier;
import dev.mayfly.cert.verify.BundleVerifierOptions;
import dev.mayfly.cert.verify.VerifiedArtifact;
import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.PartyId;
import dev.mayfly.simulation.SimulatedDeployment;
import dev.mayfly.transport.memory.InMemoryNetwork;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The signing entry point: the party preset, the local simulated preset, and their checks. */
class SignerTest {
  private static final byte[] ARTIFACT = "an artifact for the signer\n".getBytes(UTF_8);

  private static SimulatedDeployment deployment;

  @BeforeAll
  static void deploy() {
    deployment = SimulatedDeployment.builder().abortWindow(Duration.ofSeconds(1)).build();
  }

  @AfterAll
  static void destroy() {
    deployment.close();
  }

  @Test
  void party_everyPartyOverItsTransport_returnsTheSameVerifiedOutput() throws Exception {
    SessionProposal proposal = deployment.propose("app.bin", ARTIFACT,
        deployment.approve("app.bin", ARTIFACT));
    List<CeremonyOutput> outputs = new ArrayList<>();
    ExecutorService threads = Executors.newFixedThreadPool(3);
    try (InMemoryNetwork network = InMemoryNetwork.builder().parties(3).build()) {
      List<Future<CeremonyOutput>> running = new ArrayList<>();
      for (PartyId id : deployment.partyIds()) {
        Signer signer = Signer.builder()
            .party(id, network.transport(id))
            .teePolicy(deployment.teePolicy())
            .approvalPolicy(deployment.approvalPolicy())
            .evidenceProvider(deployment.evidenceProvider(id))
            .options(deployment.ceremonyOptions())
            .assembler(deployment.assembler())
            .build();
        running.add(threads.submit(() -> signer.sign(proposal, ARTIFACT)));
      }
      for (Future<CeremonyOutput> output : running) {
        outputs.add(output.get());
      }
    } finally {
      threads.shutdownNow();
    }
    BundleVerifier verifier = BundleVerifier.create(deployment.verifierOptions());
    for (CeremonyOutput output : outputs) {
      assertArrayEquals(outputs.get(0).signature(), output.signature());
      VerifiedArtifact verified = verifier.verify(ARTIFACT, output.sigstoreBundle(),
          output.evidence());
      assertArrayEquals(proposal.sessionId().bytes(), verified.sessionId());
    }
  }

  @Test
  void localSimulatedInsecure_signs_andOnlyTheSimulatedPresetVerifies() throws Exception {
    CeremonyOutput output;
    try (Signer signer = deployment.localSimulatedInsecure()) {
      output = signer.sign("app.bin", ARTIFACT, deployment.approve("app.bin", ARTIFACT));
    }
    VerifiedArtifact verified = BundleVerifier.create(deployment.verifierOptions())
        .verify(ARTIFACT, output.sigstoreBundle(), output.evidence());
    assertTrue(verified.simulated());
    assertEquals(2, verified.approvalsCounted());
    CertVerificationException refused = assertThrows(CertVerificationException.class,
        () -> BundleVerifier.create(BundleVerifierOptions.builder()
                .teePolicyHash(deployment.teePolicyHash())
                .approvalPolicy(deployment.approvalPolicy())
                .trustedRoot(deployment.trustedRoot()).build())
            .verify(ARTIFACT, output.sigstoreBundle(), output.evidence()));
    assertEquals(ErrorCode.CERT_SIMULATED_EVIDENCE_REFUSED, refused.code());
  }

  @Test
  void localSimulatedInsecure_approvalShort_throwsTheAgreedAbort() throws Exception {
    try (Signer signer = deployment.localSimulatedInsecure()) {
      List<byte[]> one = deployment.approve("app.bin", ARTIFACT).subList(0, 1);
      CeremonyException e = assertThrows(CeremonyException.class,
          () -> signer.sign("app.bin", ARTIFACT, one));
      assertEquals(ErrorCode.APPROVAL_QUORUM_NOT_MET, e.code());
    }
  }

  @Test
  void sign_callOfTheOtherPreset_throwsIllegalState() throws Exception {
    try (Signer local = deployment.localSimulatedInsecure();
        InMemoryNetwork network = InMemoryNetwork.builder().parties(3).build()) {
      SessionProposal proposal = deployment.propose("app.bin", ARTIFACT, List.of());
      assertThrows(IllegalStateException.class, () -> local.sign(proposal, ARTIFACT));
      Signer party = Signer.builder().party(PartyId.of(1), network.transport(PartyId.of(1)))
          .teePolicy(deployment.teePolicy()).approvalPolicy(deployment.approvalPolicy())
          .evidenceProvider(deployment.evidenceProvider(PartyId.of(1)))
          .assembler(deployment.assembler()).build();
      assertThrows(IllegalStateException.class, () -> party.sign("app.bin", ARTIFACT, List.of()));
    }
  }

  @Test
  void build_noPresetTwoPresetsOrMissingPins_throwIllegalState() {
    assertThrows(IllegalStateException.class, () -> Signer.builder().build());
    try (InMemoryNetwork network = InMemoryNetwork.builder().parties(2).build()) {
      assertThrows(IllegalStateException.class, () -> Signer.builder()
          .party(PartyId.of(1), network.transport(PartyId.of(1))).build());
      Signer.Builder both = Signer.builder()
          .party(PartyId.of(1), network.transport(PartyId.of(1)))
          .backend(new Signer.Backend() {
            @Override
            public CeremonyOutput sign(String name, byte[] artifact, List<byte[]> approvals) {
              throw new AssertionError("not called");
            }

            @Override
            public void close() {}
          });
      assertThrows(IllegalStateException.class, both::build);
    }
  }
}

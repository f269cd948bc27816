package dev.mayfly.ceremony;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mayfly.cert.CertVerificationException;
import dev.mayfly.cert.bundle.TrustedRoot;
import dev.mayfly.cert.mint.IssuanceMode;
import dev.mayfly.cert.verify.BundleVerifier;
import dev.mayfly.cert.verify.BundleVerifierOptions;
import dev.mayfly.common.ErrorCode;
import dev.mayfly.simulation.ceremony.LocalCeremony;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The files of a successful ceremony, checked with independent verifiers. */
class CeremonyOutputTest {
  @TempDir Path dir;

  private static LocalCeremony.Outcome run(LocalCeremony.Builder builder) throws Exception {
    LocalCeremony.Outcome outcome = builder.build().run();
    assertTrue(outcome.succeeded(), () -> outcome.aborts().toString());
    return outcome;
  }

  private static String openssl(Path workDir, String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of("openssl"));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).directory(workDir.toFile())
        .redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(30, TimeUnit.SECONDS));
    assertEquals(0, process.exitValue(), () -> String.join(" ", command) + ":\n" + out);
    return out;
  }

  @Test
  void writeTo_selfAttested_opensslVerifiesRawSignatureAndShowsProfile() throws Exception {
    CeremonyOutput output = run(LocalCeremony.builder()).output().orElseThrow();
    List<Path> written = output.writeTo(dir);
    assertEquals(5, written.size());
    Files.write(dir.resolve("artifact"), CeremonyTestSupport.SAMPLE);
    String name = output.name();

    assertTrue(openssl(dir, "pkeyutl", "-verify", "-rawin", "-pubin", "-inkey",
        name + ".pub.pem", "-in", "artifact", "-sigfile", name + ".sig")
        .contains("Signature Verified Successfully"));
    String text = openssl(dir, "x509", "-in", name + ".crt.pem", "-noout", "-text");
    assertTrue(text.contains("Code Signing"), text);
    assertTrue(text.contains("ED25519"), text);
    assertTrue(openssl(dir, "x509", "-in", name + ".crt.pem", "-noout", "-pubkey")
        .equals(Files.readString(dir.resolve(name + ".pub.pem"))));
    // The typed accessors name the same files.
    assertArrayEquals(Files.readAllBytes(dir.resolve(name + ".sig")), output.signature());
    assertArrayEquals(Files.readAllBytes(dir.resolve(name + ".crt.pem")), output.certificatePem());
    assertArrayEquals(Files.readAllBytes(dir.resolve(name + ".pub.pem")), output.publicKeyPem());
    assertArrayEquals(Files.readAllBytes(dir.resolve(name + ".sigstore.json")),
        output.sigstoreBundle());
    assertArrayEquals(Files.readAllBytes(dir.resolve(name + ".mayfly.json")), output.evidence());
    assertTrue(output.trustedRoot().isEmpty());
  }

  @Test
  void assemble_defaultVerifier_refusesSimulatedEvidence() throws Exception {
    CeremonyOutput output = run(LocalCeremony.builder()).output().orElseThrow();
    String name = output.name();
    CertVerificationException e = assertThrows(CertVerificationException.class,
        () -> BundleVerifier.create(BundleVerifierOptions.builder()
                .acceptAnyTeePolicyHashInsecure().approvalPolicyFromEvidenceInsecure().build())
            .verify(CeremonyTestSupport.SAMPLE, output.sigstoreBundle(), output.evidence()));
    assertEquals(ErrorCode.CERT_SIMULATED_EVIDENCE_REFUSED, e.code());
  }

  @Test
  void assemble_caIssued_opensslVerifiesChainAndBundleVerifierAccepts() throws Exception {
    LocalCeremony.Outcome outcome = run(LocalCeremony.builder().issuance(IssuanceMode.CA_ISSUED));
    CeremonyOutput output = outcome.output().orElseThrow();
    assertTrue(output.fileNames().contains("trusted_root.json"));
    output.writeTo(dir);
    String name = output.name();
    TrustedRoot root = TrustedRoot.parseJson(output.trustedRoot().orElseThrow());
    assertArrayEquals(output.file("trusted_root.json"), output.trustedRoot().orElseThrow());
    X509Certificate caRoot = root.certificateAuthorities().get(0)
        .get(root.certificateAuthorities().get(0).size() - 1);
    Files.write(dir.resolve("ca.pem"), pem(caRoot));
    assertTrue(openssl(dir, "verify", "-CAfile", "ca.pem", name + ".crt.pem").contains("OK"));

    BundleVerifier.create(BundleVerifierOptions.builder()
            .trustedRoot(root)
            .teePolicyHash(outcome.proposal().teePolicyHash())
            .approvalPolicy(outcome.proposal().approvalPolicy())
            .allowSimulatedEvidenceInsecure()
            .build())
        .verify(CeremonyTestSupport.SAMPLE, output.file(name + ".sigstore.json"),
            output.file(name + ".mayfly.json"));
  }

  @Test
  void run_statementMode_signsTheStatementAndVerifies() throws Exception {
    LocalCeremony.Outcome outcome =
        run(LocalCeremony.builder().artifactMode(ArtifactMode.STATEMENT));
    PartyResult result = outcome.results().values().iterator().next();
    assertArrayEquals(result.statementSignature().orElseThrow(), result.artifactSignature());
    CeremonyTestSupport.assertVerifies(outcome, false);
  }

  @Test
  void run_fiveParties_threeOfFive_verifies() throws Exception {
    CeremonyTestSupport.assertVerifies(run(LocalCeremony.builder().parties(5).threshold(3)));
  }

  @Test
  void writeTo_targetIsADirectory_throwsOutputFailedAndLeavesNothing() throws Exception {
    CeremonyOutput output = run(LocalCeremony.builder()).output().orElseThrow();
    Files.createDirectories(dir.resolve(output.name() + ".mayfly.json").resolve("occupied"));

    CeremonyException e = assertThrows(CeremonyException.class, () -> output.writeTo(dir));

    assertEquals(ErrorCode.CEREMONY_OUTPUT_FAILED, e.code());
    try (var files = Files.list(dir)) {
      assertEquals(List.of(dir.resolve(output.name() + ".mayfly.json")), files.toList());
    }
  }

  @Test
  void run_progressListener_seesEveryPhaseStartAndComplete() throws Exception {
    List<ProgressEvent> events = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    run(LocalCeremony.builder().progressListener(events::add));
    for (CeremonyPhase phase : List.of(CeremonyPhase.SETUP, CeremonyPhase.HELLO,
        CeremonyPhase.DKG, CeremonyPhase.SIGN, CeremonyPhase.DESTROY)) {
      assertEquals(3, events.stream().filter(e -> e.phase() == phase
          && e.kind() == ProgressEvent.Kind.COMPLETED).count(), phase.toString());
    }
    assertFalse(events.stream().anyMatch(e -> e.kind() == ProgressEvent.Kind.ABORTED));
  }

  private static byte[] pem(X509Certificate certificate) throws Exception {
    String body = java.util.Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
        .encodeToString(certificate.getEncoded());
    return ("-----BEGIN CERTIFICATE-----\n" + body + "\n-----END CERTIFICATE-----\n")
        .getBytes(StandardCharsets.US_ASCII);
  }
}

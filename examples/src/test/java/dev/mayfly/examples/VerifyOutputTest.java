package dev.mayfly.examples;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mayfly.cert.CertVerificationException;
import dev.mayfly.cert.testing.OpenSsl;
import dev.mayfly.cert.testing.SigstoreJs;
import dev.mayfly.cert.verify.VerifiedArtifact;
import dev.mayfly.common.ErrorCode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Example 2: what example 1 wrote verifies with the SDK ({@link VerifyOutput}), with OpenSSL and
 * with the official Sigstore JavaScript verifier; a changed artifact verifies with none of them,
 * and the SDK's strict defaults refuse the simulated attestation.
 */
class VerifyOutputTest {
  private static final String NAME = "hello.txt";

  @TempDir
  static Path dir;

  /** A copy of the artifact with one bit flipped. */
  private static Path tampered;

  @BeforeAll
  static void sign() throws Exception {
    SignWithOwnTransport.main(new String[] {dir.toString()});
    byte[] changed = Files.readAllBytes(dir.resolve(NAME));
    changed[0] ^= 1;
    tampered = Files.write(dir.resolve("tampered.txt"), changed);
  }

  @Test
  void sdk_verifiesWithThePresetForSimulatedOutput() throws Exception {
    VerifiedArtifact verified = VerifyOutput.verify(dir, NAME, true);
    assertEquals(NAME, verified.artifactName());
    assertEquals(2, verified.approvalsCounted());
    assertTrue(verified.simulated());
    assertTrue(verified.timestamped());
  }

  @Test
  void sdk_strictDefaults_refuseSimulatedEvidence() {
    CertVerificationException e = assertThrows(CertVerificationException.class,
        () -> VerifyOutput.verify(dir, NAME, false));
    assertEquals(ErrorCode.CERT_SIMULATED_EVIDENCE_REFUSED, e.code());
  }

  @Test
  void sdk_changedArtifact_refused() throws Exception {
    Path other = Files.createDirectory(dir.resolve("changed"));
    for (String file : new String[] {".sigstore.json", ".mayfly.json"}) {
      Files.copy(dir.resolve(NAME + file), other.resolve(NAME + file));
    }
    for (String file : new String[] {"trusted_root.json", "approvers.json", "tee-policy.hash"}) {
      Files.copy(dir.resolve(file), other.resolve(file));
    }
    Files.copy(tampered, other.resolve(NAME));
    assertThrows(CertVerificationException.class, () -> VerifyOutput.verify(other, NAME, true));
  }

  @Test
  void openssl_verifiesTheRawSignature_andTheCertificateHoldsTheKey() throws Exception {
    OpenSsl.Result ok = OpenSsl.run(dir, "pkeyutl", "-verify", "-rawin", "-pubin", "-inkey",
        NAME + ".pub.pem", "-in", NAME, "-sigfile", NAME + ".sig");
    assertEquals(0, ok.exitCode(), ok.output());
    assertTrue(ok.output().contains("Signature Verified Successfully"), ok.output());
    OpenSsl.Result bad = OpenSsl.run(dir, "pkeyutl", "-verify", "-rawin", "-pubin", "-inkey",
        NAME + ".pub.pem", "-in", tampered.getFileName().toString(), "-sigfile", NAME + ".sig");
    assertEquals(1, bad.exitCode(), bad.output());
    OpenSsl.Result key = OpenSsl.run(dir, "x509", "-in", NAME + ".crt.pem", "-noout", "-pubkey");
    assertEquals(0, key.exitCode(), key.output());
    assertEquals(Files.readString(dir.resolve(NAME + ".pub.pem"), UTF_8).strip(),
        key.output().strip());
    OpenSsl.Result usage = OpenSsl.run(dir, "x509", "-in", NAME + ".crt.pem", "-noout", "-ext",
        "extendedKeyUsage");
    assertTrue(usage.output().contains("Code Signing"), usage.output());
  }

  @Test
  void sigstoreJs_verifiesTheBundle_andRefusesAChangedArtifact() throws Exception {
    SigstoreJs.Result ok = SigstoreJs.verify(dir.resolve(NAME + ".sigstore.json"),
        dir.resolve("trusted_root.json"), dir.resolve(NAME));
    assertTrue(ok.verified(), ok.output());
    SigstoreJs.Result bad = SigstoreJs.verify(dir.resolve(NAME + ".sigstore.json"),
        dir.resolve("trusted_root.json"), tampered);
    assertFalse(bad.verified(), bad.output());
  }
}

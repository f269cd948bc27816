package dev.mayfly.maven.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mayfly.ceremony.CeremonyOutput;
import dev.mayfly.cert.bundle.TrustedRoot;
import dev.mayfly.cert.mint.IssuanceMode;
import dev.mayfly.cert.testing.TestJars;
import dev.mayfly.cert.verify.BundleVerifier;
import dev.mayfly.cert.verify.BundleVerifierOptions;
import dev.mayfly.cert.verify.VerifiedArtifact;
import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.MayflyException;
import dev.mayfly.maven.ForeignJarSigner;
import dev.mayfly.simulation.ceremony.LocalCeremony;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The verify goal's check of a JAR published signed in the JAR format: one CA-issued local
 * ceremony signs a JAR (and a POM), and the signed JAR with the release's evidence beside it is
 * accepted; changed, extended, shortened, unsigned and foreign-signed copies are refused, each
 * with its code.
 */
class SignedJarCheckTest {
  private static final String NAME = "app-1.0.jar";

  @TempDir
  static Path dir;

  private static byte[] approved;
  private static byte[] signedJar;
  private static byte[] evidence;
  private static X509Certificate certificate;
  private static TrustedRoot trustedRoot;
  private static BundleCheck check;

  @BeforeAll
  static void signOneJar() throws Exception {
    approved = TestJars.sample();
    try (LocalCeremony ceremony = LocalCeremony.builder()
        .artifact(NAME, approved)
        .artifact("app-1.0.pom", "<project/>\n".getBytes(StandardCharsets.UTF_8))
        .signJar(NAME)
        .issuance(IssuanceMode.CA_ISSUED).build()) {
      LocalCeremony.Outcome outcome = ceremony.run();
      CeremonyOutput output = outcome.output().orElseThrow();
      signedJar = output.artifact(NAME).signedJar().orElseThrow();
      evidence = output.evidence();
      certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
          .generateCertificate(new ByteArrayInputStream(output.certificatePem()));
      trustedRoot = TrustedRoot.parseJson(output.trustedRoot().orElseThrow());
      check = new BundleCheck(BundleVerifier.create(BundleVerifierOptions.builder()
          .teePolicyHash(outcome.proposal().teePolicyHash())
          .approvalPolicy(outcome.proposal().approvalPolicy())
          .trustedRoot(trustedRoot)
          .allowSimulatedEvidenceInsecure()
          .build()));
    }
  }

  /** {@code jar} published as {@value #NAME} in its own folder, with the evidence beside it. */
  private static Path published(String folder, byte[] jar) throws Exception {
    Path directory = Files.createDirectories(dir.resolve(folder));
    Files.write(directory.resolve(NAME + BundleCheck.EVIDENCE_SUFFIX), evidence);
    return Files.write(directory.resolve(NAME), jar);
  }

  @Test
  void checkSignedJar_asPublished_verifiesUnderTheReleaseCertificate() throws Exception {
    Path jar = published("ok", signedJar);
    assertTrue(BundleCheck.hasJarSignature(jar));
    assertEquals(List.of(jar), BundleCheck.jarsWithoutBundleIn(jar.getParent()));

    VerifiedArtifact verified = check.checkSignedJar(jar, certificate);

    assertEquals(certificate, verified.certificate());
    assertEquals(NAME, verified.artifactName());
    assertArrayEquals(ReleaseFiles.sha256(approved), verified.artifactSha256(),
        "the approved (unsigned) JAR's digest");
    assertEquals(IssuanceMode.CA_ISSUED, verified.mode());
    assertTrue(verified.timestamped());
  }

  @Test
  void checkSignedJar_changedEntry_throwsEntryTampered() throws Exception {
    Path jar = published("changed", TestJars.rewrite(signedJar, entries -> {
      entries.put("stored.bin", new byte[] {0, 1, 2, 3, 4, 5, 6, 8});
      return entries;
    }));
    assertCode(ErrorCode.CERT_JAR_ENTRY_TAMPERED, jar);
  }

  @Test
  void checkSignedJar_removedEntry_throwsEntryTampered() throws Exception {
    Path jar = published("removed", TestJars.rewrite(signedJar, entries -> {
      entries.remove("dev/mayfly/sample/Main.class");
      return entries;
    }));
    assertCode(ErrorCode.CERT_JAR_ENTRY_TAMPERED, jar);
  }

  @Test
  void checkSignedJar_addedEntry_throwsUnsignedEntry() throws Exception {
    Path jar = published("added", TestJars.rewrite(signedJar, entries -> {
      entries.put("dev/mayfly/sample/Evil.class", "added after signing".getBytes(
          StandardCharsets.UTF_8));
      return entries;
    }));
    assertCode(ErrorCode.CERT_JAR_UNSIGNED_ENTRY, jar);
  }

  @Test
  void checkSignedJar_localHeaderNamesAnotherEntry_throwsMalformed() throws Exception {
    // Only the local header is renamed: JarFile (the central directory) still sees every signed
    // entry; a tool streaming the JAR would see an entry the signature does not name.
    byte[] renamed = TestJars.replaceBytes(signedJar, "empty.txt", "evil1.txt", 1);
    assertEquals(TestJars.entries(signedJar).size(), TestJars.entries(renamed).size());
    assertTrue(TestJars.entries(renamed).containsKey("evil1.txt"), "the local header changed");
    Path jar = published("local-header", renamed);
    assertCode(ErrorCode.CERT_JAR_MALFORMED, jar);
  }

  @Test
  void checkSignedJar_theApprovedUnsignedJar_throwsUnsignedEntry() throws Exception {
    Path jar = published("unsigned", approved);
    assertFalse(BundleCheck.hasJarSignature(jar));
    assertCode(ErrorCode.CERT_JAR_UNSIGNED_ENTRY, jar);
  }

  @Test
  void checkSignedJar_anotherReleaseCertificateExpected_throwsSignerMismatch() throws Exception {
    Path jar = published("pinned", signedJar);
    // The issuing CA's certificate: a real certificate, not the release's.
    X509Certificate other = trustedRoot.certificateAuthorities().get(0).get(0);
    MayflyException e = assertThrows(MayflyException.class,
        () -> check.checkSignedJar(jar, other));
    assertEquals(ErrorCode.CERT_JAR_SIGNER_MISMATCH, e.code());
  }

  @Test
  void checkSignedJar_alsoSignedByJarsigner_throwsSignerMismatch() throws Exception {
    Path jar = published("twice", signedJar);
    ForeignJarSigner.sign(jar.getParent(), NAME, "other");
    assertCode(ErrorCode.CERT_JAR_SIGNER_MISMATCH, jar);
  }

  @Test
  void checkSignedJar_signedByJarsignerOnly_refusedByTheCertificateProfile() throws Exception {
    Path jar = published("foreign", approved);
    ForeignJarSigner.sign(jar.getParent(), NAME, "other");
    assertCode(ErrorCode.CERT_PROFILE_VIOLATION, jar);
  }

  @Test
  void checkSignedJar_noEvidenceBeside_throwsBundleMalformed() throws Exception {
    Path jar = published("alone", signedJar);
    Files.delete(jar.resolveSibling(NAME + BundleCheck.EVIDENCE_SUFFIX));
    assertCode(ErrorCode.CERT_BUNDLE_MALFORMED, jar);
  }

  private static void assertCode(ErrorCode code, Path jar) {
    MayflyException e = assertThrows(MayflyException.class, () -> check.checkSignedJar(jar,
        null));
    assertEquals(code, e.code(), e.getMessage());
  }
}

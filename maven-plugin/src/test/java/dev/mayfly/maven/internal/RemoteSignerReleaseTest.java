package dev.mayfly.maven.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mayfly.cert.verify.BundleVerifier;
import dev.mayfly.cert.verify.BundleVerifierOptions;
import dev.mayfly.cert.verify.VerifiedArtifact;
import dev.mayfly.ceremony.NamedArtifact;
import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.MayflyException;
import dev.mayfly.party.Fixture;
import dev.mayfly.party.PartyServer;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The remote mode against three party servers in this JVM (simulated evidence, on loopback): the
 * whole release in one session, and a release the approvals do not cover refused.
 */
class RemoteSignerReleaseTest {
  @TempDir
  static Path dir;

  private static Fixture fixture;
  private static List<PartyServer> servers;

  @BeforeAll
  static void start() throws Exception {
    fixture = new Fixture(dir, 3);
    servers = fixture.startServers(3);
  }

  @AfterAll
  static void stop() {
    servers.forEach(PartyServer::close);
  }

  @Test
  void sign_releaseOfThree_oneSessionAndCertificateEveryBundleVerifies() throws Exception {
    RemoteSigner signer = signer();
    Map<String, byte[]> release = release();

    SignedRelease signed = signer.sign(release, Set.of());

    assertEquals(List.copyOf(release.keySet()), signed.artifactNames());
    BundleVerifier verifier = BundleVerifier.create(BundleVerifierOptions.builder()
        .teePolicyHash(fixture.policy.hash()).approvalPolicy(fixture.approvers)
        .allowSimulatedEvidenceInsecure().trustRecordedTimestampAuthorityInsecure().build());
    Set<String> sessions = new TreeSet<>();
    Set<String> certificates = new TreeSet<>();
    for (NamedArtifact artifact : Fixture.RELEASE) {
      VerifiedArtifact verified = verifier.verify(artifact.bytes(),
          signed.artifactFile(artifact.name(), ".sigstore.json").orElseThrow(),
          signed.artifactFile(artifact.name(), ".mayfly.json").orElseThrow());
      assertEquals(artifact.name(), verified.artifactName());
      sessions.add(HexFormat.of().formatHex(verified.sessionId()));
      certificates.add(HexFormat.of().formatHex(ReleaseFiles.sha256(
          verified.certificate().getEncoded())));
    }
    assertEquals(Set.of(signed.sessionIdHex()), sessions);
    assertEquals(Set.of(signed.certificateSha256Hex()), certificates);
    assertTrue(signed.sharedFiles().containsKey(ReleaseFiles.CERTIFICATE));
  }

  @Test
  void sign_artifactTheApprovalsDoNotList_partiesRefuse() throws Exception {
    RemoteSigner signer = signer();
    Map<String, byte[]> release = release();
    release.put("extra-1.0.jar", new byte[] {1, 2, 3});

    MayflyException e = assertThrows(MayflyException.class,
        () -> signer.sign(release, Set.of()));
    assertEquals(ErrorCode.APPROVAL_WRONG_DIGEST, e.code());
  }

  @Test
  void sign_jarSigningAsked_signedJarVerifiesWithTheEvidenceNoOtherArtifactGetsOne()
      throws Exception {
    RemoteSigner signer = signer();
    Map<String, byte[]> release = release();

    SignedRelease signed = signer.sign(release, Set.of("lib-1.0.jar"));

    assertTrue(signed.signedJar("lib-1.0.pom").isEmpty());
    assertTrue(signed.signedJar("lib-1.0-sources.jar").isEmpty());
    Path published = Files.createDirectories(dir.resolve("published"));
    Path jar = Files.write(published.resolve("lib-1.0.jar"),
        signed.signedJar("lib-1.0.jar").orElseThrow());
    Files.write(published.resolve("lib-1.0.jar.mayfly.json"),
        signed.artifactFile("lib-1.0.jar", ".mayfly.json").orElseThrow());
    // The signing client self-attests: the certificate's trust comes from the evidence.
    BundleCheck check = new BundleCheck(BundleVerifier.create(BundleVerifierOptions.builder()
        .teePolicyHash(fixture.policy.hash()).approvalPolicy(fixture.approvers)
        .allowSimulatedEvidenceInsecure().trustRecordedTimestampAuthorityInsecure().build()));
    VerifiedArtifact verified = check.checkSignedJar(jar, null);
    assertEquals(signed.sessionIdHex(), HexFormat.of().formatHex(verified.sessionId()));
    assertEquals(signed.certificateSha256Hex(), HexFormat.of().formatHex(ReleaseFiles.sha256(
        verified.certificate().getEncoded())));
  }

  @Test
  void sign_jarSigningOfAFileThatIsNoJar_partiesRefuseWithJarMalformed() throws Exception {
    RemoteSigner signer = signer();
    Map<String, byte[]> release = release();

    MayflyException e = assertThrows(MayflyException.class,
        () -> signer.sign(release, Set.of("lib-1.0-sources.jar")));
    assertEquals(ErrorCode.CERT_JAR_MALFORMED, e.code());
  }

  @Test
  void sign_jarSigningBeyondRawMode_throwsConfigInvalid() throws Exception {
    RemoteSigner signer = signer();
    Map<String, byte[]> release = release();
    // Too large for raw mode, where every party gets the JAR's bytes to plan it itself.
    release.put("big-1.0.zip", new byte[(int) dev.mayfly.ceremony.CeremonyOptions
        .DEFAULT_RAW_ARTIFACT_MAX_BYTES + 1]);

    MayflyException e = assertThrows(MayflyException.class,
        () -> signer.sign(release, Set.of("lib-1.0.jar")));
    assertEquals(ErrorCode.CONFIG_INVALID, e.code());
  }

  private static RemoteSigner signer() throws Exception {
    return RemoteSigner.create(dir.resolve("sign.json").toFile(), fixture.policy.hashHex(),
        approvalFiles(fixture.releaseApprovals));
  }

  /** {@link Fixture#RELEASE}, which the fixture's release approvals approve, by name. */
  private static Map<String, byte[]> release() {
    Map<String, byte[]> release = new LinkedHashMap<>();
    Fixture.RELEASE.forEach(a -> release.put(a.name(), a.bytes()));
    return release;
  }

  private static List<File> approvalFiles(List<byte[]> approvals) throws Exception {
    List<File> files = new ArrayList<>();
    for (int i = 0; i < approvals.size(); i++) {
      Path file = dir.resolve("approval-" + i + ".json");
      Files.write(file, approvals.get(i));
      files.add(file.toFile());
    }
    return files;
  }
}

package dev.mayfly.maven;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mayfly.ceremony.CeremonyOutput;
import dev.mayfly.cert.mint.IssuanceMode;
import dev.mayfly.cert.testing.TestJars;
import dev.mayfly.simulation.ceremony.LocalCeremony;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.Set;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.artifact.DefaultArtifact;
import org.apache.maven.artifact.handler.DefaultArtifactHandler;
import org.apache.maven.model.Model;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.project.MavenProject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The verify goal over a project's dependencies: two dependencies signed in one local ceremony,
 * their bundles and evidence beside them as a repository holds them.
 */
class VerifyMojoTest {
  @TempDir
  static Path repository;

  private static String policyHash;
  private static File approvers;
  private static File trustedRoot;

  @BeforeAll
  static void signTwoDependencies() throws Exception {
    try (LocalCeremony ceremony = LocalCeremony.builder()
        .artifact("a-1.0.jar", "dependency a\n".getBytes(StandardCharsets.UTF_8))
        .artifact("b-1.0.jar", "dependency b\n".getBytes(StandardCharsets.UTF_8))
        .artifact("j-1.0.jar", TestJars.sample())
        .signJar("j-1.0.jar")
        .issuance(IssuanceMode.CA_ISSUED).build()) {
      LocalCeremony.Outcome outcome = ceremony.run();
      CeremonyOutput output = outcome.output().orElseThrow();
      for (CeremonyOutput.Artifact artifact : output.artifacts()) {
        String name = artifact.artifact().name();
        if (artifact.signedJar().isPresent()) {
          // Published as the plugin publishes it with jarSigning=embed: the signed JAR in the
          // artifact's place, the evidence beside it, no bundle.
          Files.write(repository.resolve(name), artifact.signedJar().get());
          Files.write(repository.resolve(name + ".mayfly.json"), output.evidence());
          continue;
        }
        Files.writeString(repository.resolve(name), name.startsWith("a") ? "dependency a\n"
            : "dependency b\n");
        Files.write(repository.resolve(name + ".sigstore.json"), artifact.sigstoreBundle());
        Files.write(repository.resolve(name + ".mayfly.json"), output.evidence());
      }
      policyHash = HexFormat.of().formatHex(outcome.proposal().teePolicyHash());
      approvers = Files.write(repository.resolve("approvers.json"),
          outcome.proposal().approvalPolicy().toJsonBytes()).toFile();
      trustedRoot = Files.write(repository.resolve("trusted_root.json"),
          output.trustedRoot().orElseThrow()).toFile();
    }
  }

  @Test
  void execute_signedDependencies_verifies() throws Exception {
    mojo(dependency("a-1.0.jar"), dependency("b-1.0.jar")).execute();
  }

  @Test
  void execute_changedDependency_failsWithArtifactMismatch() throws Exception {
    Path changed = repository.resolve("changed");
    Files.createDirectories(changed);
    for (String file : new String[] {"b-1.0.jar", "b-1.0.jar.sigstore.json",
        "b-1.0.jar.mayfly.json"}) {
      Files.copy(repository.resolve(file), changed.resolve(file));
    }
    Files.writeString(changed.resolve("b-1.0.jar"), "!", StandardOpenOption.APPEND);
    VerifyMojo mojo = mojo(dependency("a-1.0.jar"),
        artifact("b", changed.resolve("b-1.0.jar").toFile()));
    MojoFailureException e = assertThrows(MojoFailureException.class, mojo::execute);
    assertTrue(e.getMessage().startsWith("CERT_ARTIFACT_MISMATCH: "), e.getMessage());
  }

  @Test
  void execute_anotherArtifactOfTheReleaseUnderThisName_failsWithArtifactMismatch()
      throws Exception {
    // A mirror serves a, with a's own bundle and the release's evidence, as b: every signature
    // is genuine, but it is not b.
    Path swapped = repository.resolve("swapped");
    Files.createDirectories(swapped);
    Files.copy(repository.resolve("a-1.0.jar"), swapped.resolve("b-1.0.jar"));
    Files.copy(repository.resolve("a-1.0.jar.sigstore.json"),
        swapped.resolve("b-1.0.jar.sigstore.json"));
    Files.copy(repository.resolve("a-1.0.jar.mayfly.json"),
        swapped.resolve("b-1.0.jar.mayfly.json"));
    VerifyMojo mojo = mojo(dependency("a-1.0.jar"),
        artifact("b", swapped.resolve("b-1.0.jar").toFile()));
    MojoFailureException e = assertThrows(MojoFailureException.class, mojo::execute);
    assertTrue(e.getMessage().startsWith("CERT_ARTIFACT_MISMATCH: ")
        && e.getMessage().contains("a-1.0.jar"), e.getMessage());
  }

  @Test
  void execute_unsignedDependencyWhenBundlesRequired_failsWithBundleMalformed() throws Exception {
    File unsigned = Files.writeString(repository.resolve("c-1.0.jar"), "unsigned").toFile();
    VerifyMojo mojo = mojo(dependency("a-1.0.jar"), artifact("c", unsigned));
    mojo.execute(); // not required: logged and left out
    mojo.requireBundles = true;
    MojoFailureException e = assertThrows(MojoFailureException.class, mojo::execute);
    assertTrue(e.getMessage().startsWith("CERT_BUNDLE_MALFORMED: "), e.getMessage());
  }

  @Test
  void execute_signedJarDependency_verifiesEntryByEntry() throws Exception {
    mojo(dependency("a-1.0.jar"), dependency("j-1.0.jar")).execute();
    VerifyMojo required = mojo(dependency("j-1.0.jar"));
    required.requireBundles = true; // a signed JAR counts as signed
    required.execute();
  }

  @Test
  void execute_dependencySignedByOthersOnly_isAnUnsignedDependency() throws Exception {
    // Like a library its vendor signs with jarsigner: a JAR signature, no Mayfly evidence.
    Path vendor = Files.createDirectories(repository.resolve("vendor"));
    Files.write(vendor.resolve("v-1.0.jar"), TestJars.sample());
    ForeignJarSigner.sign(vendor, "v-1.0.jar", "vendor");
    VerifyMojo mojo = mojo(dependency("a-1.0.jar"), artifact("v",
        vendor.resolve("v-1.0.jar").toFile()));
    mojo.execute(); // not required: logged and left out
    mojo.requireBundles = true;
    MojoFailureException e = assertThrows(MojoFailureException.class, mojo::execute);
    assertTrue(e.getMessage().startsWith("CERT_BUNDLE_MALFORMED: "), e.getMessage());
  }

  @Test
  void execute_tamperedSignedJarDependency_failsWithEntryTampered() throws Exception {
    Path changed = Files.createDirectories(repository.resolve("changed-jar"));
    Files.copy(repository.resolve("j-1.0.jar.mayfly.json"),
        changed.resolve("j-1.0.jar.mayfly.json"));
    Files.write(changed.resolve("j-1.0.jar"), TestJars.rewrite(
        Files.readAllBytes(repository.resolve("j-1.0.jar")), entries -> {
          entries.put("stored.bin", new byte[] {9, 9, 9});
          return entries;
        }));
    VerifyMojo mojo = mojo(artifact("j", changed.resolve("j-1.0.jar").toFile()));
    MojoFailureException e = assertThrows(MojoFailureException.class, mojo::execute);
    assertTrue(e.getMessage().startsWith("CERT_JAR_ENTRY_TAMPERED: "), e.getMessage());
  }

  @Test
  void execute_unsignedJarInADirectory_failsWithUnsignedEntry() throws Exception {
    Path published = Files.createDirectories(repository.resolve("published-unsigned"));
    Files.write(published.resolve("u-1.0.jar"), TestJars.sample());
    VerifyMojo mojo = mojo();
    mojo.dependencies = false;
    mojo.directory = published.toFile();
    MojoFailureException e = assertThrows(MojoFailureException.class, mojo::execute);
    assertTrue(e.getMessage().startsWith("CERT_JAR_UNSIGNED_ENTRY: "), e.getMessage());
  }

  @Test
  void execute_releaseCertificateOfAnotherRelease_failsWithSignerMismatch() throws Exception {
    VerifyMojo mojo = mojo(dependency("j-1.0.jar"));
    // A real certificate that is not the release's: the test CA's.
    String caPem = "-----BEGIN CERTIFICATE-----\n" + java.util.Base64.getMimeEncoder()
        .encodeToString(dev.mayfly.cert.bundle.TrustedRoot.parseJson(
            Files.readAllBytes(trustedRoot.toPath())).certificateAuthorities().get(0).get(0)
            .getEncoded()) + "\n-----END CERTIFICATE-----\n";
    mojo.releaseCertificate = Files.writeString(repository.resolve("other.crt.pem"), caPem)
        .toFile();
    MojoFailureException e = assertThrows(MojoFailureException.class, mojo::execute);
    assertTrue(e.getMessage().startsWith("CERT_JAR_SIGNER_MISMATCH: "), e.getMessage());
  }

  @Test
  void execute_noExpectedPolicy_failsWithConfigInvalid() throws Exception {
    VerifyMojo mojo = mojo(dependency("a-1.0.jar"));
    mojo.policyHash = null;
    MojoFailureException e = assertThrows(MojoFailureException.class, mojo::execute);
    assertTrue(e.getMessage().startsWith("CONFIG_INVALID: "), e.getMessage());
  }

  private static VerifyMojo mojo(Artifact... dependencies) {
    Model model = new Model();
    model.setGroupId("g");
    model.setArtifactId("consumer");
    model.setVersion("1.0");
    MavenProject project = new MavenProject(model);
    Set<Artifact> artifacts = new LinkedHashSet<>(java.util.List.of(dependencies));
    project.setArtifacts(artifacts);
    VerifyMojo mojo = new VerifyMojo();
    mojo.project = project;
    mojo.dependencies = true;
    mojo.policyHash = policyHash;
    mojo.approvers = approvers;
    mojo.trustedRoot = trustedRoot;
    mojo.allowSimulatedInsecure = true;
    return mojo;
  }

  private static Artifact dependency(String fileName) {
    return artifact(fileName.substring(0, 1), repository.resolve(fileName).toFile());
  }

  private static Artifact artifact(String artifactId, File file) {
    DefaultArtifact artifact = new DefaultArtifact("g", artifactId, "1.0", "compile", "jar", null,
        new DefaultArtifactHandler("jar"));
    artifact.setFile(file);
    return artifact;
  }
}

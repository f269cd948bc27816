package dev.mayfly.ceremony;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mayfly.cert.bundle.TrustedRoot;
import dev.mayfly.cert.mint.GroupKeyAlgorithm;
import dev.mayfly.cert.mint.IssuanceMode;
import dev.mayfly.cert.testing.JdkTools;
import dev.mayfly.cert.testing.OpenSsl;
import dev.mayfly.cert.testing.TestJars;
import dev.mayfly.common.ErrorCode;
import dev.mayfly.simulation.ceremony.LocalCeremony;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A JAR signed in the JAR format by a ceremony (issue 15, docs/jar-signing.md "In a ceremony"):
 * every party computes the plan from the approved JAR bytes and signs its signed attributes; the
 * assembler writes {@code NAME-signed.jar} with the test TSA's timestamp, which {@code jarsigner
 * -verify -strict} accepts after the certificate has expired.
 */
class JarCeremonyTest {
  private static final String STORE_PASSWORD = "changeit";

  @TempDir Path dir;

  /** A CA-issued release of a JAR and a POM, one hour ago (the certificate lives 10 minutes). */
  private static LocalCeremony.Outcome signedAnHourAgo(GroupKeyAlgorithm algorithm)
      throws Exception {
    Clock past = Clock.offset(Clock.systemUTC(), Duration.ofHours(-1));
    LocalCeremony.Outcome outcome = LocalCeremony.builder().algorithm(algorithm)
        .issuance(IssuanceMode.CA_ISSUED).clock(past)
        .artifact("app-1.0.jar", TestJars.sample())
        .artifact("app-1.0.pom", "<project/>\n".getBytes(StandardCharsets.UTF_8))
        .signJar("app-1.0.jar")
        .build().run();
    assertTrue(outcome.succeeded(), () -> outcome.aborts().toString());
    return outcome;
  }

  private Path truststore(CeremonyOutput output) throws Exception {
    TrustedRoot root = TrustedRoot.parseJson(output.trustedRoot().orElseThrow());
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    List<X509Certificate> ca = root.certificateAuthorities().get(0);
    store.setCertificateEntry("mayfly-test-ca", ca.get(ca.size() - 1));
    List<X509Certificate> tsa = root.timestampAuthorities().get(0);
    store.setCertificateEntry("mayfly-test-tsa-root", tsa.get(tsa.size() - 1));
    Path file = dir.resolve("truststore.p12");
    try (OutputStream out = Files.newOutputStream(file)) {
      store.store(out, STORE_PASSWORD.toCharArray());
    }
    return file;
  }

  private OpenSsl.Result jarsignerVerify(String jar) throws Exception {
    return JdkTools.run(dir, "jarsigner", "-verify", "-strict", "-verbose",
        "-keystore", "truststore.p12", "-storetype", "PKCS12", "-storepass", STORE_PASSWORD, jar);
  }

  @ParameterizedTest
  @EnumSource(GroupKeyAlgorithm.class)
  void run_caIssuedJar_jarsignerVerifiesStrictAfterExpiryAndRefusesATamperedEntry(
      GroupKeyAlgorithm algorithm) throws Exception {
    CeremonyOutput output = signedAnHourAgo(algorithm).output().orElseThrow();
    CeremonyOutput.Artifact jar = output.artifact("app-1.0.jar");
    assertEquals("app-1.0-signed.jar", jar.signedJarFileName().orElseThrow());
    assertTrue(output.artifact("app-1.0.pom").signedJar().isEmpty());
    output.writeTo(dir);
    truststore(output);
    X509Certificate leaf = (X509Certificate) java.security.cert.CertificateFactory
        .getInstance("X.509").generateCertificate(Files.newInputStream(
            dir.resolve(output.certificateFileName())));
    assertTrue(leaf.getNotAfter().toInstant().isBefore(Instant.now()), "certificate expired");

    OpenSsl.Result result = jarsignerVerify("app-1.0-signed.jar");
    assertEquals(0, result.exitCode(), result.output());
    assertTrue(result.output().contains("jar verified."), result.output());
    assertTrue(result.output().contains("Timestamped by"), result.output());
    for (String bad : new String[] {"chain is invalid", "not been integrity-checked",
        "unsigned entries", "Warning", "has expired", "not signed by", "self-signed"}) {
      assertFalse(result.output().contains(bad), bad + " in:\n" + result.output());
    }

    Files.write(dir.resolve("tampered.jar"), TestJars.rewrite(jar.signedJar().orElseThrow(),
        entries -> {
          entries.put("stored.bin", new byte[] {0, 1, 2, 3, 4, 5, 6, 8});
          return entries;
        }));
    OpenSsl.Result tampered = jarsignerVerify("tampered.jar");
    assertEquals(1, tampered.exitCode(), tampered.output());
    assertTrue(tampered.output().contains("SHA-256 digest error for stored.bin"),
        tampered.output());
  }

  @Test
  void run_jarThatIsNotAnArchive_everyPartyRefusesWithJarMalformed() throws Exception {
    LocalCeremony.Outcome outcome = LocalCeremony.builder()
        .artifact("broken.jar", "not a zip archive".getBytes(StandardCharsets.UTF_8))
        .signJar("broken.jar")
        .build().run();
    CeremonyTestSupport.assertAgreed(outcome, outcome.proposal().partyIds(),
        ErrorCode.CERT_JAR_MALFORMED);
  }
}

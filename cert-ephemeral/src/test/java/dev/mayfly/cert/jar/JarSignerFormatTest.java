package dev.mayfly.cert.jar;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.mayfly.cert.mint.GroupKeyAlgorithm;
import dev.mayfly.cert.testing.JdkTools;
import dev.mayfly.cert.testing.OpenSsl;
import dev.mayfly.cert.testing.TestJars;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.Attributes;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plan's manifest and signature file against what the JDK's own {@code jarsigner} writes for
 * the same JAR: the same main section, the same manifest sections byte for byte (jarsigner orders
 * them by hash map, the plan by archive order), and the same digests in the signature file. Two
 * deliberate differences are left out of the byte comparison: jarsigner breaks the long name's
 * line inside a UTF-8 character (the plan breaks between characters, so the parsed manifests are
 * compared instead), and it gives the section naming no entry a signature file section.
 */
class JarSignerFormatTest {
  @TempDir Path dir;

  @Test
  void plan_sameManifestSectionsAndSignatureFileDigestsAsJarsigner() throws Exception {
    byte[] jar = TestJars.sample();
    Files.write(dir.resolve("sample.jar"), jar);
    OpenSsl.Result key = JdkTools.run(dir, "keytool", "-genkeypair", "-keyalg", "EC",
        "-groupname", "secp256r1", "-alias", "signer", "-keystore", "signer.p12",
        "-storetype", "PKCS12", "-storepass", "changeit", "-dname", "CN=format test",
        "-validity", "2");
    assertEquals(0, key.exitCode(), key.output());
    OpenSsl.Result signed = JdkTools.run(dir, "jarsigner", "-keystore", "signer.p12",
        "-storepass", "changeit", "-sigfile", "MAYFLY", "-digestalg", "SHA-256",
        "sample.jar", "signer");
    assertEquals(0, signed.exitCode(), signed.output());
    Map<String, byte[]> theirs = TestJars.entries(Files.readAllBytes(dir.resolve("sample.jar")));

    JarSigningPlan plan =
        JarSigningPlan.create(jar, JarSigningParameters.of(GroupKeyAlgorithm.ECDSA_P256));

    byte[] theirManifest = theirs.get("META-INF/MANIFEST.MF");
    assertEquals(mainSection(theirManifest), mainSection(plan.manifest()));
    Map<String, String> theirSections = sections(theirManifest);
    Map<String, String> ourSections = sections(plan.manifest());
    assertNotEquals(theirSections.remove(TestJars.LONG_NAME),
        ourSections.remove(TestJars.LONG_NAME));
    assertEquals(theirSections, ourSections);
    assertEquals(new Manifest(new ByteArrayInputStream(theirManifest)),
        new Manifest(new ByteArrayInputStream(plan.manifest())));
    Manifest theirSf = new Manifest(new ByteArrayInputStream(theirs.get("META-INF/MAYFLY.SF")));
    Manifest ourSf = new Manifest(new ByteArrayInputStream(plan.signatureFile()));
    assertEquals(
        theirSf.getMainAttributes().getValue("SHA-256-Digest-Manifest-Main-Attributes"),
        ourSf.getMainAttributes().getValue("SHA-256-Digest-Manifest-Main-Attributes"));
    Map<String, String> theirDigests = digests(theirSf);
    Map<String, String> ourDigests = digests(ourSf);
    assertNotEquals(null, theirDigests.remove("not/in/the/jar"));
    assertNotEquals(theirDigests.remove(TestJars.LONG_NAME), ourDigests.remove(TestJars.LONG_NAME));
    assertEquals(theirDigests, ourDigests);
    assertArrayEquals(theirs.get(TestJars.LONG_NAME), TestJars.entries(jar).get(TestJars.LONG_NAME));
  }

  private static String mainSection(byte[] manifest) {
    String text = new String(manifest, UTF_8);
    return text.substring(0, text.indexOf("\r\n\r\n") + 4);
  }

  /** Each section's raw bytes (as ISO-8859-1 text) by the entry name it holds. */
  private static Map<String, String> sections(byte[] manifest) {
    String raw = new String(manifest, java.nio.charset.StandardCharsets.ISO_8859_1);
    Map<String, String> sections = new TreeMap<>();
    String[] parts = raw.substring(raw.indexOf("\r\n\r\n") + 4).split("(?<=\r\n\r\n)");
    for (String part : parts) {
      String unwrapped = new String(part.replace("\r\n ", "")
          .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), UTF_8);
      sections.put(unwrapped.substring("Name: ".length(), unwrapped.indexOf("\r\n")), part);
    }
    return sections;
  }

  private static Map<String, String> digests(Manifest signatureFile) {
    Map<String, String> digests = new TreeMap<>();
    for (Map.Entry<String, Attributes> e : signatureFile.getEntries().entrySet()) {
      digests.put(e.getKey(), e.getValue().getValue("SHA-256-Digest"));
    }
    return digests;
  }
}

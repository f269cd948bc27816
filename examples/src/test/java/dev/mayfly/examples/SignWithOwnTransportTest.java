package dev.mayfly.examples;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mayfly.cert.verify.VerifiedArtifact;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Example 1 signs with its own transport, its output verifies (with the SDK, and its raw signature
 * with the JDK), and its ceremony part stays small: at most 30 lines and 10 Mayfly imports. (Its
 * {@code main} runs in {@link VerifyOutputTest}.)
 */
class SignWithOwnTransportTest {
  static final Path SOURCE = Path.of("src/main/java/dev/mayfly/examples/SignWithOwnTransport.java");
  static final int MAX_CEREMONY_LINES = 30;
  static final int MAX_MAYFLY_IMPORTS = 10;

  @TempDir
  Path dir;

  @Test
  void sign_ownTransport_verifiedAndTheRawSignatureVerifiesWithTheJdk() throws Exception {
    byte[] artifact = "an artifact of example 1\n".getBytes(UTF_8);
    VerifiedArtifact verified = SignWithOwnTransport.sign(dir, "app.bin", artifact);
    assertEquals("app.bin", verified.artifactName());
    assertEquals(2, verified.threshold());
    assertEquals(3, verified.parties().size());
    assertEquals(2, verified.approvalsCounted());
    assertTrue(verified.simulated());
    assertTrue(verified.timestamped());
    for (String file : List.of("app.bin", "app.bin.sig", "app.bin.crt.pem", "app.bin.pub.pem",
        "app.bin.sigstore.json", "app.bin.mayfly.json", "trusted_root.json", "approvers.json",
        "tee-policy.hash")) {
      assertTrue(Files.isRegularFile(dir.resolve(file)), file);
    }
    PublicKey key = publicKey(dir.resolve("app.bin.pub.pem"));
    byte[] signature = Files.readAllBytes(dir.resolve("app.bin.sig"));
    assertTrue(jdkVerifies(key, artifact, signature));
    byte[] other = artifact.clone();
    other[0] ^= 1;
    assertFalse(jdkVerifies(key, other, signature));
  }

  @Test
  void ceremonyPart_isAtMost30LinesWithAtMost10MayflyImports() throws IOException {
    String source = Files.readString(SOURCE, UTF_8);
    int lines = ceremonyLines(source);
    int imports = mayflyImports(source);
    assertTrue(lines > 0 && lines <= MAX_CEREMONY_LINES,
        "ceremony part of " + SOURCE + " has " + lines + " lines, at most 30 allowed");
    assertTrue(imports > 0 && imports <= MAX_MAYFLY_IMPORTS,
        SOURCE + " has " + imports + " Mayfly imports, at most 10 allowed");
  }

  @Test
  void readmeQuickStart_isUnder20Lines_andItsCodeIsThisExamples() throws IOException {
    String readme = Files.readString(Path.of("../README.md"), UTF_8);
    int start = readme.indexOf("Quick start:");
    int fence = readme.indexOf("```java\n", start);
    int end = readme.indexOf("\n```\n", fence + 8);
    assertTrue(start >= 0 && fence > start && end > fence, "README quick start not found");
    int lines = (int) readme.substring(start, end + 4).lines().count();
    assertTrue(lines < 20, "README quick start has " + lines + " lines");
    List<String> code = normalized(readme.substring(fence + 8, end));
    List<String> source = normalized(Files.readString(SOURCE, UTF_8));
    int next = 0;
    for (String line : source) {
      if (next < code.size() && line.equals(code.get(next))) {
        next++;
      }
    }
    assertEquals(code.size(), next, "README line not in " + SOURCE + " (in order): "
        + (next < code.size() ? code.get(next) : ""));
  }

  private static List<String> normalized(String text) {
    return text.lines().map(l -> l.strip().replaceAll("\\s+", " "))
        .filter(l -> !l.isEmpty()).toList();
  }

  @Test
  void counting_seesLinesBetweenMarkersAndMayflyImports() {
    String source = "import dev.mayfly.a.A;\nimport java.util.List;\nimport dev.mayfly.b.B;\n"
        + "class X {\n  // example:begin\n  a();\n\n  b();\n  // example:end\n}\n";
    assertEquals(3, ceremonyLines(source));
    assertEquals(2, mayflyImports(source));
    assertThrows(IllegalArgumentException.class, () -> ceremonyLines("no markers"));
  }

  /** The lines strictly between {@code // example:begin} and {@code // example:end}. */
  static int ceremonyLines(String source) {
    List<String> lines = source.lines().toList();
    int begin = -1;
    int end = -1;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.equals("// example:begin")) {
        begin = i;
      } else if (line.equals("// example:end")) {
        end = i;
      }
    }
    if (begin < 0 || end <= begin) {
      throw new IllegalArgumentException("markers // example:begin and // example:end missing");
    }
    return end - begin - 1;
  }

  /** The file's {@code import dev.mayfly...} lines (static ones included). */
  static int mayflyImports(String source) {
    return (int) source.lines().map(String::strip)
        .filter(l -> l.startsWith("import dev.mayfly.")
            || l.startsWith("import static dev.mayfly."))
        .count();
  }

  static PublicKey publicKey(Path pem) throws Exception {
    String text = Files.readString(pem, UTF_8);
    String body = text.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    byte[] der = Base64.getDecoder().decode(body);
    for (String algorithm : List.of("Ed25519", "EC")) {
      try {
        return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der));
      } catch (java.security.spec.InvalidKeySpecException e) {
        // try the next algorithm
      }
    }
    throw new IllegalArgumentException("not an Ed25519 or EC public key: " + pem);
  }

  static boolean jdkVerifies(PublicKey key, byte[] message, byte[] signature) throws Exception {
    Signature verifier = Signature.getInstance(
        key.getAlgorithm().equals("EC") ? "SHA256withECDSA" : "Ed25519");
    verifier.initVerify(key);
    verifier.update(message);
    return verifier.verify(signature);
  }
}

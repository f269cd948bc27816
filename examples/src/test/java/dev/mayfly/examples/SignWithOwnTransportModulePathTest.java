package dev.mayfly.examples;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mayfly.testsupport.ModulePath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Example 1 runs on the module path (issue 13): {@code main} of
 * {@code dev.mayfly.examples/dev.mayfly.examples.SignWithOwnTransport} in a JVM of its own whose
 * module path is this module's classes and its runtime dependencies, nothing else, and no
 * {@code --add-modules}: the modules resolve from the {@code requires} of {@code
 * dev.mayfly.examples} alone. Its {@code main} verifies the output with {@code BundleVerifier};
 * this test checks the files it wrote and the raw signature with the JDK. Without the party-server
 * jar the example must not start, which shows the graph comes from the descriptors.
 */
class SignWithOwnTransportModulePathTest {
  private static final String MAIN = "dev.mayfly.examples/dev.mayfly.examples.SignWithOwnTransport";
  private static final Duration TIMEOUT = Duration.ofMinutes(3);

  @TempDir
  Path out;

  private static List<Path> modulePath;

  @BeforeAll
  static void modulePath() throws Exception {
    modulePath = new ArrayList<>(ModulePath.runtime());
    // target/classes, with module-info.class: the module under test as an exploded module.
    modulePath.add(Path.of(
        SignWithOwnTransport.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
    assertTrue(Files.isRegularFile(modulePath.get(modulePath.size() - 1)
        .resolve("module-info.class")), "examples' module-info.class");
  }

  @Test
  void main_onTheModulePath_signsAndTheOutputVerifies() throws Exception {
    ModulePath.Result run = ModulePath.launch(modulePath, MAIN, TIMEOUT, out.toString());

    assertEquals(0, run.exitCode(), run::output);
    assertTrue(run.output().contains("signed hello.txt (2-of-3, SIMULATED attestation)"),
        run::output);
    for (String file : List.of("hello.txt", "hello.txt.sig", "hello.txt.crt.pem",
        "hello.txt.pub.pem", "hello.txt.sigstore.json", "hello.txt.mayfly.json",
        "trusted_root.json", "approvers.json", "tee-policy.hash")) {
      assertTrue(Files.isRegularFile(out.resolve(file)), file);
    }
    byte[] artifact = Files.readAllBytes(out.resolve("hello.txt"));
    assertEquals("Hello from a host that signs with Mayfly\n", new String(artifact, UTF_8));
    PublicKey key = SignWithOwnTransportTest.publicKey(out.resolve("hello.txt.pub.pem"));
    byte[] signature = Files.readAllBytes(out.resolve("hello.txt.sig"));
    assertTrue(SignWithOwnTransportTest.jdkVerifies(key, artifact, signature));
    byte[] other = artifact.clone();
    other[0] ^= 1;
    assertFalse(SignWithOwnTransportTest.jdkVerifies(key, other, signature));
  }

  @Test
  void main_withoutThePartyServerJar_doesNotStart() throws Exception {
    List<Path> withoutParty = modulePath.stream()
        .filter(p -> !p.toString().contains("party-server"))
        .collect(Collectors.toList());
    assertEquals(modulePath.size() - 1, withoutParty.size(), "one party-server entry expected");

    ModulePath.Result run = ModulePath.launch(withoutParty, MAIN, TIMEOUT, out.toString());

    assertNotEquals(0, run.exitCode(), run::output);
    assertTrue(run.output().contains(
        "Module dev.mayfly.party not found, required by dev.mayfly.examples"), run::output);
  }
}

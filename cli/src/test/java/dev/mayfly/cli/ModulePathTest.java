package dev.mayfly.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mayfly.testsupport.ModulePath;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The library modules work on the module path as a host uses them (issue 13): a small host module
 * ({@code src/test/module-path/dev.mayfly.check}) that requires only {@code dev.mayfly.simulation}
 * and {@code dev.mayfly.cert} is compiled against the runtime dependencies of this module and run
 * in a JVM of its own with those jars as its module path, without {@code --add-modules
 * ALL-MODULE-PATH}. It signs with each algorithm in a simulated local ceremony and verifies the
 * output with {@code BundleVerifier}; a {@code requires} missing from a Mayfly descriptor fails it
 * with {@code NoClassDefFoundError} or {@code IllegalAccessError}, a missing {@code uses} or
 * {@code provides} with an empty transport list.
 */
class ModulePathTest {
  private static final String MAIN = "dev.mayfly.check/dev.mayfly.check.LocalCeremonyCheck";
  private static final Duration TIMEOUT = Duration.ofMinutes(3);

  @TempDir
  static Path work;

  private static List<Path> modulePath;

  @BeforeAll
  static void compileHostModule() throws IOException {
    List<Path> dependencies = ModulePath.runtime();
    Path host = ModulePath.compile(
        RepositoryRoot.path().resolve("cli/src/test/module-path/dev.mayfly.check"),
        dependencies, work.resolve("dev.mayfly.check"));
    modulePath = new ArrayList<>(dependencies);
    modulePath.add(host);
  }

  @Test
  void localCeremony_onTheModulePath_signsAndVerifiesWithEachAlgorithm() throws Exception {
    ModulePath.Result run = ModulePath.launch(modulePath, MAIN, TIMEOUT);

    assertEquals(0, run.exitCode(), run::output);
    String out = run.output();
    assertTrue(out.contains("verified ED25519 app.jar"), out);
    assertTrue(out.contains("verified ECDSA_P256 app.jar"), out);
    assertTrue(out.contains("module dev.mayfly.cert\n"), out);                 // a named module
    assertTrue(out.contains("exports dev.mayfly.cert.internal: false"), out);  // encapsulated
    assertTrue(out.contains("transports grpc\n"), out);    // uses/provides: the gRPC provider
    assertTrue(out.contains("AMD roots "), out);           // resources of dev.mayfly.snp
  }

  @Test
  void localCeremony_withoutBouncyCastlePkix_doesNotStart() throws Exception {
    List<Path> withoutPkix = modulePath.stream()
        .filter(p -> !p.getFileName().toString().startsWith("bcpkix-"))
        .collect(Collectors.toList());
    assertEquals(modulePath.size() - 1, withoutPkix.size(), "one bcpkix jar expected");

    ModulePath.Result run = ModulePath.launch(withoutPkix, MAIN, TIMEOUT);

    assertNotEquals(0, run.exitCode(), run::output);
    assertTrue(run.output().contains("Module org.bouncycastle.pkix not found"), run::output);
  }
}

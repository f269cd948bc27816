package dev.mayfly.cert.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the official Sigstore JavaScript verifier ({@code @sigstore/verify}, installed by the build
 * into {@code target/sigstore-js}) through {@code verify.cjs}. Missing Node or a missing install
 * fails the calling test; it never skips.
 */
public final class SigstoreJs {
  private SigstoreJs() {}

  /** The verifier's answer. */
  public record Result(int exitCode, String output) {
    /** Whether the verifier accepted the bundle. */
    public boolean verified() {
      return exitCode == 0 && output.contains("VERIFIED");
    }
  }

  /** Verifies {@code bundle} against {@code trustedRoot} and {@code artifact}. */
  public static Result verify(Path bundle, Path trustedRoot, Path artifact)
      throws IOException, InterruptedException {
    String dirName = System.getProperty("sigstore.js.dir");
    assertTrue(dirName != null, "system property sigstore.js.dir is not set (run through Maven)");
    Path dir = Path.of(dirName);
    assertTrue(Files.isRegularFile(dir.resolve("verify.cjs")), "verify.cjs missing in " + dir);
    assertTrue(Files.isDirectory(dir.resolve("node_modules/@sigstore/verify")),
        "@sigstore/verify is not installed in " + dir + " (npm ci failed?)");
    Process process = new ProcessBuilder(List.of("node", "verify.cjs",
        bundle.toAbsolutePath().toString(), trustedRoot.toAbsolutePath().toString(),
        artifact.toAbsolutePath().toString()))
        .directory(dir.toFile()).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IOException("node timed out");
    }
    return new Result(process.exitValue(), output);
  }
}

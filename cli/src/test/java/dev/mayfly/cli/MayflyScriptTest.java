package dev.mayfly.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the real {@code ./mayfly} launcher from another directory. Bound to the
 * integration-test phase (after the jar is packaged); skipped when the jar is absent.
 */
class MayflyScriptTest {
  @TempDir
  Path dir;

  private static Path repositoryRoot() {
    Path p = Path.of("").toAbsolutePath();
    return p.getFileName().toString().equals("cli") ? p.getParent() : p;
  }

  @Test
  void launcher_goodAndBadVector_passesExitCodes() throws Exception {
    Path root = repositoryRoot();
    assumeTrue(Files.isRegularFile(root.resolve("cli/target/mayfly-cli.jar")), "jar not built");

    Result ok = run(root, snpVerify("trustee/snp/test-vcek.der"));
    Result bad = run(root, snpVerify("trustee/snp/test-vcek-invalid-legacy.der"));

    assertEquals(0, ok.code, ok.err);
    assertEquals(1, bad.code, bad.err);
    assertTrue(bad.err.contains("error: SNP_CERT_SIGNATURE_INVALID: "), bad.err);
  }

  @Test
  void launcher_demoThenVerify_writesTheFiveFilesThatOpensslAndVerifyAccept() throws Exception {
    Path root = repositoryRoot();
    assumeTrue(Files.isRegularFile(root.resolve("cli/target/mayfly-cli.jar")), "jar not built");
    Result demo = run(root, "demo");
    assertEquals(0, demo.code, demo.err);
    Path out = dir.resolve("mayfly-out");
    for (String suffix : List.of(".sig", ".crt.pem", ".pub.pem", ".sigstore.json",
        ".mayfly.json")) {
      assertTrue(Files.isRegularFile(out.resolve("mayfly-sample.txt" + suffix)), suffix);
    }
    Process openssl = new ProcessBuilder("openssl", "pkeyutl", "-verify", "-rawin", "-pubin",
        "-inkey", "mayfly-out/mayfly-sample.txt.pub.pem", "-in", "mayfly-out/mayfly-sample.txt",
        "-sigfile", "mayfly-out/mayfly-sample.txt.sig").directory(dir.toFile())
        .redirectErrorStream(true).start();
    String said = new String(openssl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(openssl.waitFor(30, TimeUnit.SECONDS));
    assertEquals(0, openssl.exitValue(), said);

    List<String> printed = CliRun.printedVerifyCommand(demo.out);
    Result verified = run(root, printed.toArray(String[]::new));
    assertEquals(0, verified.code, verified.err);
    Result refused = run(root, CliRun.without(printed, "--allow-simulated", false));
    assertEquals(1, refused.code);
    assertTrue(refused.err.contains("error: CERT_SIMULATED_EVIDENCE_REFUSED: "), refused.err);

    Result fault = run(root, "demo", "--fault", "crash:2@dkg", "--phase-timeout", "1",
        "--out", "faulty-out");
    assertEquals(1, fault.code);
    assertTrue(fault.err.contains("error: TRANSPORT_TIMEOUT: "), fault.err);
    assertTrue(!Files.exists(dir.resolve("faulty-out")));
  }

  @Test
  void launcher_startsFromTheClassDataSharingArchive_andWithoutItWhenToldTo() throws Exception {
    Path root = repositoryRoot();
    assumeTrue(Files.isRegularFile(root.resolve("cli/target/mayfly-cli.jar")), "jar not built");
    String[] verify = snpVerify("trustee/snp/test-vcek.der");
    Path shared = dir.resolve("shared.log");
    Result withArchive = run(root, Map.of("MAYFLY_JAVA_OPTS",
        "-Xlog:class+load=info:file=" + shared), verify);
    assertEquals(0, withArchive.code, withArchive.err);
    // The archive holds the command's own classes and Bouncy Castle's (unsigned copies).
    assertEquals(1, countArchived(shared, "dev.mayfly.cli.SnpVerifyCommand"));
    assertTrue(countArchived(shared, "org.bouncycastle.") > 0, "Bouncy Castle archived");

    Path plain = dir.resolve("plain.log");
    Result without = run(root, Map.of("MAYFLY_CDS", "off", "MAYFLY_JAVA_OPTS",
        "-Xlog:class+load=info:file=" + plain), verify);
    assertEquals(0, without.code, without.err);
    assertEquals(without.out, withArchive.out);
    assertEquals(0, countArchived(plain, ""));
  }

  /** {@code snp verify} of the trustee test report with the VCEK at {@code vcekVector}. */
  private String[] snpVerify(String vcekVector) {
    return new String[] {"snp", "verify", "--report",
        CliRun.vector(dir, "trustee/snp/test-report.bin"), "--vcek",
        CliRun.vector(dir, vcekVector), "--at", "2025-09-01T00:00:00Z"};
  }

  /** Classes whose name starts with {@code prefix} that the JVM took from the mayfly archive. */
  private static long countArchived(Path log, String prefix) throws IOException {
    return Files.readAllLines(log).stream()
        .filter(line -> line.contains("shared objects file (top)"))
        .filter(line -> line.contains("] " + prefix))
        .count();
  }

  private record Result(int code, String out, String err) {}

  private Result run(Path root, String... args) throws IOException, InterruptedException {
    return run(root, Map.of(), args);
  }

  private Result run(Path root, Map<String, String> env, String... args)
      throws IOException, InterruptedException {
    List<String> command = new java.util.ArrayList<>(List.of("bash", root.resolve("mayfly").toString()));
    command.addAll(List.of(args));
    Path errFile = dir.resolve("err.txt");
    Path outFile = dir.resolve("out.txt");
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
        .redirectOutput(outFile.toFile()).redirectError(errFile.toFile());
    builder.environment().putAll(env);
    Process p = builder.start();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "launcher timed out");
    return new Result(p.exitValue(), Files.readString(outFile, StandardCharsets.UTF_8),
        Files.readString(errFile, StandardCharsets.UTF_8));
  }
}

package dev.mayfly.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mayfly demo} and {@code mayfly verify}, in process. */
class CeremonyCommandsTest {
  @TempDir Path dir;

  private static final List<String> SUFFIXES =
      List.of(".sig", ".crt.pem", ".pub.pem", ".sigstore.json", ".mayfly.json");

  @Test
  void demo_thenVerify_acceptedOnlyWithAllowSimulated() throws Exception {
    Path out = dir.resolve("out");
    Files.writeString(dir.resolve("release.txt"), "release 1.0\n");
    CliRun demo = CliRun.run("demo", "--artifact", dir.resolve("release.txt").toString(),
        "--out", out.toString());
    assertEquals(0, demo.exitCode(), demo.err() + demo.out());
    assertTrue(demo.out().contains("== DESTROY"), demo.out());
    for (String suffix : SUFFIXES) {
      assertTrue(Files.isRegularFile(out.resolve("release.txt" + suffix)), suffix);
    }
    String bundle = out.resolve("release.txt.sigstore.json").toString();
    String artifact = dir.resolve("release.txt").toString();

    CliRun ok = CliRun.run("verify", "--artifact", artifact, "--bundle", bundle,
        "--allow-simulated");
    assertEquals(0, ok.exitCode(), ok.err());
    assertTrue(ok.out().startsWith("OK: release.txt signed by a 2-of-3 ed25519 group"), ok.out());

    CliRun strict = CliRun.run("verify", "--artifact", artifact, "--bundle", bundle);
    assertEquals(1, strict.exitCode());
    assertTrue(strict.err().contains("error: CERT_SIMULATED_EVIDENCE_REFUSED: "), strict.err());

    Files.writeString(dir.resolve("release.txt"), "release 1.1\n");
    CliRun changed = CliRun.run("verify", "--artifact", artifact, "--bundle", bundle,
        "--allow-simulated");
    assertEquals(1, changed.exitCode());
    assertTrue(changed.err().contains("error: CERT_ARTIFACT_MISMATCH: "), changed.err());
  }

  @Test
  void demo_ecdsa_thenVerify_accepted() {
    Path out = dir.resolve("out");
    CliRun demo = CliRun.run("demo", "--algorithm", "ecdsa-p256", "--out", out.toString(),
        "--phase-timeout", "30");
    assertEquals(0, demo.exitCode(), demo.err() + demo.out());
    CliRun ok = CliRun.run("verify", "--artifact", out.resolve("mayfly-sample.txt").toString(),
        "--bundle", out.resolve("mayfly-sample.txt.sigstore.json").toString(),
        "--allow-simulated");
    assertEquals(0, ok.exitCode(), ok.err());
    assertTrue(ok.out().contains("2-of-3 ecdsa-p256 group"), ok.out());
  }

  @Test
  void demo_fault_exitsOneNamingTheCulpritAndWritesNothing() {
    Path out = dir.resolve("out");
    CliRun run = CliRun.run("demo", "--fault", "equivocate:3@dkg", "--out", out.toString());
    assertEquals(1, run.exitCode(), run.out());
    assertTrue(run.err().startsWith("error: TRANSPORT_EQUIVOCATION: "), run.err());
    assertTrue(run.out().contains("party 1: TRANSPORT_EQUIVOCATION naming [party 3]"), run.out());
    assertFalse(Files.exists(out));
  }

  @Test
  void demo_json_reportsEachParty() {
    CliRun run = CliRun.run("demo", "--json", "--fault", "approval:expired", "--out",
        dir.resolve("out").toString());
    assertEquals(1, run.exitCode());
    assertTrue(run.out().contains("\"code\": \"APPROVAL_EXPIRED\""), run.out());
  }

  @Test
  void demo_ca_writesTrustedRootAndVerifiesWithIt() {
    Path out = dir.resolve("out");
    CliRun demo = CliRun.run("demo", "--ca", "--out", out.toString());
    assertEquals(0, demo.exitCode(), demo.err());
    assertTrue(Files.isRegularFile(out.resolve("trusted_root.json")));
    CliRun ok = CliRun.run("verify", "--artifact", out.resolve("mayfly-sample.txt").toString(),
        "--bundle", out.resolve("mayfly-sample.txt.sigstore.json").toString(),
        "--trusted-root", out.resolve("trusted_root.json").toString(), "--allow-simulated");
    assertEquals(0, ok.exitCode(), ok.err());
    assertTrue(ok.out().contains("ca-issued"), ok.out());
  }

  @Test
  void demo_badOptions_exitTwo() {
    assertEquals(2, CliRun.run("demo", "--algorithm", "rsa").exitCode());
    assertEquals(2, CliRun.run("demo", "--phase-timeout", "0").exitCode());
    assertEquals(2, CliRun.run("demo", "--fault", "explode:1@dkg").exitCode());
    assertEquals(2, CliRun.run("demo", "--parties", "3", "--threshold", "4").exitCode());
    assertEquals(2, CliRun.run("verify", "--artifact", "x").exitCode());
  }
}

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
  void demo_thenItsPrintedVerifyCommand_acceptsAndEachPinIsNeeded() throws Exception {
    Path out = dir.resolve("out");
    Files.writeString(dir.resolve("release.txt"), "release 1.0\n");
    CliRun demo = CliRun.run("demo", "--artifact", dir.resolve("release.txt").toString(),
        "--out", out.toString());
    assertEquals(0, demo.exitCode(), demo.err() + demo.out());
    assertTrue(demo.out().contains("== DESTROY"), demo.out());
    for (String suffix : SUFFIXES) {
      assertTrue(Files.isRegularFile(out.resolve("release.txt" + suffix)), suffix);
    }
    assertTrue(Files.isRegularFile(out.resolve("release.txt.approvers.json")));
    List<String> verify = CliRun.printedVerifyCommand(demo.out());

    CliRun ok = CliRun.run(verify.toArray(String[]::new));
    assertEquals(0, ok.exitCode(), ok.err());
    assertTrue(ok.out().startsWith("OK: release.txt signed by a 2-of-3 ed25519 group"), ok.out());

    // Without the approval policy (or the policy hash) the command does not run at all.
    CliRun noApprovers = CliRun.run(CliRun.without(verify, "--approvers", true));
    assertEquals(2, noApprovers.exitCode(), noApprovers.err());
    assertTrue(noApprovers.err().contains("--approvers"), noApprovers.err());
    assertEquals(2, CliRun.run(CliRun.without(verify, "--policy-hash", true)).exitCode());
    // Trusting the approvers the evidence records is possible only by an insecure-named flag.
    List<String> recorded = new java.util.ArrayList<>(
        List.of(CliRun.without(verify, "--approvers", true)));
    recorded.add("--trust-recorded-approvers-insecure");
    CliRun trusting = CliRun.run(recorded.toArray(String[]::new));
    assertEquals(0, trusting.exitCode(), trusting.err());
    assertTrue(trusting.err().contains("insecure"), trusting.err());
    // Other approvers expected: refused.
    CliRun keygen = CliRun.run("approval", "keygen", "--out", dir.resolve("eve").toString());
    assertEquals(0, keygen.exitCode(), keygen.err());
    CliRun policy = CliRun.run("approval", "policy", "--quorum", "1", "--approver",
        "eve=" + dir.resolve("eve.pub.pem"), "--out", dir.resolve("eve-policy.json").toString());
    assertEquals(0, policy.exitCode(), policy.err() + policy.out());
    List<String> other = new java.util.ArrayList<>(
        List.of(CliRun.without(verify, "--approvers", true)));
    other.addAll(List.of("--approvers", dir.resolve("eve-policy.json").toString()));
    CliRun mismatch = CliRun.run(other.toArray(String[]::new));
    assertEquals(1, mismatch.exitCode());
    assertTrue(mismatch.err().contains("error: CERT_APPROVAL_POLICY_MISMATCH: "), mismatch.err());

    CliRun strict = CliRun.run(CliRun.without(verify, "--allow-simulated", false));
    assertEquals(1, strict.exitCode());
    assertTrue(strict.err().contains("error: CERT_SIMULATED_EVIDENCE_REFUSED: "), strict.err());

    Files.writeString(dir.resolve("release.txt"), "release 1.1\n");
    CliRun changed = CliRun.run(verify.toArray(String[]::new));
    assertEquals(1, changed.exitCode());
    assertTrue(changed.err().contains("error: CERT_ARTIFACT_MISMATCH: "), changed.err());
  }

  @Test
  void demo_ecdsa_thenVerify_accepted() {
    Path out = dir.resolve("out");
    CliRun demo = CliRun.run("demo", "--algorithm", "ecdsa-p256", "--out", out.toString(),
        "--phase-timeout", "30");
    assertEquals(0, demo.exitCode(), demo.err() + demo.out());
    CliRun ok = CliRun.run(CliRun.printedVerifyCommand(demo.out()).toArray(String[]::new));
    assertEquals(0, ok.exitCode(), ok.err());
    assertTrue(ok.out().contains("2-of-3 ecdsa-p256 group"), ok.out());
  }

  @Test
  void demo_fault_exitsOneNamingTheCulpritAndWritesNothing() {
    Path out = dir.resolve("out");
    CliRun run = CliRun.run("demo", "--fault", "equivocate:3@dkg", "--out", out.toString());
    assertEquals(1, run.exitCode(), run.out());
    assertTrue(run.err().startsWith("error: TRANSPORT_EQUIVOCATION: "), run.err());
    for (int party = 1; party <= 3; party++) {
      // Every party's own record, the equivocator's included, proves it.
      assertTrue(java.util.regex.Pattern.compile("party " + party
          + "( \\(faulty\\))?: TRANSPORT_EQUIVOCATION naming \\[party 3\\]")
          .matcher(run.out()).find(), run.out());
    }
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
  void demo_threeArtifacts_oneCeremonyAndEachPrintedVerifyCommandAccepts() throws Exception {
    Path out = dir.resolve("release-out");
    List<String> args = new java.util.ArrayList<>(List.of("demo", "--algorithm", "ecdsa-p256",
        "--out", out.toString()));
    for (String name : List.of("app.jar", "app.pom", "app-sources.jar")) {
      Files.writeString(dir.resolve(name), "content of " + name + "\n");
      args.addAll(List.of("--artifact", dir.resolve(name).toString()));
    }
    CliRun demo = CliRun.run(args.toArray(String[]::new));
    assertEquals(0, demo.exitCode(), demo.err());
    for (String file : List.of("app.jar.sig", "app.pom.sig", "app-sources.jar.sig",
        "app.jar.sigstore.json", "app.pom.sigstore.json", "app-sources.jar.sigstore.json",
        "release.crt.pem", "release.pub.pem", "release.mayfly.json")) {
      assertTrue(Files.isRegularFile(out.resolve(file)), file + "\n" + demo.out());
    }
    List<String> verifies = java.util.Arrays.stream(demo.out().split("\n")).map(String::strip)
        .filter(l -> l.startsWith("./mayfly verify ")).toList();
    assertEquals(3, verifies.size(), demo.out());
    for (String line : verifies) {
      CliRun ok = CliRun.run(line.substring("./mayfly ".length()).split(" +"));
      assertEquals(0, ok.exitCode(), line + "\n" + ok.err());
    }
    // The pom with the jar's bundle is refused.
    CliRun swapped = CliRun.run(verifies.get(0).substring("./mayfly ".length())
        .replace(dir.resolve("app.jar").toString(), dir.resolve("app.pom").toString())
        .split(" +"));
    assertEquals(1, swapped.exitCode(), swapped.out());
    assertTrue(swapped.err().contains("CERT_ARTIFACT_MISMATCH"), swapped.err());
    // A mirror serves the pom, with its own bundle, under the jar's name: the signature and the
    // evidence are genuine, but it is not app.jar.
    Path mirror = Files.createDirectories(dir.resolve("mirror"));
    Files.copy(dir.resolve("app.pom"), mirror.resolve("app.jar"));
    String pomLine = verifies.stream().filter(l -> l.contains("app.pom.sigstore.json"))
        .findFirst().orElseThrow();
    List<String> served = new java.util.ArrayList<>(List.of(
        pomLine.substring("./mayfly ".length()).split(" +")));
    served.set(served.indexOf("--artifact") + 1, mirror.resolve("app.jar").toString());
    CliRun misnamed = CliRun.run(served.toArray(String[]::new));
    assertEquals(1, misnamed.exitCode(), misnamed.out());
    assertTrue(misnamed.err().contains("CERT_ARTIFACT_MISMATCH")
        && misnamed.err().contains("app.pom"), misnamed.err());
    served.addAll(List.of("--name", "app.pom"));
    CliRun renamed = CliRun.run(served.toArray(String[]::new));
    assertEquals(0, renamed.exitCode(), renamed.err());
    assertEquals(2, CliRun.run("demo", "--artifact", dir.resolve("app.jar").toString(),
        "--artifact", dir.resolve("app.jar").toString()).exitCode());
  }

  @Test
  void demo_jarCa_writesASignedJarTheJdkVerifies() throws Exception {
    Path jarFile = dir.resolve("tool-2.0.jar");
    java.util.jar.Manifest manifest = new java.util.jar.Manifest();
    manifest.getMainAttributes().put(java.util.jar.Attributes.Name.MANIFEST_VERSION, "1.0");
    try (java.util.jar.JarOutputStream jar = new java.util.jar.JarOutputStream(
        Files.newOutputStream(jarFile), manifest)) {
      jar.putNextEntry(new java.util.jar.JarEntry("tool/Main.class"));
      jar.write(new byte[] {(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE});
      jar.closeEntry();
    }
    Path out = dir.resolve("jar-out");
    CliRun demo = CliRun.run("demo", "--jar", "--ca", "--artifact", jarFile.toString(),
        "--out", out.toString());
    assertEquals(0, demo.exitCode(), demo.err());
    Path signed = out.resolve("tool-2.0-signed.jar");
    assertTrue(demo.out().contains(signed.toString()), demo.out());
    try (java.util.jar.JarFile jar = new java.util.jar.JarFile(signed.toFile(), true)) {
      java.util.jar.JarEntry entry = jar.getJarEntry("tool/Main.class");
      jar.getInputStream(entry).readAllBytes();
      assertEquals(1, entry.getCodeSigners().length);
      assertTrue(entry.getCodeSigners()[0].getTimestamp() != null, "timestamped");
    }
    // `mayfly verify --signed-jar`: the signed JAR against the evidence, without a bundle.
    List<String> verify = new java.util.ArrayList<>(CliRun.printedVerifyCommand(demo.out()));
    int bundle = verify.indexOf("--bundle");
    verify.remove(bundle + 1);
    verify.remove(bundle);
    if (!verify.contains("--evidence")) {
      verify.addAll(List.of("--evidence", out.resolve("tool-2.0.jar.mayfly.json").toString()));
    }
    verify.set(verify.indexOf("--artifact") + 1, signed.toString());
    verify.addAll(List.of("--signed-jar", "--name", "tool-2.0.jar",
        "--trusted-root", out.resolve("trusted_root.json").toString()));
    CliRun ok = CliRun.run(verify.toArray(String[]::new));
    assertEquals(0, ok.exitCode(), ok.err());
    assertTrue(ok.out().contains("JAR signature over approved tool-2.0.jar"), ok.out());
    // Another name than the approved one, and a changed entry, fail with their codes.
    List<String> renamed = new java.util.ArrayList<>(verify);
    renamed.set(renamed.indexOf("--name") + 1, "other.jar");
    CliRun wrongName = CliRun.run(renamed.toArray(String[]::new));
    assertEquals(1, wrongName.exitCode(), wrongName.out());
    assertTrue(wrongName.err().contains("CERT_ARTIFACT_MISMATCH"), wrongName.err());
    Path tampered = dir.resolve("tampered.jar");
    try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(signed.toFile());
        java.util.zip.ZipOutputStream copy = new java.util.zip.ZipOutputStream(
            Files.newOutputStream(tampered))) {
      for (java.util.zip.ZipEntry entry : java.util.Collections.list(zip.entries())) {
        byte[] content = zip.getInputStream(entry).readAllBytes();
        if (entry.getName().equals("tool/Main.class")) {
          content[content.length - 1] ^= 1;
        }
        copy.putNextEntry(new java.util.zip.ZipEntry(entry.getName()));
        copy.write(content);
        copy.closeEntry();
      }
    }
    verify.set(verify.indexOf("--artifact") + 1, tampered.toString());
    CliRun changed = CliRun.run(verify.toArray(String[]::new));
    assertEquals(1, changed.exitCode(), changed.out());
    assertTrue(changed.err().contains("CERT_JAR_ENTRY_TAMPERED"), changed.err());
    // A bundle and --signed-jar together, or neither, is a usage error.
    assertEquals(2, CliRun.run("verify", "--artifact", signed.toString(), "--signed-jar",
        "--bundle", signed.toString(), "--accept-any-policy-insecure",
        "--trust-recorded-approvers-insecure").exitCode());
    assertEquals(2, CliRun.run("verify", "--artifact", signed.toString(),
        "--accept-any-policy-insecure", "--trust-recorded-approvers-insecure").exitCode());
    assertEquals(2, CliRun.run("demo", "--jar", "--out", out.toString()).exitCode());
  }

  @Test
  void demo_ca_writesTrustedRootAndVerifiesWithIt() {
    Path out = dir.resolve("out");
    CliRun demo = CliRun.run("demo", "--ca", "--out", out.toString());
    assertEquals(0, demo.exitCode(), demo.err());
    assertTrue(Files.isRegularFile(out.resolve("trusted_root.json")));
    List<String> verify = new java.util.ArrayList<>(CliRun.printedVerifyCommand(demo.out()));
    verify.addAll(List.of("--trusted-root", out.resolve("trusted_root.json").toString()));
    CliRun ok = CliRun.run(verify.toArray(String[]::new));
    assertEquals(0, ok.exitCode(), ok.err());
    assertTrue(ok.out().contains("ca-issued"), ok.out());
  }

  @Test
  void demo_keptSimulatedAuthority_madeOnceThenReused_andTheOutputVerifies() throws Exception {
    Path authority = dir.resolve("authority-insecure.bin");
    String[] options = {"--simulated-authority-insecure", authority.toString()};
    CliRun first = CliRun.run("demo", options[0], options[1], "--out",
        dir.resolve("one").toString());
    assertEquals(0, first.exitCode(), first.err());
    byte[] kept = Files.readAllBytes(authority);
    assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
        Files.getPosixFilePermissions(authority)));

    CliRun second = CliRun.run("demo", options[0], options[1], "--out",
        dir.resolve("two").toString());
    assertEquals(0, second.exitCode(), second.err());
    assertTrue(java.util.Arrays.equals(kept, Files.readAllBytes(authority)), "file reused");
    CliRun verified = CliRun.run(CliRun.printedVerifyCommand(second.out()).toArray(String[]::new));
    assertEquals(0, verified.exitCode(), verified.err());

    Path garbage = dir.resolve("garbage.bin");
    Files.writeString(garbage, "not an authority");
    CliRun refused = CliRun.run("demo", "--simulated-authority-insecure", garbage.toString(),
        "--out", dir.resolve("three").toString());
    assertEquals(1, refused.exitCode());
    assertTrue(refused.err().contains("error: SNP_EVIDENCE_UNAVAILABLE: "), refused.err());
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

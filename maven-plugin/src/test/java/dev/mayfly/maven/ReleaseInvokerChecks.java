package dev.mayfly.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import dev.mayfly.approval.ApprovalPolicy;
import dev.mayfly.cert.bundle.TrustedRoot;
import dev.mayfly.cert.testing.JdkTools;
import dev.mayfly.cert.testing.OpenSsl;
import dev.mayfly.cert.testing.TestJars;
import dev.mayfly.cert.verify.BundleVerifier;
import dev.mayfly.cert.verify.BundleVerifierOptions;
import dev.mayfly.cert.verify.VerifiedArtifact;
import dev.mayfly.simulation.ceremony.LocalCeremony;
import dev.mayfly.snp.abi.Product;
import dev.mayfly.snp.validate.TeePolicy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Checks what the invoker tests under src/it built, signed and published; run by the plugin's
 * build after the invoker (surefire execution {@code invoker-checks}), never on its own.
 */
class ReleaseInvokerChecks {
  private static final Pattern SIGNED = Pattern.compile(
      "mayfly: signed (\\d+) artifacts in session ([0-9a-f]{64}), certificate SHA-256 "
          + "([0-9a-f]{64})");
  private static final Pattern FAILED = Pattern.compile(
      "Failed to execute goal dev\\.mayfly:mayfly-maven-plugin:[^ ]+:(sign|verify) \\(([^)]+)\\)"
          + " on project [^:]+: ([A-Z][A-Z0-9_]+): ");
  private static final String STORE_PASSWORD = "changeit";
  private static final List<String> NOT_ARTIFACTS = List.of(".sha1", ".md5", ".sha256",
      ".sha512", ".sig", ".sigstore.json", ".mayfly.json");

  private static Path it(String name) {
    String given = System.getProperty("invoker.selection", "").strip();
    // Maven leaves ${invoker.test} as it is when the property is not set.
    String selection = given.startsWith("${") ? "" : given;
    Assumptions.assumeTrue(selection.isEmpty()
        || List.of(selection.split(",")).stream().anyMatch(s -> selects(s.strip(), name)),
        () -> "invoker test " + name + " not selected (-Dinvoker.test=" + selection + ")");
    String dir = System.getProperty("invoker.dir");
    assertTrue(dir != null, "invoker.dir is not set: run through the plugin's Maven build");
    Path project = Path.of(dir, name);
    assertTrue(Files.isRegularFile(project.resolve("build.log")), "no build.log in " + project
        + ": did the invoker run?");
    return project;
  }

  /** Whether the invoker selection entry {@code entry} ({@code NAME}, {@code NAME/pom.xml}, {@code PREFIX*}) selects {@code name}. */
  private static boolean selects(String entry, String name) {
    if (entry.endsWith("*")) {
      return name.startsWith(entry.substring(0, entry.length() - 1));
    }
    return entry.equals(name) || entry.startsWith(name + "/");
  }

  private static String log(Path project) throws IOException {
    return Files.readString(project.resolve("build.log"), StandardCharsets.UTF_8);
  }

  @Test
  void release_threeModules_oneCeremonySignsEveryPublishedArtifact() throws Exception {
    Path project = it("release");
    String log = log(project);
    assertTrue(log.contains("BUILD SUCCESS"), "the release build failed; see " + project);
    Matcher signed = onlyCeremony(log);
    int count = Integer.parseInt(signed.group(1));
    String session = signed.group(2);
    String certificate = signed.group(3);
    assertEquals(1, occurrences(log, "in one ceremony (mode local-simulated-insecure)"));
    assertEquals(6, occurrences(log, "joins the release"),
        "in each of the two builds, the first three projects wait");
    assertEquals(1, occurrences(log, "mayfly: listed 7 artifacts"), "the list-only build");

    List<Path> published = published(project.resolve("target/staging"));
    // parent POM, and POM and jar of each of the three modules
    assertEquals(7, published.size(), () -> "published: " + published);
    assertEquals(published.size(), count, "every published artifact is signed");

    Path release = project.resolve("app/target/mayfly");
    BundleVerifierOptions options = BundleVerifierOptions.builder()
        .teePolicyHash(simulatedPolicyHash())
        .approvalPolicy(ApprovalPolicy.parseJson(
            Files.readAllBytes(release.resolve("release.approvers.json"))))
        .trustedRoot(TrustedRoot.parseJson(
            Files.readAllBytes(release.resolve("trusted_root.json"))))
        .allowSimulatedEvidenceInsecure()
        .build();
    BundleVerifier verifier = BundleVerifier.create(options);
    Path publicKey = project.resolve("target/release.pub.pem");
    OpenSsl.Result extracted = OpenSsl.run(project, "x509", "-in",
        release.resolve("release.crt.pem").toString(), "-pubkey", "-noout", "-out",
        publicKey.toString());
    assertEquals(0, extracted.exitCode(), extracted.output());
    Set<String> sessions = new TreeSet<>();
    Set<String> certificates = new TreeSet<>();
    for (Path artifact : published) {
      Path bundle = sibling(artifact, ".sigstore.json");
      byte[] bytes = Files.readAllBytes(artifact);
      VerifiedArtifact verified = verifier.verify(bytes, Files.readAllBytes(bundle),
          Files.readAllBytes(sibling(artifact, ".mayfly.json")));
      assertTrue(MessageDigest.isEqual(sha256(bytes), verified.artifactSha256()), artifact + "");
      sessions.add(HexFormat.of().formatHex(verified.sessionId()));
      certificates.add(HexFormat.of().formatHex(sha256(verified.certificate().getEncoded())));
      // The certificate in the bundle is the release's one certificate.
      String bundled = JsonParser.parseString(Files.readString(bundle)).getAsJsonObject()
          .getAsJsonObject("verificationMaterial").getAsJsonObject("certificate")
          .get("rawBytes").getAsString();
      assertEquals(certificate, HexFormat.of().formatHex(sha256(Base64.getDecoder()
          .decode(bundled))), bundle + "");

      String js = sigstoreJs(bundle, release.resolve("trusted_root.json"), artifact);
      assertTrue(js.contains("VERIFIED"), () -> bundle + ": Sigstore JS says " + js);

      OpenSsl.Result openssl = OpenSsl.run(project, "pkeyutl", "-verify", "-rawin", "-pubin",
          "-inkey", publicKey.toString(), "-in", artifact.toString(), "-sigfile",
          sibling(artifact, ".sig").toString());
      assertEquals(0, openssl.exitCode(), () -> artifact + ": " + openssl.output());
      assertTrue(openssl.output().contains("Signature Verified Successfully"),
          openssl.output());

      mayflyVerify(release, artifact, "--bundle", bundle.toString());
    }
    assertEquals(Set.of(session), sessions, "one session id in every bundle, the logged one");
    assertEquals(Set.of(certificate), certificates, "one certificate, the logged one");

    // The first build's list (mayfly.listOnly) is exactly what the release build signed.
    assertEquals(listed(release.resolve("release-list.json")),
        listed(release.resolve("release.json")), "the approved list is the signed one");
    for (Path artifact : published) {
      Path copy = release.resolve("release").resolve(artifact.getFileName());
      assertTrue(MessageDigest.isEqual(Files.readAllBytes(artifact), Files.readAllBytes(copy)),
          copy + " differs from what was published");
    }
  }

  @Test
  void releaseJars_embed_publishedJarsPassJarsignerStrictAndTheVerifyGoal() throws Exception {
    Path project = it("release-jars");
    String log = log(project);
    assertEquals(2, occurrences(log, "BUILD SUCCESS"), "the release and the verify build");
    Matcher signed = onlyCeremony(log);
    String session = signed.group(2);
    String certificate = signed.group(3);
    assertEquals(1, occurrences(log, "jarSigning embed: 4 JARs also in the JAR format"));
    assertEquals(4, occurrences(log, "-> signed in the JAR format, published in its place: "),
        "each jar's line says how it was signed");

    Path release = project.resolve("app/target/mayfly");
    TrustedRoot root = TrustedRoot.parseJson(
        Files.readAllBytes(release.resolve("trusted_root.json")));
    BundleVerifier verifier = BundleVerifier.create(BundleVerifierOptions.builder()
        .teePolicyHash(simulatedPolicyHash())
        .approvalPolicy(ApprovalPolicy.parseJson(
            Files.readAllBytes(release.resolve("release.approvers.json"))))
        .trustedRoot(root)
        .allowSimulatedEvidenceInsecure()
        .build());
    Path truststore = truststore(project.resolve("target"), root);
    com.google.gson.JsonObject summary = JsonParser.parseString(
        Files.readString(release.resolve("release.json"))).getAsJsonObject();
    assertEquals("embed", summary.get("jarSigning").getAsString());

    List<Path> published = published(project.resolve("target/staging"));
    // parent POM, the POM and jar of each module, and lib-core's api jar
    assertEquals(8, published.size(), () -> "published: " + published);
    Set<String> sessions = new TreeSet<>();
    Set<String> certificates = new TreeSet<>();
    int jars = 0;
    for (Path artifact : published) {
      String name = artifact.getFileName().toString();
      byte[] bytes = Files.readAllBytes(artifact);
      byte[] evidence = Files.readAllBytes(sibling(artifact, ".mayfly.json"));
      VerifiedArtifact verified;
      if (name.endsWith(".jar")) {
        jars++;
        assertFalse(Files.exists(artifact.resolveSibling(name + ".sigstore.json")), name);
        assertFalse(Files.exists(artifact.resolveSibling(name + ".sig")), name);
        verified = verifier.verifySignedJar(bytes, name, evidence);
        com.google.gson.JsonObject entry = summaryEntry(summary, name);
        assertEquals("jar-signature", entry.get("published").getAsString());
        assertEquals(HexFormat.of().formatHex(sha256(bytes)),
            entry.get("publishedSha256").getAsString(), name + ": the published bytes");
        assertEquals(entry.get("sha256").getAsString(),
            HexFormat.of().formatHex(verified.artifactSha256()), name + ": the approved digest");
        assertFalse(MessageDigest.isEqual(sha256(bytes), verified.artifactSha256()),
            name + ": the published JAR is the approved one plus its signature");

        OpenSsl.Result result = jarsignerVerify(project.resolve("target"), truststore, artifact);
        assertEquals(0, result.exitCode(), () -> name + ": " + result.output());
        assertTrue(result.output().contains("jar verified."), result.output());
        assertTrue(result.output().contains("Timestamped by"), result.output());
        for (String bad : new String[] {"unsigned entries", "not been integrity-checked",
            "Warning", "not signed by", "self-signed", "chain is invalid"}) {
          assertFalse(result.output().contains(bad), name + ": " + bad + " in:\n"
              + result.output());
        }
        Path tampered = project.resolve("target/tampered-" + name);
        Files.write(tampered, TestJars.rewrite(bytes, entries -> {
          String victim = entries.keySet().stream().filter(e -> e.endsWith(".class"))
              .findFirst().orElseThrow();
          byte[] changed = entries.get(victim).clone();
          changed[changed.length - 1] ^= 1;
          entries.put(victim, changed);
          return entries;
        }));
        OpenSsl.Result refused = jarsignerVerify(project.resolve("target"), truststore,
            tampered);
        assertEquals(1, refused.exitCode(), () -> tampered + ": " + refused.output());
        assertTrue(refused.output().contains("digest error"), refused.output());
        assertTrue(log.contains("mayfly: OK " + name + " (signed JAR, every entry verified)"),
            "the verify goal checked " + name);
        mayflyVerify(release, artifact, "--signed-jar");
      } else {
        verified = verifier.verify(bytes, Files.readAllBytes(sibling(artifact,
            ".sigstore.json")), evidence);
        assertTrue(MessageDigest.isEqual(sha256(bytes), verified.artifactSha256()), name);
        assertTrue(log.contains("mayfly: OK " + name + ".sigstore.json: "),
            "the verify goal checked " + name);
        mayflyVerify(release, artifact, "--bundle", sibling(artifact, ".sigstore.json")
            .toString());
      }
      sessions.add(HexFormat.of().formatHex(verified.sessionId()));
      certificates.add(HexFormat.of().formatHex(sha256(verified.certificate().getEncoded())));
    }
    assertEquals(4, jars);
    assertEquals(Set.of(session), sessions, "one session id for every artifact, the logged one");
    assertEquals(Set.of(certificate), certificates, "one certificate, the logged one");
    assertTrue(log.contains("mayfly: 4 bundles and 4 signed JARs verified"), "the verify goal");
  }

  /**
   * Runs {@code mayfly verify} on a published artifact, with the release's approval policy and
   * trusted root and the simulated TEE policy hash, its evidence beside it, and {@code how} (the
   * bundle, or {@code --signed-jar}); it must say OK.
   */
  private static void mayflyVerify(Path release, Path artifact, String... how) throws Exception {
    List<String> args = new ArrayList<>(List.of("verify", "--artifact", artifact.toString(),
        "--evidence", sibling(artifact, ".mayfly.json").toString(),
        "--policy-hash", HexFormat.of().formatHex(simulatedPolicyHash()),
        "--approvers", release.resolve("release.approvers.json").toString(),
        "--trusted-root", release.resolve("trusted_root.json").toString(),
        "--allow-simulated"));
    args.addAll(List.of(how));
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
    int exit = dev.mayfly.cli.MayflyCommand.run(args.toArray(String[]::new),
        new java.io.PrintStream(out, true, StandardCharsets.UTF_8),
        new java.io.PrintStream(err, true, StandardCharsets.UTF_8));
    String said = out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
    assertEquals(0, exit, () -> "mayfly " + String.join(" ", args) + ":\n" + said);
    assertTrue(said.contains("OK: " + artifact.getFileName()), said);
  }

  /**
   * The one {@code mayfly: signed} line of {@code log}: group 1 the count, 2 the session id, 3 the
   * certificate's SHA-256.
   */
  private static Matcher onlyCeremony(String log) {
    Matcher signed = SIGNED.matcher(log);
    assertTrue(signed.find(), "no 'mayfly: signed' line in the log");
    Matcher again = SIGNED.matcher(log);
    again.find();
    assertFalse(again.find(), "more than one ceremony in the log");
    return signed;
  }

  private static com.google.gson.JsonObject summaryEntry(com.google.gson.JsonObject summary,
      String name) {
    for (com.google.gson.JsonElement element : summary.getAsJsonArray("artifacts")) {
      if (element.getAsJsonObject().get("name").getAsString().equals(name)) {
        return element.getAsJsonObject();
      }
    }
    throw new AssertionError(name + " is not in release.json");
  }

  /** A PKCS12 truststore with the test CA's root and the test TSA's root, as jarsigner reads it. */
  private static Path truststore(Path dir, TrustedRoot root) throws Exception {
    java.security.KeyStore store = java.security.KeyStore.getInstance("PKCS12");
    store.load(null, null);
    List<java.security.cert.X509Certificate> ca = root.certificateAuthorities().get(0);
    store.setCertificateEntry("mayfly-test-ca", ca.get(ca.size() - 1));
    List<java.security.cert.X509Certificate> tsa = root.timestampAuthorities().get(0);
    store.setCertificateEntry("mayfly-test-tsa-root", tsa.get(tsa.size() - 1));
    Path file = dir.resolve("truststore.p12");
    try (java.io.OutputStream out = Files.newOutputStream(file)) {
      store.store(out, STORE_PASSWORD.toCharArray());
    }
    return file;
  }

  private static OpenSsl.Result jarsignerVerify(Path dir, Path truststore, Path jar)
      throws Exception {
    return JdkTools.run(dir, "jarsigner", "-verify", "-strict", "-verbose", "-keystore",
        truststore.toString(), "-storetype", "PKCS12", "-storepass", STORE_PASSWORD,
        jar.toString());
  }

  /** The names and digests of a list or summary the plugin wrote. */
  private static Set<String> listed(Path file) throws IOException {
    com.google.gson.JsonElement root = JsonParser.parseString(Files.readString(file));
    com.google.gson.JsonArray entries = root.isJsonArray() ? root.getAsJsonArray()
        : root.getAsJsonObject().getAsJsonArray("artifacts");
    Set<String> names = new TreeSet<>();
    entries.forEach(e -> names.add(e.getAsJsonObject().get("name").getAsString() + " "
        + e.getAsJsonObject().get("sha256").getAsString()));
    return names;
  }

  @Test
  void releaseAbort_missingApproval_failsTheBuildWithTheCode() throws Exception {
    Path project = it("release-abort");
    String log = log(project);
    assertEquals("APPROVAL_QUORUM_NOT_MET", failure(log, "sign").group(3));
    assertTrue(log.contains("mayfly: the release ceremony failed with APPROVAL_QUORUM_NOT_MET"),
        "the abort is logged");
    assertFalse(Files.exists(project.resolve("target/mayfly")), "nothing written on abort");
  }

  @Test
  void verifyTampered_appendedByte_refusedWithTheCode() throws Exception {
    Path project = it("verify-tampered");
    String log = log(project);
    assertTrue(log.contains("mayfly: OK verify-tampered-1.0.0.jar.sigstore.json"),
        "the intact copy verifies");
    assertEquals(1, occurrences(log, "mayfly: REFUSED "), "only the tampered copy is refused");
    Matcher failed = failure(log, "verify");
    assertEquals("verify-tampered", failed.group(2));
    assertEquals("CERT_ARTIFACT_MISMATCH", failed.group(3));
  }

  @Test
  void simulationMissing_noPluginDependency_failsNamingTheArtifact() throws Exception {
    Path project = it("simulation-missing");
    String log = log(project);
    assertEquals("CONFIG_INVALID", failure(log, "sign").group(3));
    assertTrue(log.contains("mode local-simulated-insecure needs dev.mayfly:mayfly-simulation:"),
        "the failure names the artifact to add");
    assertFalse(Files.exists(project.resolve("target/mayfly")), "nothing written");
  }

  @Test
  void simulatedPolicyHash_ofTheItPoms_isTheSimulationsPolicy() throws Exception {
    // verify-tampered pins this hash (filtered from the plugin's pom); it must be the policy the
    // simulated parties run, recomputed here.
    String pom = Files.readString(it("verify-tampered").resolve("pom.xml"));
    assertTrue(pom.contains("<policyHash>" + HexFormat.of().formatHex(simulatedPolicyHash())
        + "</policyHash>"), "the IT pom pins another policy hash");
  }

  /**
   * The failure of mayfly:{@code goal} in {@code log}: group 2 is the execution id, group 3 the
   * Mayfly error code that starts the message.
   */
  private static Matcher failure(String log, String goal) {
    Matcher failed = FAILED.matcher(log);
    assertTrue(failed.find(), "no failure of mayfly:" + goal + " in the log");
    assertEquals(goal, failed.group(1));
    return failed;
  }

  private static byte[] simulatedPolicyHash() throws Exception {
    return TeePolicy.builder().products(List.of(Product.MILAN))
        .allowMeasurement(LocalCeremony.SIMULATED_MEASUREMENT).build().hash();
  }

  private static List<Path> published(Path repository) throws IOException {
    assertTrue(Files.isDirectory(repository), "nothing deployed to " + repository);
    try (Stream<Path> files = Files.walk(repository)) {
      return files.filter(Files::isRegularFile)
          .filter(f -> !f.getFileName().toString().startsWith("maven-metadata"))
          .filter(f -> NOT_ARTIFACTS.stream().noneMatch(f.getFileName().toString()::endsWith))
          .sorted().toList();
    }
  }

  private static Path sibling(Path artifact, String suffix) {
    Path file = artifact.resolveSibling(artifact.getFileName() + suffix);
    assertTrue(Files.isRegularFile(file), "not published: " + file);
    return file;
  }

  private static int occurrences(String text, String needle) {
    int count = 0;
    for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
      count++;
    }
    return count;
  }

  /** Runs the official Sigstore JavaScript verifier; its output (VERIFIED or REFUSED ...). */
  private static String sigstoreJs(Path bundle, Path trustedRoot, Path artifact)
      throws IOException, InterruptedException {
    String dir = System.getProperty("sigstore.js.dir");
    assertTrue(dir != null, "sigstore.js.dir is not set");
    assertTrue(Files.isDirectory(Path.of(dir, "node_modules/@sigstore/verify")),
        "@sigstore/verify is not installed in " + dir);
    List<String> command = new ArrayList<>(List.of("node", "verify.cjs",
        bundle.toAbsolutePath().toString(), trustedRoot.toAbsolutePath().toString(),
        artifact.toAbsolutePath().toString()));
    Process process = new ProcessBuilder(command).directory(Path.of(dir).toFile())
        .redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IOException("node timed out");
    }
    return process.exitValue() + " " + output;
  }

  private static byte[] sha256(byte[] bytes) throws Exception {
    return MessageDigest.getInstance("SHA-256").digest(bytes);
  }
}

package dev.mayfly.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.mayfly.common.ErrorCode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * Issue 11, "Done when": real {@code mayfly party serve} processes (separate JVMs) on loopback
 * with simulated attestation under one shared simulated authority file, and {@code mayfly sign}
 * against them. Five parties are configured with each other and with a sixth that runs another
 * TEE policy; the cases share the processes (2-of-3 sessions use parties 1 to 3).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 240, unit = TimeUnit.SECONDS)
// Beside the module's other test classes (pom.xml); the class-wide lock keeps its own ordered
// tests one after another, since they share the party processes.
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock("PartyProcessTest.parties")
class PartyProcessTest {
  private static final int PARTIES = 5;
  private static final int OTHER = 6;
  private static final int PHASE_TIMEOUT_SECONDS = 8;

  @TempDir
  static Path dir;

  private final int[] peerPorts = new int[OTHER + 1];
  private final int[] clientPorts = new int[OTHER + 1];
  private final Map<Integer, Process> processes = new TreeMap<>();
  private Path artifact;
  private List<String> approvals;
  private String policyHash;

  @BeforeAll
  void startParties() throws Exception {
    String measurement = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-384")
        .digest("mayfly party image under test".getBytes(StandardCharsets.UTF_8)));
    Files.writeString(dir.resolve("policy.json"), "{\"version\": 1, \"products\": [\"Milan\"],"
        + " \"measurements\": [\"" + measurement + "\"]}");
    Files.writeString(dir.resolve("other-policy.json"), "{\"version\": 1, \"products\":"
        + " [\"Milan\"], \"measurements\": [\"" + measurement + "\"], \"allowDebug\": true}");
    policyHash = ok("policy", "hash", "--policy", path("policy.json")).out().strip();
    ok("approval", "keygen", "--out", path("alice"));
    ok("approval", "keygen", "--out", path("bob"));
    ok("approval", "policy", "--approver", "alice=" + path("alice.pub.pem"), "--approver",
        "bob=" + path("bob.pub.pem"), "--quorum", "2", "--out", path("approvers.json"));
    artifact = dir.resolve("release.bin");
    Files.write(artifact, "a release built for the process test\n".getBytes(
        StandardCharsets.UTF_8));
    for (String who : List.of("alice", "bob")) {
      ok("approval", "sign", "--key", path(who + ".key.pem"), "--approver", who, "--artifact",
          artifact.toString(), "--policy-hash", policyHash, "--change", "CR-11",
          "--out", path(who + ".approval.json"));
    }
    approvals = List.of(path("alice.approval.json"), path("bob.approval.json"));
    ok("party", "simulated-authority-insecure", "--out", path("authority.bin"));
    for (int i = 1; i <= OTHER; i++) {
      peerPorts[i] = freePort();
      clientPorts[i] = freePort();
    }
    for (int i = 1; i <= OTHER; i++) {
      writePartyConfig(i);
    }
    List<CompletableFuture<Void>> started = new ArrayList<>();
    for (int i = 1; i <= OTHER; i++) {
      int id = i;
      started.add(CompletableFuture.runAsync(() -> start(id)));
    }
    started.forEach(CompletableFuture::join);
  }

  @AfterAll
  void stopParties() throws Exception {
    // SIGTERM: every process stops gracefully and exits 0.
    processes.values().removeIf(process -> !process.isAlive());
    processes.values().forEach(Process::destroy);
    for (Map.Entry<Integer, Process> entry : processes.entrySet()) {
      Process process = entry.getValue();
      boolean ended = process.waitFor(30, TimeUnit.SECONDS);
      if (!ended) {
        process.destroyForcibly();
      }
      assertTrue(ended, "party " + entry.getKey() + " did not stop on SIGTERM");
      assertEquals(0, process.exitValue(), "party " + entry.getKey() + " exit code");
      assertTrue(Files.readString(dir.resolve("party" + entry.getKey() + ".err"))
          .contains("event=stopped"), "party " + entry.getKey() + " logged no event=stopped");
    }
  }

  @Test
  @Order(1)
  void sign_ed25519TwoOfThree_opensslVerifies() throws Exception {
    Path out = dir.resolve("out-ed25519");
    CliRun run = sign(signConfig("sign-ed25519.json", "ed25519", 2, 1, 2, 3), out, false);
    assertEquals(0, run.exitCode(), run.out() + run.err());
    assertTrue(run.out().contains("== DESTROY"), run.out());
    openssl("pkeyutl", "-verify", "-rawin", "-pubin", "-inkey", out + "/release.bin.pub.pem",
        "-in", artifact.toString(), "-sigfile", out + "/release.bin.sig");
    CliRun verify = CliRun.run("verify", "--artifact", artifact.toString(), "--bundle",
        out + "/release.bin.sigstore.json", "--policy-hash", policyHash, "--approvers",
        path("approvers.json"), "--allow-simulated");
    assertEquals(0, verify.exitCode(), verify.err());
  }

  @Test
  @Order(2)
  void sign_ecdsaTwoOfThree_opensslVerifies() throws Exception {
    Path out = dir.resolve("out-ecdsa");
    CliRun run = sign(signConfig("sign-ecdsa.json", "ecdsa-p256", 2, 3, 4, 5), out, true);
    assertEquals(0, run.exitCode(), run.out() + run.err());
    assertEquals("signed", json(run).get("status").getAsString());
    openssl("dgst", "-sha256", "-verify", out + "/release.bin.pub.pem", "-signature",
        out + "/release.bin.sig", artifact.toString());
  }

  @Test
  @Order(3)
  void sign_ed25519ThreeOfFive_opensslVerifies() throws Exception {
    Path out = dir.resolve("out-3of5");
    CliRun run = sign(signConfig("sign-3of5.json", "ed25519", 3, 1, 2, 3, 4, 5), out, true);
    assertEquals(0, run.exitCode(), run.out() + run.err());
    JsonObject parties = json(run).getAsJsonObject("parties");
    assertEquals(5, parties.size());
    openssl("pkeyutl", "-verify", "-rawin", "-pubin", "-inkey", out + "/release.bin.pub.pem",
        "-in", artifact.toString(), "-sigfile", out + "/release.bin.sig");
  }

  @Test
  @Order(4)
  void sign_partyWithAnotherPolicy_abortsNamingIt() throws Exception {
    Path out = dir.resolve("out-policy");
    CliRun run = sign(signConfig("sign-policy.json", "ed25519", 2, 1, 2, OTHER), out, true);
    assertEquals(1, run.exitCode(), run.out() + run.err());
    assertTrue(run.err().contains("\nerror: "
        + ErrorCode.TRANSPORT_POLICY_HASH_MISMATCH.name()), run.err());
    assertTrue(run.err().contains("party " + OTHER), run.err());
    assertFalse(Files.exists(out), "nothing is written");
    // Its peers refuse it too, and it refuses them: the background peer checks both ways.
    waitForLog(OTHER, "peer-unavailable party=" + OTHER + " peer=1 code="
        + ErrorCode.TRANSPORT_POLICY_HASH_MISMATCH.name());
    waitForLog(1, "peer-unavailable party=1 peer=" + OTHER + " code="
        + ErrorCode.TRANSPORT_POLICY_HASH_MISMATCH.name());
  }

  @Test
  @Order(5)
  void sign_partyKilledDuringDkg_othersAgreeNothingWrittenAndRestartSigns() throws Exception {
    Path out = dir.resolve("out-kill");
    Path config = signConfig("sign-kill.json", "ecdsa-p256", 2, 1, 2, 3);
    Path log = dir.resolve("party2.err");
    long before = Files.readString(log).lines().filter(l -> l.contains("phase=DKG kind=STARTED"))
        .count();
    long started = System.nanoTime();
    CompletableFuture<CliRun> signing = CompletableFuture.supplyAsync(() -> sign(config, out,
        true));
    // kill -9 party 2 as soon as it starts the DKG.
    while (Files.readString(log).lines().filter(l -> l.contains("phase=DKG kind=STARTED"))
        .count() == before) {
      assertFalse(signing.isDone(), "the session ended before party 2 started its DKG: "
          + (signing.isDone() ? signing.join().out() : ""));
      Thread.sleep(2);
    }
    processes.get(2).destroyForcibly();
    CliRun run = signing.get(120, TimeUnit.SECONDS);
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    assertEquals(1, run.exitCode(), run.out() + run.err());
    assertFalse(Files.exists(out), "nothing is written");
    JsonObject parties = json(run).getAsJsonObject("parties");
    JsonObject one = parties.getAsJsonObject("1");
    JsonObject three = parties.getAsJsonObject("3");
    assertEquals("aborted", one.get("outcome").getAsString(), run.out());
    assertEquals("aborted", three.get("outcome").getAsString(), run.out());
    assertEquals(one.get("record").getAsString(), three.get("record").getAsString(),
        "the same outcome record: " + run.out());
    assertEquals("DKG", one.get("phase").getAsString(), run.out());
    assertTrue(one.toString().contains("\"accused\":[2]"), one.toString());
    assertEquals("failed", parties.getAsJsonObject("2").get("outcome").getAsString());
    // Within the deadline: one phase, the abort window and the slack of a loaded machine.
    assertTrue(took.compareTo(Duration.ofSeconds(PHASE_TIMEOUT_SECONDS + 3 + 20)) < 0,
        "took " + took);

    start(2);
    Path again = dir.resolve("out-restarted");
    CliRun rerun = sign(config, again, true);
    assertEquals(0, rerun.exitCode(), rerun.out() + rerun.err());
    openssl("dgst", "-sha256", "-verify", again + "/release.bin.pub.pem", "-signature",
        again + "/release.bin.sig", artifact.toString());
  }

  // ------------------------------------------------------------------------------ helpers

  private void writePartyConfig(int id) throws IOException {
    boolean other = id == OTHER;
    String peers = java.util.stream.IntStream.rangeClosed(1, OTHER).filter(p -> p != id)
        .mapToObj(p -> "{\"id\": " + p + ", \"address\": \"127.0.0.1:" + peerPorts[p] + "\"}")
        .collect(Collectors.joining(", "));
    Files.writeString(dir.resolve("party" + id + ".json"), "{\n"
        + "  \"version\": 1,\n"
        + "  \"party\": {\"id\": " + id + ", \"name\": \"party-" + id + "\"},\n"
        + "  \"listen\": \"127.0.0.1:" + peerPorts[id] + "\",\n"
        + "  \"clientListen\": \"127.0.0.1:" + clientPorts[id] + "\",\n"
        + "  \"peers\": [" + peers + "],\n"
        + "  \"teePolicy\": \"" + (other ? "other-policy.json" : "policy.json") + "\",\n"
        + "  \"approvalPolicy\": \"approvers.json\",\n"
        + "  \"evidence\": {\"provider\": \"simulated-insecure\","
        + " \"simulatedAuthorityFileInsecure\": \"authority.bin\"},\n"
        + "  \"deadlines\": {\"phaseTimeoutSeconds\": " + PHASE_TIMEOUT_SECONDS
        + ", \"abortWindowSeconds\": 3, \"shutdownGraceSeconds\": 5, \"callTimeoutSeconds\": 2}\n"
        + "}\n");
  }

  private Path signConfig(String name, String algorithm, int threshold, int... parties)
      throws IOException {
    String list = java.util.Arrays.stream(parties)
        .mapToObj(p -> "{\"id\": " + p + ", \"address\": \"127.0.0.1:" + clientPorts[p] + "\"}")
        .collect(Collectors.joining(", "));
    Path file = dir.resolve(name);
    Files.writeString(file, "{\n"
        + "  \"version\": 1,\n"
        + "  \"parties\": [" + list + "],\n"
        + "  \"threshold\": " + threshold + ",\n"
        + "  \"algorithm\": \"" + algorithm + "\",\n"
        + "  \"teePolicy\": \"policy.json\",\n"
        + "  \"teePolicyHash\": \"" + policyHash + "\",\n"
        + "  \"approvalPolicy\": \"approvers.json\",\n"
        + "  \"timestampAuthority\": {\"testAuthorityInsecure\": true},\n"
        + "  \"attestation\": {\"simulatedAuthorityFileInsecure\": \"authority.bin\"},\n"
        + "  \"deadlines\": {\"connectTimeoutSeconds\": 30, \"sessionTimeoutSeconds\": 120}\n"
        + "}\n");
    return file;
  }

  private CliRun sign(Path config, Path out, boolean json) {
    List<String> args = new ArrayList<>(List.of("sign", "--config", config.toString(),
        "--artifact", artifact.toString(), "--approvals"));
    args.addAll(approvals);
    args.addAll(List.of("--out", out.toString()));
    if (json) {
      args.add("--json");
    }
    return CliRun.run(args.toArray(String[]::new));
  }

  private static JsonObject json(CliRun run) {
    return JsonParser.parseString(run.out()).getAsJsonObject();
  }

  /** Starts party {@code id} and waits for its ready line. */
  private void start(int id) {
    try {
      String classPath = System.getProperty("surefire.test.class.path",
          System.getProperty("java.class.path"));
      Path javaBin = Path.of(System.getProperty("java.home"), "bin", "java");
      // The JVM flags ./mayfly starts every command with (JVM_FLAGS there): compiling with C1
      // only takes a quarter less CPU than the default, which counts with six parties starting.
      ProcessBuilder builder = new ProcessBuilder(javaBin.toString(), "-Xmx256m",
          "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", classPath, "dev.mayfly.cli.Main",
          "party", "serve",
          "--config", path("party" + id + ".json"))
          .redirectError(ProcessBuilder.Redirect.appendTo(dir.resolve("party" + id + ".err")
              .toFile()));
      Process process = builder.start();
      synchronized (processes) {
        processes.put(id, process);
      }
      BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
          StandardCharsets.UTF_8));
      CompletableFuture<String> ready = CompletableFuture.supplyAsync(() -> {
        try {
          return lines.readLine();
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
      String line = ready.get(90, TimeUnit.SECONDS);
      assertNotNull(line, "party " + id + " ended: " + Files.readString(dir.resolve("party" + id
          + ".err")));
      assertTrue(line.startsWith("mayfly party " + id + " ready: peers 127.0.0.1:"
          + peerPorts[id] + ", clients 127.0.0.1:" + clientPorts[id]), line);
    } catch (Exception e) {
      throw new IllegalStateException("party " + id + " did not start", e);
    }
  }

  private void waitForLog(int party, String text) throws Exception {
    Path log = dir.resolve("party" + party + ".err");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!Files.readString(log).contains(text)) {
      assertTrue(System.nanoTime() < deadline, "party " + party + " never logged '" + text
          + "':\n" + Files.readString(log));
      Thread.sleep(100);
    }
  }

  private static void openssl(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("openssl"));
    command.addAll(List.of(args));
    Process process;
    try {
      process = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      assumeTrue(false, "openssl is not installed");
      return;
    }
    String said = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(30, TimeUnit.SECONDS));
    assertEquals(0, process.exitValue(), said);
    assertTrue(said.contains("Verified OK") || said.contains("Signature Verified Successfully"),
        said);
  }

  private static String path(String name) {
    return dir.resolve(name).toString();
  }

  private static CliRun ok(String... args) {
    CliRun run = CliRun.run(args);
    assertEquals(0, run.exitCode(), String.join(" ", args) + ": " + run.out() + run.err());
    return run;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}

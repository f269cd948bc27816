package dev.mayfly.bench.party;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.mayfly.approval.ApprovalPolicy;
import dev.mayfly.approval.ApprovalSigner;
import dev.mayfly.approval.ApprovalStatement;
import dev.mayfly.approval.ApproverSet;
import dev.mayfly.approval.keys.ApproverSigningKey;
import dev.mayfly.approval.keys.KeyAlgorithm;
import dev.mayfly.ceremony.CeremonyOutput;
import dev.mayfly.simulation.ceremony.LocalCeremony;
import dev.mayfly.cert.verify.BundleVerifier;
import dev.mayfly.cert.verify.BundleVerifierOptions;
import dev.mayfly.party.PartyServer;
import dev.mayfly.party.SignConfig;
import dev.mayfly.party.SigningClient;
import dev.mayfly.snp.abi.Product;
import dev.mayfly.snp.validate.TeePolicy;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Load on loopback (issue 11): three {@code mayfly party serve} processes with simulated
 * attestation, and this JVM as the signing client. Measures, in one run: a warm in-memory
 * ceremony ({@link LocalCeremony} plus the same bundle verification the client does); one
 * ceremony at a time over loopback; then N ceremonies at concurrency C (default 200 at 20), with
 * p50, p99, throughput, failures and each party's peak RSS (VmHWM). Not JMH: a load test of
 * processes. Writes a JSON file.
 *
 * <pre>
 * mvn -B -o -pl benchmarks -am package -DskipTests
 * java -cp benchmarks/target/benchmarks.jar dev.mayfly.bench.party.LoopbackLoad \
 *     benchmarks/results/DATE-CPU-jdk17-loopback.json [ceremonies] [concurrency]
 * </pre>
 */
public final class LoopbackLoad {
  private static final byte[] ARTIFACT = "a release signed under load\n"
      .getBytes(StandardCharsets.UTF_8);
  private static final int PARTIES = 3;
  private static final String PARTY_HEAP = "-Xmx256m";

  private LoopbackLoad() {}

  public static void main(String[] args) throws Exception {
    Path out = Path.of(args.length > 0 ? args[0] : "loopback-load.json");
    int ceremonies = args.length > 1 ? Integer.parseInt(args[1]) : 200;
    int concurrency = args.length > 2 ? Integer.parseInt(args[2]) : 20;
    int warmup = 30;
    int sequential = 30;
    Path dir = Files.createTempDirectory("mayfly-loopback-load");
    List<byte[]> approvals = setUp(dir);
    List<Process> parties = new ArrayList<>();
    JsonObject result = new JsonObject();
    try {
      for (int i = 1; i <= PARTIES; i++) {
        parties.add(start(dir, i));
      }
      JsonObject inMemory = inMemory(warmup, sequential);
      try (SigningClient client = SigningClient.create(SignConfig.read(dir.resolve("sign.json")))) {
        for (int i = 0; i < warmup; i++) {
          client.sign("artifact.txt", ARTIFACT, approvals);
        }
        List<Long> one = new ArrayList<>();
        for (int i = 0; i < sequential; i++) {
          long start = System.nanoTime();
          client.sign("artifact.txt", ARTIFACT, approvals);
          one.add(System.nanoTime() - start);
        }
        JsonObject loopback = stats(one);
        loopback.addProperty("ceremonies", sequential);
        loopback.addProperty("concurrency", 1);
        JsonObject load = load(client, approvals, ceremonies, concurrency);
        result.add("inMemoryWarm", inMemory);
        result.add("loopbackOneAtATime", loopback);
        result.add("loopbackLoad", load);
        result.addProperty("ratioLoopbackP50ToInMemoryP50",
            loopback.get("p50Ms").getAsDouble() / inMemory.get("p50Ms").getAsDouble());
      }
      JsonArray rss = new JsonArray();
      for (Process party : parties) {
        rss.add(peakRssMiB(party.pid()));
      }
      result.add("partyPeakRssMiB", rss);
      result.addProperty("clientPeakRssMiB", peakRssMiB(ProcessHandle.current().pid()));
    } finally {
      parties.forEach(Process::destroy);
      for (Process party : parties) {
        party.waitFor(30, TimeUnit.SECONDS);
      }
    }
    JsonObject machine = new JsonObject();
    machine.addProperty("cpus", Runtime.getRuntime().availableProcessors());
    machine.addProperty("cpu", cpuModel());
    machine.addProperty("jdk", System.getProperty("java.vm.name") + " "
        + System.getProperty("java.version"));
    machine.addProperty("partyJvm", PARTY_HEAP + " -XX:+UseSerialGC");
    machine.addProperty("note", "shared 2-core machine, other builds running: noisy");
    result.add("machine", machine);
    result.addProperty("date", Instant.now().toString());
    result.addProperty("algorithm", "ed25519");
    result.addProperty("parties", PARTIES);
    result.addProperty("threshold", 2);
    result.addProperty("attestation", "SIMULATED");
    String json = new GsonBuilder().setPrettyPrinting().create().toJson(result);
    Files.writeString(out, json + "\n");
    System.out.println(json);
  }

  private static JsonObject inMemory(int warmup, int runs) throws Exception {
    List<Long> times = new ArrayList<>();
    try (LocalCeremony ceremony = LocalCeremony.builder().parties(PARTIES).threshold(2)
        .artifact("artifact.txt", ARTIFACT).build()) {
      for (int i = 0; i < warmup + runs; i++) {
        long start = System.nanoTime();
        LocalCeremony.Outcome outcome = ceremony.run();
        CeremonyOutput output = outcome.output().orElseThrow();
        BundleVerifier.create(BundleVerifierOptions.builder()
            .teePolicyHash(outcome.proposal().teePolicyHash())
            .approvalPolicy(outcome.proposal().approvalPolicy())
            .allowSimulatedEvidenceInsecure().trustRecordedTimestampAuthorityInsecure().build())
            .verify(ARTIFACT, output.sigstoreBundle(),
                output.evidence());
        if (i >= warmup) {
          times.add(System.nanoTime() - start);
        }
      }
    }
    JsonObject stats = stats(times);
    stats.addProperty("ceremonies", runs);
    stats.addProperty("what", "LocalCeremony.run (3 parties on threads, in-memory transport,"
        + " assembly with the test TSA) + BundleVerifier, in the client JVM");
    return stats;
  }

  private static JsonObject load(SigningClient client, List<byte[]> approvals, int ceremonies,
      int concurrency) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(concurrency);
    List<Long> times = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger failures = new AtomicInteger();
    List<String> failureCodes = Collections.synchronizedList(new ArrayList<>());
    long start = System.nanoTime();
    List<Future<?>> running = new ArrayList<>();
    for (int i = 0; i < ceremonies; i++) {
      running.add(pool.submit(() -> {
        long begin = System.nanoTime();
        try {
          client.sign("artifact.txt", ARTIFACT, approvals);
          times.add(System.nanoTime() - begin);
        } catch (Exception e) {
          failures.incrementAndGet();
          failureCodes.add(String.valueOf(e.getMessage()));
        }
        return null;
      }));
    }
    for (Future<?> future : running) {
      future.get();
    }
    long wall = System.nanoTime() - start;
    pool.shutdown();
    JsonObject stats = stats(times);
    stats.addProperty("ceremonies", ceremonies);
    stats.addProperty("concurrency", concurrency);
    stats.addProperty("failures", failures.get());
    JsonArray codes = new JsonArray();
    failureCodes.stream().limit(5).forEach(codes::add);
    stats.add("firstFailures", codes);
    stats.addProperty("wallSeconds", wall / 1e9);
    stats.addProperty("throughputPerSecond", ceremonies / (wall / 1e9));
    return stats;
  }

  private static JsonObject stats(List<Long> nanos) {
    List<Long> sorted = new ArrayList<>(nanos);
    Collections.sort(sorted);
    JsonObject stats = new JsonObject();
    if (sorted.isEmpty()) {
      return stats;
    }
    stats.addProperty("p50Ms", percentile(sorted, 0.50));
    stats.addProperty("p99Ms", percentile(sorted, 0.99));
    stats.addProperty("minMs", sorted.get(0) / 1e6);
    stats.addProperty("maxMs", sorted.get(sorted.size() - 1) / 1e6);
    stats.addProperty("meanMs", sorted.stream().mapToLong(Long::longValue).average()
        .orElse(0) / 1e6);
    return stats;
  }

  /** The nearest-rank percentile, in milliseconds. */
  private static double percentile(List<Long> sorted, double p) {
    int rank = (int) Math.ceil(p * sorted.size());
    return sorted.get(Math.max(0, rank - 1)) / 1e6;
  }

  private static double peakRssMiB(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith("VmHWM:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
      }
    }
    return -1;
  }

  private static String cpuModel() {
    try {
      return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
          .filter(l -> l.startsWith("model name")).findFirst()
          .map(l -> l.substring(l.indexOf(':') + 1).strip()).orElse("unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static Process start(Path dir, int id) throws Exception {
    String classPath = System.getProperty("java.class.path");
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process process = new ProcessBuilder(java.toString(), PARTY_HEAP, "-XX:+UseSerialGC", "-cp",
        classPath, "dev.mayfly.cli.Main", "party", "serve", "--quiet-audit", "--config",
        dir.resolve("party" + id + ".json").toString())
        .redirectError(ProcessBuilder.Redirect.appendTo(dir.resolve("party" + id + ".err")
            .toFile()))
        .start();
    String line = new BufferedReader(new InputStreamReader(process.getInputStream(),
        StandardCharsets.UTF_8)).readLine();
    if (line == null || !line.contains("ready")) {
      throw new IllegalStateException("party " + id + " did not start: "
          + Files.readString(dir.resolve("party" + id + ".err")));
    }
    return process;
  }

  /** Policy, approvers and approvals, a simulated authority, and the configurations. */
  private static List<byte[]> setUp(Path dir) throws Exception {
    byte[] measurement = MessageDigest.getInstance("SHA-384")
        .digest("loopback load image".getBytes(StandardCharsets.UTF_8));
    TeePolicy policy = TeePolicy.builder().products(List.of(Product.MILAN))
        .allowMeasurement(measurement).build();
    Files.writeString(dir.resolve("policy.json"), policy.toJson());
    SecureRandom random = new SecureRandom();
    List<byte[]> approvals = new ArrayList<>();
    try (ApproverSigningKey alice = ApproverSigningKey.generate(KeyAlgorithm.ED25519, random);
        ApproverSigningKey bob = ApproverSigningKey.generate(KeyAlgorithm.ED25519, random)) {
      ApprovalPolicy approvers = ApprovalPolicy.builder().approvers(ApproverSet.builder()
          .approver("alice", alice.publicKey()).approver("bob", bob.publicKey()).build())
          .quorum(2).build();
      Files.write(dir.resolve("approvers.json"), approvers.toJsonBytes());
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(ARTIFACT);
      Instant now = Instant.now();
      for (ApproverSigningKey key : List.of(alice, bob)) {
        byte[] nonce = new byte[32];
        random.nextBytes(nonce);
        approvals.add(ApprovalSigner.create(key).sign(ApprovalStatement.builder()
            .artifact("artifact.txt", digest).approverId(key == alice ? "alice" : "bob")
            .changeRef("bench://loopback").teePolicyHash(policy.hash())
            .validity(now.minus(Duration.ofHours(1)), now.plus(Duration.ofHours(3)))
            .nonce(nonce).build()).toJsonBytes());
      }
    }
    PartyServer.writeSimulatedAuthorityInsecure(dir.resolve("authority.bin"));
    int[] peer = new int[PARTIES + 1];
    int[] client = new int[PARTIES + 1];
    for (int i = 1; i <= PARTIES; i++) {
      peer[i] = freePort();
      client[i] = freePort();
    }
    for (int i = 1; i <= PARTIES; i++) {
      int id = i;
      String peers = IntStream.rangeClosed(1, PARTIES).filter(p -> p != id)
          .mapToObj(p -> "{\"id\": " + p + ", \"address\": \"127.0.0.1:" + peer[p] + "\"}")
          .collect(Collectors.joining(", "));
      Files.writeString(dir.resolve("party" + i + ".json"), "{\"version\": 1, \"party\":"
          + " {\"id\": " + i + "}, \"listen\": \"127.0.0.1:" + peer[i] + "\", \"clientListen\":"
          + " \"127.0.0.1:" + client[i] + "\", \"peers\": [" + peers + "], \"teePolicy\":"
          + " \"policy.json\", \"approvalPolicy\": \"approvers.json\", \"evidence\":"
          + " {\"provider\": \"simulated-insecure\", \"simulatedAuthorityFileInsecure\":"
          + " \"authority.bin\"}, \"deadlines\": {\"phaseTimeoutSeconds\": 120,"
          + " \"callTimeoutSeconds\": 30}, \"maxConcurrentSessions\": 64}");
    }
    String list = IntStream.rangeClosed(1, PARTIES)
        .mapToObj(p -> "{\"id\": " + p + ", \"address\": \"127.0.0.1:" + client[p] + "\"}")
        .collect(Collectors.joining(", "));
    Files.writeString(dir.resolve("sign.json"), "{\"version\": 1, \"parties\": [" + list
        + "], \"threshold\": 2, \"teePolicy\": \"policy.json\", \"approvalPolicy\":"
        + " \"approvers.json\", \"timestampAuthority\": {\"testAuthorityInsecure\": true},"
        + " \"attestation\": {\"simulatedAuthorityFileInsecure\": \"authority.bin\"},"
        + " \"deadlines\": {\"sessionTimeoutSeconds\": 600}}");
    return approvals;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}

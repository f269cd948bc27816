import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Start-up of the mayfly command as a user feels it (issue 13): whole processes, timed from
 * outside. Each round runs, one after the other, {@code java -version} (the floor: starting a JVM
 * that does nothing) and {@code ./mayfly demo} for each algorithm, in this checkout and, with
 * {@code --before DIR}, in another checkout (the state before the change), so that every case
 * sees the same machine load. Records wall, user and system time of each process (bash's {@code
 * time}) and the 1-minute load average before it; writes JSON; prints medians.
 *
 * <p>Run it with {@code benchmarks/startup.sh} (which builds the command first and puts Gson on
 * the class path): {@code benchmarks/startup.sh [--runs 5] [--before DIR] [--without-cds]
 * [--with-c2] [--fresh-authority] [--out FILE]}: {@code --without-cds} adds runs with {@code
 * MAYFLY_CDS=off}, {@code --with-c2} runs with {@code MAYFLY_JAVA_OPTS=-XX:TieredStopAtLevel=4}
 * (the JDK's default tiered compilation instead of C1 only), {@code --fresh-authority} runs that
 * make a new simulated authority (as the first demo after a build does). Not part of the build: it measures processes, not code (docs/benchmarks.md).
 */
public final class StartupBenchmark {
  private record Case(String name, List<String> command, Map<String, String> env) {}

  private record Run(double wallSeconds, double userSeconds, double systemSeconds, double load) {}

  private StartupBenchmark() {}

  public static void main(String[] args) throws Exception {
    int runs = 5;
    Path root = Path.of("").toAbsolutePath();
    Path before = null;
    boolean withoutCds = false;
    boolean withC2 = false;
    boolean freshAuthority = false;
    Path out = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--runs" -> runs = Integer.parseInt(args[++i]);
        case "--before" -> before = Path.of(args[++i]).toAbsolutePath();
        case "--without-cds" -> withoutCds = true;
        case "--with-c2" -> withC2 = true;
        case "--fresh-authority" -> freshAuthority = true;
        case "--out" -> out = Path.of(args[++i]);
        case "--root" -> root = Path.of(args[++i]).toAbsolutePath();
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    Path scratch = Files.createTempDirectory("mayfly-startup");
    List<Case> cases = new ArrayList<>();
    cases.add(new Case("java -version", List.of("java", "-version"), Map.of()));
    for (String algorithm : List.of("ed25519", "ecdsa-p256")) {
      cases.add(demo("after " + algorithm, root, algorithm, scratch, Map.of()));
      if (withoutCds) {
        cases.add(demo("after " + algorithm + ", MAYFLY_CDS=off", root, algorithm, scratch,
            Map.of("MAYFLY_CDS", "off")));
      }
      if (freshAuthority) {
        cases.add(demo("after " + algorithm + ", fresh simulated authority", root, algorithm,
            scratch, Map.of("MAYFLY_DEMO_SIMULATED_AUTHORITY", "")));
      }
      if (withC2) {
        cases.add(demo("after " + algorithm + ", C2 too", root, algorithm, scratch,
            Map.of("MAYFLY_JAVA_OPTS", "-XX:TieredStopAtLevel=4")));
      }
      if (before != null) {
        cases.add(demo("before " + algorithm, before, algorithm, scratch, Map.of()));
      }
    }
    // One unmeasured run of each: builds what is missing (the jar, the archive) and fills the
    // page cache, so that every measured run is a new JVM over files already read once.
    for (Case c : cases) {
      time(c, scratch);
    }
    JsonObject cds = archiveUse(root, scratch);
    Map<Case, List<Run>> results = new LinkedHashMap<>();
    cases.forEach(c -> results.put(c, new ArrayList<>()));
    for (int round = 0; round < runs; round++) {
      for (Case c : cases) {
        results.get(c).add(time(c, scratch));
      }
    }

    JsonObject json = new JsonObject();
    json.addProperty("benchmark", "mayfly command start-up (issue 13)");
    json.addProperty("date", Instant.now().toString());
    json.add("machine", machine());
    json.addProperty("runsPerCase", runs);
    json.addProperty("method", "each round runs every case once, in order; wall, user and system "
        + "seconds of the whole process from bash's time; load is the 1-minute load average "
        + "read just before the run");
    json.add("classDataSharing", cds);
    double floor = median(results.get(cases.get(0)), Run::wallSeconds);
    JsonArray caseArray = new JsonArray();
    System.out.printf(Locale.ROOT, "%-36s %10s %10s %10s %8s%n", "case", "wall (s)", "cpu (s)",
        "x java -v", "load");
    for (Map.Entry<Case, List<Run>> entry : results.entrySet()) {
      List<Run> list = entry.getValue();
      JsonObject object = new JsonObject();
      object.addProperty("case", entry.getKey().name());
      object.addProperty("command", String.join(" ", entry.getKey().command()));
      entry.getKey().env().forEach((k, v) -> object.addProperty("env", k + "=" + v));
      double wall = median(list, Run::wallSeconds);
      double cpu = median(list, r -> r.userSeconds() + r.systemSeconds());
      double load = median(list, Run::load);
      object.addProperty("medianWallSeconds", wall);
      object.addProperty("medianCpuSeconds", cpu);
      object.addProperty("medianLoad", load);
      object.addProperty("wallOverJavaVersion", wall / floor);
      JsonArray runArray = new JsonArray();
      for (Run run : list) {
        JsonObject r = new JsonObject();
        r.addProperty("wallSeconds", run.wallSeconds());
        r.addProperty("userSeconds", run.userSeconds());
        r.addProperty("systemSeconds", run.systemSeconds());
        r.addProperty("load1", run.load());
        runArray.add(r);
      }
      object.add("runs", runArray);
      caseArray.add(object);
      System.out.printf(Locale.ROOT, "%-36s %10.2f %10.2f %10.1f %8.2f%n", entry.getKey().name(),
          wall, cpu, wall / floor, load);
    }
    json.add("cases", caseArray);
    String text = new GsonBuilder().setPrettyPrinting().create().toJson(json) + "\n";
    if (out != null) {
      Files.writeString(out, text, StandardCharsets.UTF_8);
      System.out.println("wrote " + out);
    } else {
      System.out.print(text);
    }
  }

  private static Case demo(String name, Path checkout, String algorithm, Path scratch,
      Map<String, String> env) {
    return new Case(name, List.of(checkout.resolve("mayfly").toString(), "demo", "--algorithm",
        algorithm, "--out", scratch.resolve("out").toString()), env);
  }

  /** Runs {@code c} under bash's {@code time}; its own output is discarded. */
  private static Run time(Case c, Path scratch) throws IOException, InterruptedException {
    double load = load();
    List<String> command = new ArrayList<>(List.of("bash", "-c",
        "TIMEFORMAT='%3R %3U %3S'; time \"$@\" >/dev/null 2>" + scratch.resolve("stderr"),
        "timed"));
    command.addAll(c.command());
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(c.env());
    Process process = builder.start();
    String said = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int code = process.waitFor();
    String[] times = said.strip().split("\\s+");
    if (code != 0 || times.length != 3) {
      throw new IllegalStateException(c.name() + " failed (" + code + "): " + said + "\n"
          + Files.readString(scratch.resolve("stderr")));
    }
    return new Run(Double.parseDouble(times[0]), Double.parseDouble(times[1]),
        Double.parseDouble(times[2]), load);
  }

  /**
   * Whether the demo's JVM used the archive: one more run with class loading logged, counting
   * the classes that came from the archive ("shared objects file (top)") and all classes.
   */
  private static JsonObject archiveUse(Path root, Path scratch)
      throws IOException, InterruptedException {
    Path log = scratch.resolve("class-load.log");
    ProcessBuilder builder = new ProcessBuilder(root.resolve("mayfly").toString(), "demo",
        "--out", scratch.resolve("out").toString())
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
    builder.environment().put("MAYFLY_JAVA_OPTS", "-Xlog:class+load=info:file=" + log);
    if (builder.start().waitFor() != 0) {
      throw new IllegalStateException("demo with class-load logging failed");
    }
    List<String> lines = Files.readAllLines(log);
    long fromArchive = lines.stream().filter(l -> l.contains("shared objects file (top)")).count();
    long fromBaseArchive = lines.stream().filter(l -> l.contains("shared objects file")
        && !l.contains("(top)")).count();
    JsonObject cds = new JsonObject();
    cds.addProperty("classesLoaded", lines.size());
    cds.addProperty("fromMayflyArchive", fromArchive);
    cds.addProperty("fromJdkArchive", fromBaseArchive);
    cds.addProperty("fromJars", lines.size() - fromArchive - fromBaseArchive);
    System.out.printf(Locale.ROOT, "demo (ed25519): %d classes, %d from the mayfly archive, "
        + "%d from the JDK's, %d from jars%n", lines.size(), fromArchive, fromBaseArchive,
        lines.size() - fromArchive - fromBaseArchive);
    return cds;
  }

  private static double load() throws IOException {
    return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
  }

  private static JsonObject machine() throws IOException {
    JsonObject machine = new JsonObject();
    machine.addProperty("processors", Runtime.getRuntime().availableProcessors());
    Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
        .filter(l -> l.startsWith("model name")).findFirst()
        .ifPresent(l -> machine.addProperty("cpu", l.substring(l.indexOf(':') + 1).strip()));
    machine.addProperty("java", System.getProperty("java.vm.name") + " "
        + System.getProperty("java.runtime.version"));
    machine.addProperty("os", System.getProperty("os.name") + " "
        + System.getProperty("os.version"));
    return machine;
  }

  private static double median(List<Run> runs, java.util.function.ToDoubleFunction<Run> value) {
    List<Double> values = new ArrayList<>();
    runs.forEach(r -> values.add(value.applyAsDouble(r)));
    values.sort(Comparator.naturalOrder());
    int n = values.size();
    return n % 2 == 1 ? values.get(n / 2) : (values.get(n / 2 - 1) + values.get(n / 2)) / 2;
  }
}

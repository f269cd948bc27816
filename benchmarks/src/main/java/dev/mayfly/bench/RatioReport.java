package dev.mayfly.bench;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Prints a markdown table of every benchmark in a JMH JSON result file divided by a named
 * baseline from the same file, so {@code docs/benchmarks.md} can be regenerated.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.mayfly.bench.RatioReport results.json \
 *     [baseline-regex, default "bcEd25519SignVerify"]
 * </pre>
 *
 * <p>All scores must use the same unit and mode (the defaults of {@link BenchmarkDefaults}).
 */
public final class RatioReport {
  private RatioReport() {}

  /** One row: benchmark name with its parameters, score, error, unit. */
  record Row(String name, String params, double score, double error, String unit) {}

  /** Entry point; exit code 2 on a usage error. */
  public static void main(String[] args) throws IOException {
    if (args.length < 1 || args.length > 2) {
      System.err.println("usage: RatioReport RESULTS.json [BASELINE_REGEX]");
      System.exit(2);
      return;
    }
    String baseline = args.length == 2 ? args[1] : "bcEd25519SignVerify";
    try (Reader in = Files.newBufferedReader(Path.of(args[0]), StandardCharsets.UTF_8)) {
      List<Row> rows = parse(JsonParser.parseReader(in).getAsJsonArray());
      print(rows, baseline, System.out);
    }
  }

  static List<Row> parse(JsonArray results) {
    List<Row> rows = new ArrayList<>();
    for (JsonElement e : results) {
      JsonObject o = e.getAsJsonObject();
      String name = o.get("benchmark").getAsString();
      name = name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1);
      Map<String, String> params = new TreeMap<>();
      if (o.has("params")) {
        for (Map.Entry<String, JsonElement> p : o.getAsJsonObject("params").entrySet()) {
          params.put(p.getKey(), p.getValue().getAsString());
        }
      }
      JsonObject metric = o.getAsJsonObject("primaryMetric");
      double error = metric.get("scoreError").isJsonPrimitive()
          && !metric.get("scoreError").getAsString().equals("NaN")
          ? metric.get("scoreError").getAsDouble() : Double.NaN;
      rows.add(new Row(name, params.isEmpty() ? "" : params.toString(),
          metric.get("score").getAsDouble(), error, metric.get("scoreUnit").getAsString()));
    }
    return rows;
  }

  static void print(List<Row> rows, String baselineRegex, PrintStream out) {
    Row base = rows.stream().filter(r -> r.name().matches(".*" + baselineRegex + ".*"))
        .findFirst().orElseThrow(() -> new IllegalArgumentException(
            "no benchmark matches the baseline " + baselineRegex));
    out.printf(Locale.ROOT, "Baseline: %s = %.1f %s%n%n", base.name(), base.score(), base.unit());
    out.println("| benchmark | parameters | score | error | ratio to baseline |");
    out.println("|---|---|---:|---:|---:|");
    for (Row r : rows) {
      if (!r.unit().equals(base.unit())) {
        throw new IllegalArgumentException(r.name() + " is in " + r.unit() + ", baseline in "
            + base.unit());
      }
      out.printf(Locale.ROOT, "| %s | %s | %.1f %s | %s | %.2fx |%n", r.name(), r.params(),
          r.score(), r.unit(), Double.isNaN(r.error()) ? "n/a"
              : String.format(Locale.ROOT, "±%.1f", r.error()), r.score() / base.score());
    }
  }
}

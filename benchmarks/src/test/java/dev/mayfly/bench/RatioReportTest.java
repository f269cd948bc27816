package dev.mayfly.bench;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The ratio table divides every score by the named baseline's score from the same file. */
class RatioReportTest {
  static final String JSON = """
      [
        {"benchmark": "dev.mayfly.bench.BaselineBenchmark.bcEd25519SignVerify",
         "primaryMetric": {"score": 100.0, "scoreError": 5.0, "scoreUnit": "us/op"}},
        {"benchmark": "dev.mayfly.bench.mpc.SignBenchmark.sign",
         "params": {"config": "2-of-3", "suite": "ed25519"},
         "primaryMetric": {"score": 650.0, "scoreError": "NaN", "scoreUnit": "us/op"}}
      ]
      """;

  static String render(String baseline) {
    JsonArray results = JsonParser.parseString(JSON).getAsJsonArray();
    List<RatioReport.Row> rows = RatioReport.parse(results);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    RatioReport.print(rows, baseline, new PrintStream(out, true, StandardCharsets.UTF_8));
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void print_scoresAgainstBaseline_dividesByBaselineScore() {
    String table = render("bcEd25519SignVerify");
    assertTrue(table.contains("| SignBenchmark.sign | {config=2-of-3, suite=ed25519} | 650.0 us/op"
        + " | n/a | 6.50x |"), table);
    assertTrue(table.contains("| BaselineBenchmark.bcEd25519SignVerify |  | 100.0 us/op | ±5.0 |"
        + " 1.00x |"), table);
  }

  @Test
  void print_unknownBaseline_throwsIllegalArgument() {
    assertThrows(IllegalArgumentException.class, () -> render("noSuchBenchmark"));
  }
}

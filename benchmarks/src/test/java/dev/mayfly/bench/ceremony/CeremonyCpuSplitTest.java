package dev.mayfly.bench.ceremony;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The CPU split reads every party's thread and prints a floor consistent with its readings. */
class CeremonyCpuSplitTest {
  private static final Pattern PARTY = Pattern.compile("party (\\d) thread CPU +([0-9.]+) ms");
  private static final Pattern CALLER = Pattern.compile("calling thread CPU +([0-9.]+) ms");
  private static final Pattern FLOOR = Pattern.compile("/ cores = ([0-9.]+) ms");

  @Test
  void run_oneCeremony_readsEveryPartyAndDividesByTheCores() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int status = CeremonyCpuSplit.run(new String[] {"0", "1"}, print(out), print(out));
    String text = out.toString(StandardCharsets.UTF_8);

    assertEquals(0, status, text);
    Matcher party = PARTY.matcher(text);
    double parties = 0;
    int count = 0;
    while (party.find()) {
      count++;
      parties += Double.parseDouble(party.group(2));
      assertEquals(String.valueOf(count), party.group(1), text);
      assertTrue(Double.parseDouble(party.group(2)) > 0, text);
    }
    assertEquals(3, count, text);
    Matcher caller = CALLER.matcher(text);
    Matcher floor = FLOOR.matcher(text);
    assertTrue(caller.find() && floor.find(), text);
    double expected = (parties + Double.parseDouble(caller.group(1)))
        / Runtime.getRuntime().availableProcessors();
    // Each printed reading is rounded to 0.1 ms.
    assertEquals(expected, Double.parseDouble(floor.group(1)), 0.1 * (count + 2), text);
  }

  @Test
  void run_badArguments_printsUsageAndReturnsTwo() throws Exception {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = CeremonyCpuSplit.run(new String[] {"ten"}, print(new ByteArrayOutputStream()),
        print(err));

    assertEquals(2, status);
    assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("usage: CeremonyCpuSplit"));
  }

  private static PrintStream print(ByteArrayOutputStream sink) {
    return new PrintStream(sink, true, StandardCharsets.UTF_8);
  }
}

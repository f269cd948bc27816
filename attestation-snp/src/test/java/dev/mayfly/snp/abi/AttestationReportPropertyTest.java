package dev.mayfly.snp.abi;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.mayfly.snp.AttestationException;
import dev.mayfly.snp.Vectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Fuzzes the report parser: it returns a report or throws AttestationException, nothing else. */
class AttestationReportPropertyTest {
  @Property(tries = 300)
  void parse_randomBytes_onlyTypedErrors(@ForAll @Size(max = 1300) byte[] bytes) {
    parseOrTypedError(bytes);
  }

  @Property(tries = 1000)
  void parse_mutatedRealReport_onlyTypedErrors(
      @ForAll("reports") byte[] report, @ForAll @IntRange(min = 0, max = 1183) int offset,
      @ForAll byte value, @ForAll @IntRange(min = 0, max = 3) int lengthChange) {
    report[offset] = value;
    byte[] mutated = java.util.Arrays.copyOf(report, report.length - 2 + lengthChange);
    parseOrTypedError(mutated);
  }

  @Provide
  Arbitrary<byte[]> reports() {
    return Arbitraries.of(Vectors.all()).map(Vectors.Pair::report);
  }

  private static void parseOrTypedError(byte[] bytes) {
    try {
      AttestationReport report = AttestationReport.parse(bytes);
      assertNotNull(report.toString());
      if (report.tcbLayout().isPresent()) {
        assertNotNull(report.reportedTcb());
      }
    } catch (AttestationException expected) {
      assertNotNull(expected.code());
    }
  }
}

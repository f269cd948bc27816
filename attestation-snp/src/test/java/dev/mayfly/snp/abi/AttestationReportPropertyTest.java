package dev.mayfly.snp.abi;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.mayfly.snp.AttestationException;
import dev.mayfly.snp.Vectors;
import dev.mayfly.testsupport.Seeded;
import org.junit.jupiter.api.Test;

/** Fuzzes the report parser: it returns a report or throws AttestationException, nothing else. */
class AttestationReportPropertyTest {
  @Test
  void parse_randomBytes_onlyTypedErrors() {
    Seeded.forAll(300, g -> parseOrTypedError(g.bytes(1300)));
  }

  @Test
  void parse_mutatedRealReport_onlyTypedErrors() {
    Seeded.forAll(1000, g -> {
      byte[] report = g.oneOf(Vectors.all()).report();
      int offset = g.intBetween(0, 1183);
      byte value = g.anyByte();
      int lengthChange = g.intBetween(0, 3);
      report[offset] = value;
      byte[] mutated = java.util.Arrays.copyOf(report, report.length - 2 + lengthChange);
      parseOrTypedError(mutated);
    });
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

package dev.mayfly.snp.abi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.mayfly.snp.AttestationException;
import dev.mayfly.testsupport.DecoderContract;

/** SEV-SNP reports from outside: a report that re-encodes to the same bytes, or AttestationException. */
class AttestationReportFuzzTest {
  @FuzzTest
  void parse(byte[] input) {
    DecoderContract.decode(input.length, AttestationException.class,
            () -> AttestationReport.parse(input))
        .ifPresent(report -> {
          assertArrayEquals(input, report.toBytes());
          assertNotNull(report.toString());
          report.tcbLayout().ifPresent(layout -> assertNotNull(report.reportedTcb()));
          AttestationReport again = DecoderContract.decode(input.length,
              AttestationException.class, () -> AttestationReport.parse(report.toBytes()))
              .orElseThrow();
          assertArrayEquals(report.toBytes(), again.toBytes());
        });
    for (Product product : Product.values()) {
      DecoderContract.decode(input.length, AttestationException.class,
          () -> AttestationReport.parse(input, product));
    }
  }
}

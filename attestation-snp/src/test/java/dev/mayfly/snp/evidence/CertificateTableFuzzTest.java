package dev.mayfly.snp.evidence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.mayfly.common.ErrorCode;
import dev.mayfly.snp.AttestationException;
import dev.mayfly.testsupport.DecoderContract;

/**
 * GHCB certificate tables (auxblobs) from outside: a table whose encoding is a fixed point, or
 * SNP_CERT_TABLE_MALFORMED.
 */
class CertificateTableFuzzTest {
  @FuzzTest
  void parse(byte[] input) {
    DecoderContract.decode(input.length, AttestationException.class,
            e -> e.code() == ErrorCode.SNP_CERT_TABLE_MALFORMED,
            () -> CertificateTable.parse(input))
        .ifPresent(table -> {
          byte[] encoded = table.toBytes();
          CertificateTable again = DecoderContract.decode(encoded.length,
              AttestationException.class, () -> CertificateTable.parse(encoded)).orElseThrow();
          assertEquals(table.guids(), again.guids());
          for (java.util.UUID guid : table.guids()) {
            assertArrayEquals(table.get(guid).orElseThrow(), again.get(guid).orElseThrow());
          }
          assertArrayEquals(encoded, again.toBytes());
          DecoderContract.decode(encoded.length, AttestationException.class, table::chain);
        });
  }
}

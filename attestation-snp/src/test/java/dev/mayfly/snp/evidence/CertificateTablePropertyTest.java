package dev.mayfly.snp.evidence;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.mayfly.snp.AttestationException;
import dev.mayfly.testsupport.Seeded;
import org.junit.jupiter.api.Test;

/** Fuzzes the certificate-table parser: a table or AttestationException, nothing else. */
class CertificateTablePropertyTest {
  private static final byte[] TABLE = CertificateTableTest.p7Table();

  @Test
  void parse_randomBytes_onlyTypedErrors() {
    Seeded.forAll(500, g -> parseOrTypedError(g.bytes(200)));
  }

  @Test
  void parse_mutatedTable_onlyTypedErrors() {
    Seeded.forAll(1000, g -> {
      int offset = g.intBetween(0, 120);
      byte value = g.anyByte();
      int cut = g.intBetween(0, 5000);
      byte[] blob = TABLE.clone();
      blob[offset] = value;
      parseOrTypedError(java.util.Arrays.copyOf(blob,
          Math.max(0, Math.min(blob.length, blob.length - cut + 60))));
    });
  }

  private static void parseOrTypedError(byte[] blob) {
    try {
      CertificateTable table = CertificateTable.parse(blob);
      assertNotNull(table.chain());
    } catch (AttestationException expected) {
      assertNotNull(expected.code());
    }
  }
}

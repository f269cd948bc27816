package dev.mayfly.snp.evidence;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.mayfly.snp.AttestationException;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Fuzzes the certificate-table parser: a table or AttestationException, nothing else. */
class CertificateTablePropertyTest {
  private static final byte[] TABLE = CertificateTableTest.p7Table();

  @Property(tries = 500)
  void parse_randomBytes_onlyTypedErrors(@ForAll @Size(max = 200) byte[] blob) {
    parseOrTypedError(blob);
  }

  @Property(tries = 1000)
  void parse_mutatedTable_onlyTypedErrors(@ForAll @IntRange(min = 0, max = 120) int offset,
      @ForAll byte value, @ForAll @IntRange(min = 0, max = 5000) int cut) {
    byte[] blob = TABLE.clone();
    blob[offset] = value;
    parseOrTypedError(java.util.Arrays.copyOf(blob, Math.max(0, Math.min(blob.length, blob.length - cut + 60))));
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

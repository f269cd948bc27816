package dev.mayfly.snp.evidence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.internal.Hex;
import dev.mayfly.snp.AttestationException;
import dev.mayfly.snp.Vectors;
import dev.mayfly.snp.internal.Bytes;
import dev.mayfly.snp.verify.SnpVerifier;
import dev.mayfly.snp.verify.SnpVerifyOptions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CertificateTableTest {
  static byte[] p7Table() {
    List<byte[]> chain = Vectors.certs("routex-client-lua/vcek-chain-turin.pem");
    Map<UUID, byte[]> entries = new LinkedHashMap<>();
    entries.put(CertificateTable.VCEK, chain.get(0));
    entries.put(CertificateTable.ASK, chain.get(1));
    entries.put(CertificateTable.ARK, chain.get(2));
    return CertificateTable.of(entries).toBytes();
  }

  @Test
  void parse_builtTable_roundTripsAndVerifies() throws AttestationException {
    CertificateTable table = CertificateTable.parse(p7Table());

    assertEquals(List.of(CertificateTable.VCEK, CertificateTable.ASK, CertificateTable.ARK),
        table.guids());
    assertArrayEquals(p7Table(), table.toBytes());
    SnpVerifier.create(SnpVerifyOptions.builder().clock(Vectors.CLOCK).build())
        .verify(Vectors.P7.report(), table.chain());
  }

  @Test
  void parse_guidBytesAreRfc4122Order() throws AttestationException {
    byte[] blob = p7Table();
    assertEquals("63da758de6644564adc5f4b93be8accd", Hex.encode(Bytes.slice(blob, 0, 16)));
    assertEquals(0, CertificateTable.parse(new byte[0]).guids().size());
  }

  private static void assertMalformed(byte[] blob) {
    AttestationException e = assertThrows(AttestationException.class, () -> CertificateTable.parse(blob));
    assertEquals(ErrorCode.SNP_CERT_TABLE_MALFORMED, e.code());
  }

  @Test
  void parse_malformedTables_throwTableMalformed() {
    byte[] good = p7Table();
    assertMalformed(java.util.Arrays.copyOf(good, 40));               // no terminator
    byte[] outOfRange = good.clone();
    Bytes.putU32(outOfRange, 20, good.length);                         // length past the end
    assertMalformed(outOfRange);
    byte[] insideTable = good.clone();
    Bytes.putU32(insideTable, 16, 8);                                  // offset inside the table
    assertMalformed(insideTable);
    byte[] duplicate = good.clone();
    System.arraycopy(good, 0, duplicate, 24, 16);                      // VCEK GUID twice
    assertMalformed(duplicate);
    byte[] badTerminator = good.clone();
    badTerminator[72 + 16] = 1;                                        // zero GUID, non-zero offset
    assertMalformed(badTerminator);
  }
}

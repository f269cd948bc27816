package dev.mayfly.snp.abi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.internal.Hex;
import dev.mayfly.snp.AttestationException;
import dev.mayfly.snp.Vectors;
import dev.mayfly.snp.internal.Bytes;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class AttestationReportTest {
  private static AttestationException refused(byte[] bytes) {
    return assertThrows(AttestationException.class, () -> AttestationReport.parse(bytes));
  }

  private static void assertCode(ErrorCode code, AttestationException e) {
    assertEquals(code, e.code());
    assertEquals(List.of(), e.culprits());
  }

  @Test
  void parse_p1_readsMilanV2FieldsAndDebugPolicy() throws AttestationException {
    AttestationReport r = AttestationReport.parse(Vectors.P1.report());

    assertEquals(2, r.version());
    assertEquals(0xB0000L, r.policy().raw());
    assertTrue(r.policy().debugAllowed());
    assertEquals(TcbVersion.of(2, 0, 5, 68), r.reportedTcb());
    assertEquals(0x4405000000000002L, r.reportedTcbRaw());
    assertEquals(new FirmwareVersion(1, 49, 3), r.currentFirmware());
    assertEquals("b07af9620f3b839b47996422ddec6058338951d984e312115131ea82705eaf5b"
        + "6bdf8a9ece31a5a608eb0cf2e4872b01", Hex.encode(r.measurement()));
    assertTrue(Hex.encode(r.chipId()).startsWith("3ac3fe21e13fb099"));
    assertTrue(r.product().isEmpty());
    assertEquals(SigningKey.VCEK, r.signerInfo().signingKey());
  }

  @Test
  void parse_p4_readsV3VlekMaskedChipIdAndCpuid() throws AttestationException {
    AttestationReport r = AttestationReport.parse(Vectors.P4.report());

    assertEquals(3, r.version());
    assertEquals(1, r.vmpl());
    assertEquals(SigningKey.VLEK, r.signerInfo().signingKey());
    assertEquals(0x27L, r.platformInfo().raw());
    assertTrue(r.isChipIdMasked());
    assertEquals(Product.MILAN, r.product().orElseThrow());
    assertEquals(TcbVersion.of(4, 0, 24, 217), r.reportedTcb());
    assertEquals(TcbVersion.of(4, 0, 24, 220), r.currentTcb());
    assertEquals(new FirmwareVersion(1, 55, 29), r.currentFirmware());
  }

  @Test
  void parse_p6_detectsGenoaFromCpuid() throws AttestationException {
    AttestationReport r = AttestationReport.parse(Vectors.P6.report());

    assertEquals(Product.GENOA, r.product().orElseThrow());
    assertEquals(0x19, r.cpuidFamily().orElseThrow());
    assertEquals(0x11, r.cpuidModel().orElseThrow());
    assertEquals(TcbVersion.of(10, 0, 23, 84), r.reportedTcb());
    assertEquals(65547L, r.guestSvn());
  }

  @Test
  void parse_p7_decodesTurinLayout() throws AttestationException {
    AttestationReport r = AttestationReport.parse(Vectors.P7.report());

    assertEquals(5, r.version());
    assertEquals(Product.TURIN, r.product().orElseThrow());
    assertEquals(TcbLayout.TURIN, r.tcbLayout().orElseThrow());
    assertEquals(TcbVersion.ofTurin(0, 1, 0, 2, 71), r.reportedTcb());
    assertEquals(0L, r.launchMitigationVector().orElseThrow());
    assertEquals("3b42092f69c656d3", Hex.encode(Arrays.copyOf(r.chipId(), 8)));
    assertEquals(new FirmwareVersion(1, 55, 61), r.currentFirmware());
  }

  @Test
  void parse_genoaV2WithoutVcek_parses() throws AttestationException {
    AttestationReport r = AttestationReport.parse(Vectors.bytes("routex-client-lua/report-genoa.bin"));

    assertEquals(2, r.version());
    assertEquals(TcbVersion.of(7, 0, 14, 68), r.reportedTcb());
    assertTrue(Hex.encode(r.measurement()).startsWith("eb949375"));
  }

  @Test
  void toBytes_roundTripsEveryVector() throws AttestationException {
    for (Vectors.Pair pair : Vectors.all()) {
      assertArrayEquals(pair.report(), AttestationReport.parse(pair.report()).toBytes(), pair.id());
    }
  }

  @Test
  void parse_truncated_throwsTruncated() {
    assertCode(ErrorCode.SNP_REPORT_TRUNCATED, refused(Arrays.copyOf(Vectors.P2.report(), 1183)));
    assertCode(ErrorCode.SNP_REPORT_TRUNCATED, refused(new byte[0]));
  }

  @Test
  void parse_oversized_throwsOversized() {
    assertCode(ErrorCode.SNP_REPORT_OVERSIZED, refused(Arrays.copyOf(Vectors.P2.report(), 1185)));
  }

  @Test
  void parse_unknownVersion_throwsVersionUnsupported() {
    for (int version : new int[] {0, 1, 4, 6, 0x100}) {
      byte[] r = Vectors.P2.report();
      Bytes.putU32(r, 0, version);
      assertCode(ErrorCode.SNP_REPORT_VERSION_UNSUPPORTED, refused(r));
    }
  }

  @Test
  void parse_signatureAlgorithmTwo_throwsAlgorithmUnsupported() {
    byte[] r = Vectors.P2.report();
    Bytes.putU32(r, 0x34, 2);
    assertCode(ErrorCode.SNP_SIGNATURE_ALGORITHM_UNSUPPORTED, refused(r));
  }

  @Test
  void parse_nonZeroReservedByte_throwsReservedNonzero() {
    for (int offset : new int[] {0x4C, 0x18B, 0x19F, 0x1EB, 0x1EF, 0x208, 0x29F, 0x330, 0x49F}) {
      byte[] r = Vectors.P7.report();
      r[offset] = 1;
      assertCode(ErrorCode.SNP_REPORT_RESERVED_NONZERO, refused(r));
    }
    byte[] v2 = Vectors.P2.report();
    v2[0x188] = 0x19;
    assertCode(ErrorCode.SNP_REPORT_RESERVED_NONZERO, refused(v2));
    byte[] signer = Vectors.P2.report();
    signer[0x48] |= 0x20;
    assertCode(ErrorCode.SNP_REPORT_RESERVED_NONZERO, refused(signer));
  }

  @Test
  void parse_policyBit17Clear_throwsFieldInvalid() {
    byte[] r = Vectors.P2.report();
    r[0x0A] &= ~0x02;
    assertCode(ErrorCode.SNP_REPORT_FIELD_INVALID, refused(r));
  }

  @Test
  void parse_reservedPolicyBitOrVmplOrSigningKey_throwsFieldInvalid() {
    byte[] policy = Vectors.P2.report();
    policy[0x0F] = 0x01;
    assertCode(ErrorCode.SNP_REPORT_FIELD_INVALID, refused(policy));
    byte[] vmpl = Vectors.P2.report();
    Bytes.putU32(vmpl, 0x30, 4);
    assertCode(ErrorCode.SNP_REPORT_FIELD_INVALID, refused(vmpl));
    byte[] key = Vectors.P2.report();
    key[0x48] = (byte) (3 << 2);
    assertCode(ErrorCode.SNP_REPORT_FIELD_INVALID, refused(key));
  }

  @Test
  void parse_productAgainstCpuid_throwsProductMismatch() {
    AttestationException e = assertThrows(AttestationException.class,
        () -> AttestationReport.parse(Vectors.P4.report(), Product.GENOA));
    assertCode(ErrorCode.SNP_PRODUCT_MISMATCH, e);
  }

  @Test
  void reportedTcb_v3WithUnknownCpuid_needsProduct() throws AttestationException {
    byte[] bytes = ReportBuilder.create().cpuid(0x42, 0, 0).build();
    AttestationReport r = AttestationReport.parse(bytes);

    assertFalse(r.tcbLayout().isPresent());
    assertThrows(IllegalStateException.class, r::reportedTcb);
    assertEquals(TcbLayout.TURIN, r.withProduct(Product.TURIN).reportedTcb().layout());
  }

  @Test
  void tcbVersion_rawRoundTripsBothLayouts() {
    TcbVersion turin = TcbVersion.ofTurin(1, 2, 3, 4, 5);
    TcbVersion milan = TcbVersion.of(2, 3, 4, 5);
    assertEquals(turin, TcbVersion.decode(turin.raw(), TcbLayout.TURIN));
    assertEquals(milan, TcbVersion.decode(milan.raw(), TcbLayout.MILAN_GENOA));
  }
}

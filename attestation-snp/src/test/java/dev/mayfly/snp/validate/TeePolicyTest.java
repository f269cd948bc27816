package dev.mayfly.snp.validate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.mayfly.common.ErrorCode;
import dev.mayfly.snp.AttestationException;
import dev.mayfly.snp.abi.FirmwareVersion;
import dev.mayfly.snp.abi.Product;
import dev.mayfly.snp.abi.SigningKey;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TeePolicyTest {
  private static byte[] filled(int size, int value) {
    byte[] b = new byte[size];
    java.util.Arrays.fill(b, (byte) value);
    return b;
  }

  private static TeePolicy sample() {
    return TeePolicy.builder()
        .products(EnumSet.of(Product.MILAN, Product.TURIN))
        .allowMeasurement(filled(48, 0xBB))
        .allowMeasurement(filled(48, 0xAA))
        .hostData(filled(32, 0x11))
        .allowDebug(true)
        .vmpls(Set.of(0, 2))
        .signingKeys(EnumSet.of(SigningKey.VCEK))
        .minimumTcb(new MinimumTcb(1, 2, 3, 4, 5))
        .minimumFirmware(new FirmwareVersion(1, 55, 7))
        .minimumReportVersion(3)
        .build();
  }

  @Test
  void canonicalEncoding_followsDocumentedLayout() throws Exception {
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    expected.writeBytes("mayfly/tee-policy/v1".getBytes(StandardCharsets.US_ASCII));
    expected.write(0b101); // Milan, Turin
    expected.write(0b1010); // allow DEBUG, HOST_DATA pinned
    expected.writeBytes(new byte[] {0, 2});
    expected.writeBytes(filled(48, 0xAA)); // sorted ascending
    expected.writeBytes(filled(48, 0xBB));
    expected.writeBytes(filled(32, 0x11));
    expected.write(0b101); // VMPL 0 and 2
    expected.write(0b01); // VCEK
    expected.writeBytes(new byte[] {1, 2, 3, 4, 5, 1, 55, 7, 3});

    TeePolicy policy = sample();

    assertArrayEquals(expected.toByteArray(), policy.canonicalEncoding());
    assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(expected.toByteArray()),
        policy.hash());
  }

  @Test
  void hash_independentOfInsertionOrderAndDuplicates() {
    TeePolicy a = TeePolicy.builder().allowMeasurement(filled(48, 1)).allowMeasurement(filled(48, 2)).build();
    TeePolicy b = TeePolicy.builder().allowMeasurement(filled(48, 2)).allowMeasurement(filled(48, 1))
        .allowMeasurement(filled(48, 2)).build();
    assertArrayEquals(a.hash(), b.hash());
    assertEquals(a, b);
  }

  @Test
  void hash_changesWithEveryRule() {
    TeePolicy base = TeePolicy.builder().allowMeasurement(filled(48, 1)).build();
    List<TeePolicy> variants = List.of(
        TeePolicy.builder().allowMeasurement(filled(48, 2)).build(),
        TeePolicy.builder().acceptAnyMeasurementInsecure().build(),
        TeePolicy.builder().allowMeasurement(filled(48, 1)).allowDebug(true).build(),
        TeePolicy.builder().allowMeasurement(filled(48, 1)).allowMigrateMa(true).build(),
        TeePolicy.builder().allowMeasurement(filled(48, 1)).vmpls(Set.of(1)).build(),
        TeePolicy.builder().allowMeasurement(filled(48, 1)).hostData(new byte[32]).build(),
        TeePolicy.builder().allowMeasurement(filled(48, 1)).products(Set.of(Product.GENOA)).build(),
        TeePolicy.builder().allowMeasurement(filled(48, 1)).signingKeys(Set.of(SigningKey.VLEK)).build(),
        TeePolicy.builder().allowMeasurement(filled(48, 1)).minimumTcb(new MinimumTcb(0, 0, 0, 0, 1)).build(),
        TeePolicy.builder().allowMeasurement(filled(48, 1)).minimumFirmware(new FirmwareVersion(0, 0, 1)).build(),
        TeePolicy.builder().allowMeasurement(filled(48, 1)).minimumReportVersion(5).build());
    for (TeePolicy v : variants) {
      assertNotEquals(base.hashHex(), v.hashHex());
    }
  }

  @Test
  void json_roundTripsToTheSameHash() throws AttestationException {
    TeePolicy policy = sample();
    assertEquals(policy.hashHex(), TeePolicy.parseJson(policy.toJson()).hashHex());
    TeePolicy any = TeePolicy.builder().acceptAnyMeasurementInsecure().build();
    assertEquals(any.hashHex(), TeePolicy.parseJson(any.toJson()).hashHex());
  }

  @Test
  void parseJson_minimalDocument_takesDefaults() throws AttestationException {
    TeePolicy parsed = TeePolicy.parseJson("{\"version\":1,\"measurements\":[\"" + "ab".repeat(48) + "\"]}");
    assertEquals(TeePolicy.builder().allowMeasurement(filled(48, 0xAB)).build(), parsed);
  }

  @Test
  void parseJson_badDocuments_throwPolicyDocumentInvalid() {
    String m = "\"measurements\":[\"" + "ab".repeat(48) + "\"]";
    for (String json : List.of("", "[]", "{\"version\":2," + m + "}", "{" + m + "}",
        "{\"version\":1}", "{\"version\":1," + m + ",\"extra\":1}",
        "{\"version\":1,\"measurements\":[\"abcd\"]}", "{\"version\":1," + m + ",\"vmpls\":[4]}",
        "{\"version\":1," + m + ",\"products\":[\"Rome\"]}",
        "{\"version\":1," + m + ",\"acceptAnyMeasurementInsecure\":true}",
        "{\"version\":1," + m + ",\"allowDebug\":\"yes\"}",
        "{\"version\":1," + m + ",\"minimumTcb\":{\"bogus\":1}}",
        "{\"version\":1," + m + ",\"minimumFirmware\":{\"major\":256}}",
        "{\"version\":1," + m + ",\"signingKeys\":[\"NONE\"]}", "{\"version\":1.5," + m + "}")) {
      AttestationException e = assertThrows(AttestationException.class, () -> TeePolicy.parseJson(json), json);
      assertEquals(ErrorCode.SNP_POLICY_DOCUMENT_INVALID, e.code(), json);
    }
  }

  @Test
  void build_withoutMeasurementOrWaiver_throwsIllegalState() {
    assertThrows(IllegalStateException.class, () -> TeePolicy.builder().build());
  }
}

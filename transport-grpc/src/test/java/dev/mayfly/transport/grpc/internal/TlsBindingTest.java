package dev.mayfly.transport.grpc.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** REPORT_DATA for a TLS key: the documented hash over fixed-length fields. */
class TlsBindingTest {
  private static final byte[] SPKI = "not really a key".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] HASH = new byte[32];

  @Test
  void reportData_isSha512OfLabelKeyHashAndPolicyHash() throws Exception {
    MessageDigest sha512 = MessageDigest.getInstance("SHA-512");
    sha512.update("mayfly/v1/tls".getBytes(StandardCharsets.US_ASCII));
    sha512.update(MessageDigest.getInstance("SHA-256").digest(SPKI));
    sha512.update(HASH);
    byte[] reportData = TlsBinding.reportData(SPKI, HASH);
    assertEquals(64, reportData.length);
    assertArrayEquals(sha512.digest(), reportData);
  }

  @Test
  void reportData_dependsOnKeyAndPolicy() {
    byte[] otherHash = HASH.clone();
    otherHash[0] = 1;
    byte[] base = TlsBinding.reportData(SPKI, HASH);
    assertFalse(Arrays.equals(base, TlsBinding.reportData(SPKI, otherHash)));
    assertFalse(Arrays.equals(base, TlsBinding.reportData(Arrays.copyOf(SPKI, 3), HASH)));
  }

  @Test
  void reportData_policyHashOfWrongLength_throwsIllegalArgument() {
    assertThrows(IllegalArgumentException.class,
        () -> TlsBinding.reportData(SPKI, new byte[31]));
  }
}

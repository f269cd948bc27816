package dev.mayfly.common;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class SecretBytesTest {
  private static final SecretAccess ACCESS = InsecureSecretAccess.get();

  @Test
  void close_wrappedArray_isZeroed() {
    byte[] owned = {1, 2, 3, 4, 5, 6, 7, 8};
    SecretBytes secret = SecretBytes.wrap(owned, ACCESS);
    assertFalse(secret.isDestroyed());
    secret.close();
    assertTrue(secret.isDestroyed());
    assertArrayEquals(new byte[8], owned);
  }

  @Test
  void copyOf_callerArray_isIndependent() {
    byte[] raw = {9, 9, 9};
    try (SecretBytes secret = SecretBytes.copyOf(raw, ACCESS)) {
      raw[0] = 0;
      assertArrayEquals(new byte[] {9, 9, 9}, secret.copyBytes(ACCESS));
    }
  }

  @Test
  void copyBytes_afterDestroy_throwsIllegalState() {
    SecretBytes secret = SecretBytes.copyOf(new byte[] {1}, ACCESS);
    secret.destroy();
    assertThrows(IllegalStateException.class, () -> secret.copyBytes(ACCESS));
    assertThrows(IllegalStateException.class, () -> secret.equalsConstantTime(secret));
  }

  @Test
  void toString_neverShowsBytes() {
    byte[] raw = HexFormat.of().parseHex("deadbeefcafebabe0123456789abcdef");
    try (SecretBytes secret = SecretBytes.copyOf(raw, ACCESS)) {
      String shown = secret.toString();
      String hex = HexFormat.of().formatHex(raw);
      assertFalse(shown.toLowerCase().contains("deadbeef"), shown);
      assertFalse(shown.contains(hex), shown);
      assertFalse(shown.contains(java.util.Arrays.toString(raw)), shown);
      assertTrue(shown.contains("redacted"), shown);
    }
  }

  @Test
  void equalsConstantTime_comparesContent() {
    try (SecretBytes a = SecretBytes.copyOf(new byte[] {1, 2}, ACCESS);
        SecretBytes b = SecretBytes.copyOf(new byte[] {1, 2}, ACCESS);
        SecretBytes c = SecretBytes.copyOf(new byte[] {1, 3}, ACCESS)) {
      assertTrue(a.equalsConstantTime(b));
      assertFalse(a.equalsConstantTime(c));
      assertEquals(2, a.length());
    }
  }

  @Test
  void factories_nullAccess_throwNpe() {
    assertThrows(NullPointerException.class, () -> SecretBytes.copyOf(new byte[1], null));
    assertThrows(NullPointerException.class, () -> SecretBytes.wrap(new byte[1], null));
  }
}

package dev.mayfly.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mayfly.common.InsecureSecretAccess;
import dev.mayfly.common.SecretBytes;
import java.lang.reflect.Field;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

class IdentityKeyPairTest {
  private static final Random RANDOM = new Random(5);

  @Test
  void close_privateKey_isZeroed() throws ReflectiveOperationException {
    IdentityKeyPair key = SessionFixture.keyPair(RANDOM);
    Field seedField = IdentityKeyPair.class.getDeclaredField("seed");
    seedField.setAccessible(true);
    byte[] seed = (byte[]) seedField.get(key);
    assertFalse(java.util.Arrays.equals(new byte[32], seed));
    key.close();
    assertTrue(key.isDestroyed());
    assertArrayEquals(new byte[32], seed);
  }

  @Test
  void useAfterDestroy_throwsIllegalState() {
    IdentityKeyPair key = IdentityKeyPair.generate(new SecureRandom());
    key.destroy();
    key.destroy();
    assertThrows(IllegalStateException.class, key::publicKey);
    assertThrows(IllegalStateException.class, () -> key.sign(new byte[1]));
    assertThrows(IllegalStateException.class, () -> EnvelopeTest.builder().sign(key));
  }

  @Test
  void toString_isRedacted() {
    try (SecretBytes seed = SecretBytes.copyOf(new byte[32], InsecureSecretAccess.get())) {
      byte[] raw = new byte[32];
      java.util.Arrays.fill(raw, (byte) 0xAB);
      try (SecretBytes abab = SecretBytes.copyOf(raw, InsecureSecretAccess.get());
          IdentityKeyPair key = IdentityKeyPair.fromPrivateKey(abab, InsecureSecretAccess.get())) {
        assertFalse(key.toString().toLowerCase().contains("abab"));
        assertTrue(key.toString().contains("redacted"));
      }
      assertEquals(32, seed.length());
    }
  }

  @Test
  void fromPrivateKey_callerKeepsOwnership() {
    SecretBytes seed = SecretBytes.copyOf(new byte[32], InsecureSecretAccess.get());
    IdentityKeyPair key = IdentityKeyPair.fromPrivateKey(seed, InsecureSecretAccess.get());
    key.close();
    assertFalse(seed.isDestroyed());
    seed.close();
  }

  @Test
  void fromPrivateKey_wrongLength_throwsIllegalArgument() {
    try (SecretBytes shortSeed = SecretBytes.copyOf(new byte[31], InsecureSecretAccess.get())) {
      assertThrows(IllegalArgumentException.class,
          () -> IdentityKeyPair.fromPrivateKey(shortSeed, InsecureSecretAccess.get()));
    }
  }

  @Test
  void publicKey_create_rejectsBadEncodings() {
    assertThrows(IllegalArgumentException.class, () -> IdentityPublicKey.create(new byte[31]));
    byte[] neutral = new byte[32];
    neutral[0] = 1;
    assertThrows(IllegalArgumentException.class, () -> IdentityPublicKey.create(neutral));
    byte[] notOnCurve = HexFormat.of().parseHex(
        "0200000000000000000000000000000000000000000000000000000000000000"); // y = 2: no point
    assertThrows(IllegalArgumentException.class, () -> IdentityPublicKey.create(notOnCurve));
    byte[] outsideSubgroup = HexFormat.of().parseHex(
        "0300000000000000000000000000000000000000000000000000000000000000"); // on the curve only
    assertThrows(IllegalArgumentException.class, () -> IdentityPublicKey.create(outsideSubgroup));
    byte[] nonCanonical = HexFormat.of().parseHex(
        "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"); // y = p
    assertThrows(IllegalArgumentException.class, () -> IdentityPublicKey.create(nonCanonical));
  }

  @Test
  void publicKey_equalsByEncoding() {
    try (IdentityKeyPair key = SessionFixture.keyPair(RANDOM)) {
      IdentityPublicKey copy = IdentityPublicKey.create(key.publicKey().encoded());
      assertEquals(key.publicKey(), copy);
      assertEquals(key.publicKey().hashCode(), copy.hashCode());
    }
  }
}

package dev.mayfly.mpc.ecdsa;

import dev.mayfly.common.PartyId;
import dev.mayfly.common.ProtocolException;
import dev.mayfly.mpc.InProcessEcdsa;
import java.security.SecureRandom;

/** Keys shared by the ECDSA tests, generated once per JVM (a key generation takes a while). */
final class EcdsaTestKeys {
  static final PartyId ALICE = PartyId.of(1);
  static final PartyId BOB = PartyId.of(2);
  static final PartyId CAROL = PartyId.of(3);

  private static InProcessEcdsa twoOfThree;

  private EcdsaTestKeys() {}

  static synchronized InProcessEcdsa twoOfThree() throws ProtocolException {
    if (twoOfThree == null) {
      twoOfThree = InProcessEcdsa.generate(2, 3, seeded(7));
    }
    return twoOfThree;
  }

  /**
   * A fresh 2-of-2 key of ALICE and BOB, for tests whose tampering poisons a pair (a poisoned pair
   * refuses every later session, so such tests cannot share a key).
   */
  static InProcessEcdsa freshPair() throws ProtocolException {
    return InProcessEcdsa.generate(2, 2, new SecureRandom());
  }

  static SecureRandom seeded(long seed) {
    try {
      SecureRandom r = SecureRandom.getInstance("SHA1PRNG");
      r.setSeed(seed);
      return r;
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The 32-byte scalar at {@code offset} with its lowest bit flipped (stays canonical whp). */
  static byte[] flipScalarBit(byte[] bytes, int offset) {
    byte[] c = bytes.clone();
    c[offset + 31] ^= 1;
    return c;
  }
}

package dev.mayfly.mpc.ciphersuite.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mayfly.mpc.ciphersuite.Ciphersuite;
import java.math.BigInteger;
import dev.mayfly.testsupport.Seeded;
import org.junit.jupiter.api.Test;

/** The constant-time limb arithmetic agrees with {@link BigInteger} for both group orders. */
class ScalarFieldPropertyTest {

  static ScalarField field(int suiteId) {
    return SuiteMath.of(Ciphersuite.byId(suiteId).orElseThrow()).scalars();
  }

  static BigInteger littleEndian(byte[] b) {
    byte[] be = new byte[b.length + 1];
    for (int i = 0; i < b.length; i++) {
      be[b.length - i] = b[i];
    }
    return new BigInteger(be);
  }

  @Test
  void arithmetic_matchesBigInteger() {
    Seeded.forAll(300, g -> arithmetic(g.oneOf(1, 2), g.bytes(64, 64), g.bytes(64, 64)));
  }

  private static void arithmetic(int suiteId, byte[] x, byte[] y) {
    ScalarField f = field(suiteId);
    BigInteger n = f.order();
    int[] a = f.reduceLittleEndian(x);
    int[] b = f.reduceBigEndian(y);
    BigInteger ab = littleEndian(x).mod(n);
    BigInteger bb = new BigInteger(1, y).mod(n);
    assertEquals(ab, f.toBigIntegerPublic(a));
    assertEquals(bb, f.toBigIntegerPublic(b));
    assertEquals(ab.add(bb).mod(n), f.toBigIntegerPublic(f.add(a, b)));
    assertEquals(ab.subtract(bb).mod(n), f.toBigIntegerPublic(f.sub(a, b)));
    assertEquals(ab.multiply(bb).mod(n), f.toBigIntegerPublic(f.mul(a, b)));
    assertEquals(ab.negate().mod(n), f.toBigIntegerPublic(f.negate(a)));
    if (bb.signum() != 0) {
      assertEquals(bb.modInverse(n), f.toBigIntegerPublic(f.invertPublic(b)));
    }
    byte[] enc = f.encode(a);
    assertEquals(ab, f.toBigIntegerPublic(f.decode(enc, 0)));
  }
}

package dev.mayfly.mpc.ciphersuite.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mayfly.mpc.ciphersuite.Ciphersuite;
import dev.mayfly.mpc.ciphersuite.GroupElement;
import java.math.BigInteger;
import java.util.SplittableRandom;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECPoint;
import org.junit.jupiter.api.Test;

/**
 * The limb-based constant-time P-256 multiplication against Bouncy Castle's own multiplication,
 * over a seeded generator (seed in every failure message), plus the recoding's edge scalars.
 */
class P256LadderTest {
  private static final X9ECParameters P = CustomNamedCurves.getByName("P-256");
  private static final SuiteMath MATH = SuiteMath.of(Ciphersuite.p256Sha256());
  private static final ScalarField F = MATH.scalars();

  private static int[] limbs(BigInteger v) {
    byte[] be = new byte[32];
    byte[] raw = v.toByteArray();
    int n = Math.min(raw.length, 32);
    System.arraycopy(raw, raw.length - n, be, 32 - n, n);
    return F.decode(be, 0);
  }

  private static void check(BigInteger k, String context) {
    int[] kl = limbs(k);
    int[] digits = P256Ladder.recode(kl, F.orderLimbs());
    BigInteger sum = BigInteger.ZERO;
    for (int i = P256Ladder.DIGITS - 1; i >= 0; i--) {
      int d = digits[i];
      assertTrue((d & 1) == 1 && d >= -15 && d <= 15, context + " digit " + i + " = " + d);
      sum = sum.shiftLeft(4).add(BigInteger.valueOf(d));
    }
    BigInteger expected = k.testBit(0) ? k : k.add(F.order());
    assertEquals(expected, sum, context);
    ECPoint g = P.getG();
    byte[] want = g.multiply(k).normalize().getEncoded(true);
    if (k.signum() != 0) {
      assertEquals(new BigInteger(1, want),
          new BigInteger(1, MATH.mulBase(kl).encode()), context + " mulBase");
      GroupElement q = MATH.mulBase(F.fromInt(7));
      byte[] want2 = g.multiply(BigInteger.valueOf(7)).multiply(k).normalize().getEncoded(true);
      assertEquals(new BigInteger(1, want2),
          new BigInteger(1, MATH.mulSecret(q, kl).encode()), context + " mulSecret");
    }
  }

  @Test
  void mulBaseAndMulSecret_matchBouncyCastle_andRecodingIsExact() {
    long seed = new SplittableRandom().nextLong();
    SplittableRandom r = new SplittableRandom(seed);
    BigInteger n = F.order();
    for (int i = 0; i < 200; i++) {
      BigInteger k = new BigInteger(256, new java.util.Random(r.nextLong())).mod(n);
      check(k, "seed " + seed + " case " + i + " k " + k.toString(16));
    }
    for (BigInteger k : new BigInteger[] {BigInteger.ONE, BigInteger.TWO, BigInteger.valueOf(15),
        BigInteger.valueOf(16), BigInteger.valueOf(17), n.subtract(BigInteger.ONE),
        n.subtract(BigInteger.TWO), BigInteger.ONE.shiftLeft(255), n.shiftRight(1)}) {
      check(k, "edge " + k.toString(16));
    }
  }

  @Test
  void manyTermSums_pippenger_matchBouncyCastle() {
    long seed = new SplittableRandom().nextLong();
    SplittableRandom r = new SplittableRandom(seed);
    java.security.SecureRandom rng = new java.security.SecureRandom();
    for (int n : new int[] {64, 65, 300}) {
      GroupElement[] points = new GroupElement[n];
      int[][] ks = new int[n][];
      ECPoint want = P.getCurve().getInfinity();
      for (int i = 0; i < n; i++) {
        points[i] = MATH.mulBase(MATH.randomScalar(rng));
        // Short, long, zero, and repeated-point terms.
        ks[i] = i % 7 == 0 ? F.zero() : i % 5 == 0 ? F.fromInt(1 + r.nextInt(1000))
            : MATH.randomScalar(rng);
        if (i % 11 == 0 && i > 0) {
          points[i] = points[i - 1];
        }
        ECPoint pi = P.getCurve().decodePoint(points[i].encode());
        want = want.add(pi.multiply(F.toBigIntegerPublic(ks[i])));
      }
      int[] base = MATH.randomScalar(rng);
      want = want.add(P.getG().multiply(F.toBigIntegerPublic(base))).normalize();
      GroupElement got = MATH.sumOfProductsPublic(points, ks, base);
      assertEquals(new BigInteger(1, want.getEncoded(true)), new BigInteger(1, got.encode()),
          "seed " + seed + " n " + n);
    }
  }
}

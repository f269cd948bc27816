package dev.mayfly.mpc.ciphersuite.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The flat 64-bit-limb arithmetic modulo the P-256 order agrees with {@link BigInteger}, on edge
 * values (0, 1, n-1, limb boundaries) and on seeded random ones.
 */
class P256ScalarsTest {
  private static final BigInteger N = P256Scalars.ORDER;
  private static final BigInteger R = BigInteger.ONE.shiftLeft(256);
  private static final BigInteger R_INV = R.modInverse(N);

  private static long[] limbs(BigInteger v) {
    long[] r = new long[P256Scalars.LIMBS];
    for (int i = 0; i < r.length; i++) {
      r[i] = v.shiftRight(64 * i).longValue();
    }
    return r;
  }

  private static BigInteger value(long[] a, int off) {
    return P256Scalars.toBigIntegerPublic(a, off);
  }

  private static List<BigInteger> samples(Random random) {
    List<BigInteger> out = new ArrayList<>();
    for (BigInteger v : new BigInteger[] {BigInteger.ZERO, BigInteger.ONE, BigInteger.TWO,
        N.subtract(BigInteger.ONE), N.subtract(BigInteger.TWO), N.shiftRight(1),
        BigInteger.ONE.shiftLeft(64), BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE),
        BigInteger.ONE.shiftLeft(255)}) {
      out.add(v);
    }
    for (int i = 0; i < 60; i++) {
      out.add(new BigInteger(256, random).mod(N));
    }
    return out;
  }

  @Test
  void arithmetic_edgeAndRandomValues_matchesBigInteger() {
    Random random = new Random(20261206L);
    List<BigInteger> values = samples(random);
    long[] acc = new long[P256Scalars.ACC];
    long[] r = new long[P256Scalars.LIMBS];
    for (BigInteger x : values) {
      for (BigInteger y : values) {
        long[] a = limbs(x);
        long[] b = limbs(y);
        P256Scalars.add(a, 0, b, 0, r, 0);
        assertEquals(x.add(y).mod(N), value(r, 0));
        P256Scalars.sub(a, 0, b, 0, r, 0);
        assertEquals(x.subtract(y).mod(N), value(r, 0));
        P256Scalars.mulAcc(a, 0, b, 0, acc);
        P256Scalars.redc(acc, r, 0);
        assertEquals(x.multiply(y).multiply(R_INV).mod(N), value(r, 0));
        assertArrayEquals(new long[P256Scalars.ACC], acc, "redc clears the accumulator");
        P256Scalars.mulAcc(a, 0, b, 0, acc);
        P256Scalars.mulAcc(a, 0, a, 0, acc);
        P256Scalars.mulAcc(b, 0, b, 0, acc);
        P256Scalars.redcSmall(acc, r, 0);
        assertEquals(x.multiply(y).add(x.multiply(x)).add(y.multiply(y)).multiply(R_INV).mod(N),
            value(r, 0));
        assertArrayEquals(new long[P256Scalars.ACC], acc, "redcSmall clears the accumulator");
        long[] am = new long[P256Scalars.LIMBS];
        P256Scalars.toMontgomery(a, 0, acc, am, 0);
        assertEquals(x.multiply(R).mod(N), value(am, 0));
        P256Scalars.mulMont(am, 0, b, 0, acc, r, 0);
        assertEquals(x.multiply(y).mod(N), value(r, 0));
      }
      long[] a = limbs(x);
      P256Scalars.negate(a, 0, r, 0);
      assertEquals(x.negate().mod(N), value(r, 0));
      P256Scalars.select(a, 0, limbs(BigInteger.ONE), 0, 1, r, 0);
      assertEquals(BigInteger.ONE, value(r, 0));
      P256Scalars.select(a, 0, limbs(BigInteger.ONE), 0, 0, r, 0);
      assertEquals(x, value(r, 0));
      P256Scalars.mask(a, 0, 0, r, 0);
      assertEquals(BigInteger.ZERO, value(r, 0));
      byte[] enc = new byte[34];
      P256Scalars.encode(a, 0, enc, 1);
      long[] back = new long[P256Scalars.LIMBS];
      assertEquals(0, P256Scalars.decode(enc, 1, back, 0));
      assertEquals(x, value(back, 0));
    }
  }

  @Test
  void mulAcc_fifteenMaximalProducts_reduceCorrectly() {
    long[] a = limbs(N.subtract(BigInteger.ONE));
    long[] acc = new long[P256Scalars.ACC];
    for (int i = 0; i < P256Scalars.MAX_TERMS; i++) {
      P256Scalars.mulAcc(a, 0, a, 0, acc);
    }
    long[] r = new long[P256Scalars.LIMBS];
    P256Scalars.redc(acc, r, 0);
    BigInteger m = N.subtract(BigInteger.ONE);
    assertEquals(m.multiply(m).multiply(BigInteger.valueOf(P256Scalars.MAX_TERMS))
        .multiply(R_INV).mod(N), value(r, 0));
  }

  @Test
  void redcHash_randomAndExtreme48Bytes_matchesBigInteger() {
    Random random = new Random(7L);
    long[] acc = new long[P256Scalars.ACC];
    long[] r = new long[P256Scalars.LIMBS];
    for (int i = 0; i < 200; i++) {
      byte[] in = new byte[50];
      if (i == 0) {
        java.util.Arrays.fill(in, (byte) 0xFF);
      } else if (i > 1) {
        random.nextBytes(in);
      }
      P256Scalars.redcHash(in, 1, acc, r, 0);
      BigInteger x = new BigInteger(1, java.util.Arrays.copyOfRange(in, 1, 49));
      assertEquals(x.multiply(R_INV).mod(N), value(r, 0));
    }
  }

  @Test
  void isCanonical_edgeAndRandomValues_agreesWithDecode_bothOrders() {
    Random random = new Random(11L);
    for (int suite = 1; suite <= 2; suite++) {
      ScalarField f = SuiteMath.of(
          dev.mayfly.mpc.ciphersuite.Ciphersuite.byId(suite).orElseThrow()).scalars();
      BigInteger n = f.order();
      List<BigInteger> values = new ArrayList<>(List.of(BigInteger.ZERO, BigInteger.ONE,
          n.subtract(BigInteger.ONE), n, n.add(BigInteger.ONE), R.subtract(BigInteger.ONE),
          n.subtract(BigInteger.ONE).setBit(0).clearBit(0), n.add(BigInteger.valueOf(256))));
      for (int i = 0; i < 300; i++) {
        values.add(new BigInteger(256, random));
        values.add(n.add(BigInteger.valueOf(random.nextInt(1 << 20) - (1 << 19))));
      }
      for (BigInteger v : values) {
        byte[] be = new byte[32];
        byte[] raw = v.toByteArray();
        int len = Math.min(32, raw.length);
        System.arraycopy(raw, raw.length - len, be, 32 - len, len);
        byte[] enc = be;
        if (suite == 1) { // Ed25519 scalars are little-endian
          enc = new byte[32];
          for (int k = 0; k < 32; k++) {
            enc[k] = be[31 - k];
          }
        }
        byte[] padded = new byte[35];
        System.arraycopy(enc, 0, padded, 2, 32);
        boolean expected = v.compareTo(n) < 0;
        assertEquals(expected, f.isCanonical(padded, 2), "suite " + suite + " value " + v);
        assertEquals(expected, f.decode(padded, 2) != null, "suite " + suite + " value " + v);
      }
    }
  }

  @Test
  void decode_orderAndAbove_rejected() {
    long[] r = new long[P256Scalars.LIMBS];
    for (BigInteger v : new BigInteger[] {N, N.add(BigInteger.ONE), R.subtract(BigInteger.ONE)}) {
      byte[] enc = new byte[32];
      byte[] raw = v.toByteArray();
      System.arraycopy(raw, raw.length - 32, enc, 0, 32);
      assertEquals(-1L, P256Scalars.decode(enc, 0, r, 0));
    }
  }
}

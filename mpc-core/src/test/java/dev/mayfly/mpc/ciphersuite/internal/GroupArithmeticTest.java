package dev.mayfly.mpc.ciphersuite.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mayfly.mpc.ciphersuite.Ciphersuite;
import dev.mayfly.mpc.ciphersuite.GroupElement;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Group arithmetic against independent implementations, and strict decoding. */
class GroupArithmeticTest {
  static final SuiteMath ED = SuiteMath.of(Ciphersuite.ed25519Sha512());
  static final SuiteMath P256 = SuiteMath.of(Ciphersuite.p256Sha256());
  static final SecureRandom RANDOM = new SecureRandom();

  static List<SuiteMath> maths() {
    return List.of(ED, P256);
  }

  @Test
  void mulBase_matchesBouncyCastleEd25519PublicKeys() {
    for (int i = 0; i < 20; i++) {
      byte[] sk = new byte[32];
      RANDOM.nextBytes(sk);
      byte[] expected = new byte[32];
      Ed25519.generatePublicKey(sk, 0, expected, 0);
      // RFC 8032 §5.1.5: s = clamp(SHA-512(sk)[0..32]).
      org.bouncycastle.crypto.digests.SHA512Digest d = new org.bouncycastle.crypto.digests.SHA512Digest();
      byte[] h = new byte[64];
      d.update(sk, 0, 32);
      d.doFinal(h, 0);
      h[0] &= (byte) 248;
      h[31] &= 127;
      h[31] |= 64;
      int[] s = ED.scalars().reduceLittleEndian(Arrays.copyOf(h, 32));
      assertArrayEquals(expected, ED.mulBase(s).encode());
    }
  }

  @Test
  void mulBase_matchesBouncyCastleP256() {
    X9ECParameters p = CustomNamedCurves.getByName("P-256");
    for (int i = 0; i < 20; i++) {
      int[] k = P256.randomScalar(RANDOM);
      BigInteger kb = P256.scalars().toBigIntegerPublic(k);
      assertArrayEquals(p.getG().multiply(kb).getEncoded(true), P256.mulBase(k).encode());
    }
  }

  @ParameterizedTest
  @MethodSource("maths")
  void sumOfProducts_agreesWithConstantTimeBaseMultiplication(SuiteMath m) {
    ScalarField f = m.scalars();
    int[] a = m.randomScalar(RANDOM);
    int[] b = m.randomScalar(RANDOM);
    int[] c = m.randomScalar(RANDOM);
    GroupElement pa = m.mulBase(a);
    GroupElement pb = m.mulBase(b);
    // a*b*G + c*G computed two ways, plus small scalars and the identity.
    GroupElement viaSum = m.sumOfProductsPublic(new GroupElement[] {pa}, new int[][] {b}, c);
    assertTrue(m.equalPublic(m.mulBase(f.add(f.mul(a, b), c)), viaSum));
    GroupElement small = m.sumOfProductsPublic(
        new GroupElement[] {pa, pb}, new int[][] {f.fromInt(3), f.fromInt(70000)}, null);
    assertTrue(m.equalPublic(m.mulBase(f.add(f.mul(a, f.fromInt(3)), f.mul(b, f.fromInt(70000)))),
        small));
    assertTrue(m.add(pa, m.negate(pa)).isIdentity());
    assertTrue(m.mulBase(f.zero()).isIdentity());
    assertThrows(IllegalStateException.class, () -> m.identity().encode());
    assertArrayEquals(pa.encode(), m.decode(pa.encode(), 0).encode());
  }

  @Test
  void decodeEd25519_nonCanonicalY_rejected() {
    // y = p = 2^255 - 19 encodes the same field element as y = 0: non-canonical.
    byte[] enc = HexFormat.of().parseHex(
        "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f");
    assertNull(ED.decode(enc, 0));
    // y = p + 1 would be the identity.
    enc[0] = (byte) 0xee;
    assertNull(ED.decode(enc, 0));
  }

  @Test
  void decodeEd25519_identityAndEverySmallOrderPoint_rejected() {
    String[] smallOrder = {
      "0100000000000000000000000000000000000000000000000000000000000000", // identity
      "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", // order 2
      "0000000000000000000000000000000000000000000000000000000000000000", // order 4
      "0000000000000000000000000000000000000000000000000000000000000080", // x = 0, sign 1
      "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05", // order 8
      "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a", // order 8
      "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85", // order 8
      "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa", // order 8
    };
    for (String hex : smallOrder) {
      assertNull(ED.decode(HexFormat.of().parseHex(hex), 0), hex);
    }
  }

  @Test
  void decodeEd25519_mixedOrderPoint_rejected() {
    GroupElement p = ED.mulBase(ED.randomScalar(RANDOM));
    GroupElement torsion = Ed25519Torsion.orderEight();
    byte[] mixed = ED.add(p, torsion).encode();
    assertNull(ED.decode(mixed, 0));
    assertNotNull(ED.decode(p.encode(), 0));
  }

  @Test
  void decodeEd25519_notOnCurve_rejected() {
    // y = 2: (y^2 - 1) / (d y^2 + 1) is not a square.
    byte[] enc = new byte[32];
    enc[0] = 2;
    assertNull(ED.decode(enc, 0));
  }

  @Test
  void decodeP256_invalidEncodings_rejected() {
    byte[] good = P256.mulBase(P256.randomScalar(RANDOM)).encode();
    byte[] wrongPrefix = good.clone();
    wrongPrefix[0] = 4;
    assertNull(P256.decode(wrongPrefix, 0));
    byte[] identity = new byte[33];
    assertNull(P256.decode(identity, 0));
    byte[] xTooBig = new byte[33];
    xTooBig[0] = 2;
    Arrays.fill(xTooBig, 1, 33, (byte) 0xff);
    assertNull(P256.decode(xTooBig, 0));
    // The smallest x whose x^3 - 3x + b is a non-residue mod p is no curve abscissa.
    X9ECParameters params = CustomNamedCurves.getByName("P-256");
    BigInteger prime = params.getCurve().getField().getCharacteristic();
    BigInteger b = params.getCurve().getB().toBigInteger();
    BigInteger x = BigInteger.ZERO;
    while (true) {
      BigInteger rhs = x.pow(3).subtract(x.multiply(BigInteger.valueOf(3))).add(b).mod(prime);
      if (!rhs.modPow(prime.shiftRight(1), prime).equals(BigInteger.ONE)) {
        break;
      }
      x = x.add(BigInteger.ONE);
    }
    byte[] offCurve = new byte[33];
    offCurve[0] = 2;
    byte[] xb = org.bouncycastle.util.BigIntegers.asUnsignedByteArray(32, x);
    System.arraycopy(xb, 0, offCurve, 1, 32);
    assertNull(P256.decode(offCurve, 0));
    assertNotNull(P256.decode(good, 0));
  }

  @ParameterizedTest
  @MethodSource("maths")
  void decodeScalar_orderAndAbove_rejected(SuiteMath m) {
    ScalarField f = m.scalars();
    assertNull(m.decodeScalar(f.encode(f.orderLimbs()), 0));
    byte[] max = new byte[32];
    Arrays.fill(max, (byte) 0xff);
    assertNull(m.decodeScalar(max, 0));
    BigInteger orderMinusOne = f.order().subtract(BigInteger.ONE);
    byte[] be = org.bouncycastle.util.BigIntegers.asUnsignedByteArray(32, orderMinusOne);
    byte[] enc = m == ED ? reverse(be) : be;
    assertEquals(orderMinusOne, f.toBigIntegerPublic(m.decodeScalar(enc, 0)));
  }

  static byte[] reverse(byte[] b) {
    byte[] r = new byte[b.length];
    for (int i = 0; i < b.length; i++) {
      r[i] = b[b.length - 1 - i];
    }
    return r;
  }

  @Test
  void expandMessageXmd_matchesRfc9380Vector() {
    // RFC 9380 Appendix K.1, expand_message_xmd(SHA-256), msg "abc", len_in_bytes 0x20.
    byte[] dst = "QUUX-V01-CS02-with-expander-SHA256-128".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    byte[] out = P256Math.expandMessageXmd("abc".getBytes(java.nio.charset.StandardCharsets.US_ASCII), dst, 0x20);
    assertEquals("d8ccab23b5985ccea865c6c97b6e5b8350e794e603b4b97902f53a8a0d605615",
        HexFormat.of().formatHex(out));
  }
}

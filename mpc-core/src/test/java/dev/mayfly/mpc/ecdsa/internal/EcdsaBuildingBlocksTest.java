package dev.mayfly.mpc.ecdsa.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mayfly.common.PartyId;
import dev.mayfly.mpc.ciphersuite.GroupElement;
import dev.mayfly.mpc.ciphersuite.internal.ScalarField;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The primitives under threshold ECDSA, each against its defining relation. */
class EcdsaBuildingBlocksTest {
  static final ScalarField F = EcdsaCodec.MATH.scalars();
  final SecureRandom random = new SecureRandom();

  static BigInteger toBig(long lo, long hi) {
    byte[] le = new byte[16];
    Gf128.write(lo, hi, le, 0);
    byte[] be = new byte[17];
    for (int i = 0; i < 16; i++) {
      be[16 - i] = le[i];
    }
    return new BigInteger(be);
  }

  /** Carry-less product and reduction modulo x^128 + x^7 + x^2 + x + 1 with BigInteger. */
  static BigInteger reference(BigInteger a, BigInteger b) {
    BigInteger p = BigInteger.ZERO;
    for (int i = 0; i < b.bitLength(); i++) {
      if (b.testBit(i)) {
        p = p.xor(a.shiftLeft(i));
      }
    }
    BigInteger modulus = BigInteger.ONE.shiftLeft(128).or(BigInteger.valueOf(0x87));
    for (int i = p.bitLength() - 1; i >= 128; i--) {
      if (p.testBit(i)) {
        p = p.xor(modulus.shiftLeft(i - 128));
      }
    }
    return p;
  }

  @Test
  void gf128Mul_matchesPolynomialReference() {
    for (int i = 0; i < 200; i++) {
      long[] a = {random.nextLong(), random.nextLong()};
      long[] b = {random.nextLong(), random.nextLong()};
      long[] r = Gf128.mul(a[0], a[1], b[0], b[1]);
      assertEquals(reference(toBig(a[0], a[1]), toBig(b[0], b[1])), toBig(r[0], r[1]));
    }
    long[] edges = {0, -1, 1, Long.MIN_VALUE, 0x8888_8888_8888_8888L, 0x1111_1111_1111_1111L,
        0x5555_5555_5555_5555L, 0xFFFF_FFFF_0000_0000L};
    for (long a0 : edges) {
      for (long b0 : edges) {
        long[] r = Gf128.mul(a0, ~b0, b0, a0);
        assertEquals(reference(toBig(a0, ~b0), toBig(b0, a0)), toBig(r[0], r[1]));
      }
    }
    long[] top = Gf128.mul(0, Long.MIN_VALUE, 2, 0); // x^127 * x = x^128 = x^7 + x^2 + x + 1
    assertArrayEquals(new long[] {0x87, 0}, top);
  }

  @Test
  void baseOt_receiverGetsExactlyTheChosenSeeds() {
    BaseOt.SenderKey key = BaseOt.SenderKey.generate(EcdsaCodec.MATH, random);
    byte[] choices = new byte[16];
    random.nextBytes(choices);
    byte[] got = new byte[BaseOt.COUNT * 32];
    byte[] ctx = {9};
    byte[] msg = BaseOt.receive(EcdsaCodec.MATH, ctx, PartyId.of(1), PartyId.of(2),
        key.publicKey(), choices, random, got);
    BaseOt.ReceiverMessage parsed = BaseOt.parse(EcdsaCodec.MATH, msg, 0);
    byte[] s0 = new byte[got.length];
    byte[] s1 = new byte[got.length];
    assertTrue(BaseOt.send(EcdsaCodec.MATH, ctx, PartyId.of(1), PartyId.of(2), key, parsed,
        random, s0, s1));
    // The OR proofs bind the session context and the parties.
    assertFalse(BaseOt.send(EcdsaCodec.MATH, new byte[] {8}, PartyId.of(1), PartyId.of(2), key,
        parsed, random, new byte[got.length], new byte[got.length]));
    assertFalse(BaseOt.send(EcdsaCodec.MATH, ctx, PartyId.of(3), PartyId.of(2), key, parsed,
        random, new byte[got.length], new byte[got.length]));
    for (int k = 0; k < BaseOt.COUNT; k++) {
      boolean bit = ((choices[k >>> 3] >>> (k & 7)) & 1) == 1;
      byte[] mine = Arrays.copyOfRange(got, 32 * k, 32 * k + 32);
      assertArrayEquals(Arrays.copyOfRange(bit ? s1 : s0, 32 * k, 32 * k + 32), mine);
      assertFalse(Arrays.equals(Arrays.copyOfRange(bit ? s0 : s1, 32 * k, 32 * k + 32), mine));
    }
    key.destroy();
    assertTrue(Arrays.stream(key.secretForTest()).allMatch(v -> v == 0));
  }

  /** A pair setup as the key generation would leave it, with random base-OT outcomes. */
  PairSetup randomPair(byte[] delta) {
    return randomPair(delta, random);
  }

  /** {@link #randomPair(byte[])} from the given generator. */
  static PairSetup randomPair(byte[] delta, java.security.SecureRandom random) {
    byte[] s0 = new byte[OtExtension.KAPPA * 32];
    byte[] s1 = new byte[OtExtension.KAPPA * 32];
    random.nextBytes(s0);
    random.nextBytes(s1);
    byte[] chosen = new byte[s0.length];
    for (int c = 0; c < OtExtension.KAPPA; c++) {
      boolean bit = ((delta[c >>> 3] >>> (c & 7)) & 1) == 1;
      System.arraycopy(bit ? s1 : s0, 32 * c, chosen, 32 * c, 32);
    }
    return new PairSetup(PartyId.of(2), delta, chosen, s0, s1, new byte[32]);
  }

  @Test
  void otExtension_rowsAreCorrelatedByDelta_andCheckCatchesTampering() {
    byte[] delta = new byte[16];
    random.nextBytes(delta);
    PairSetup pair = randomPair(delta);
    byte[] tweak = new byte[32];
    random.nextBytes(tweak);
    OtExtension.ReceiverRound bob = OtExtension.extend(pair.receiverSeeds0(),
        pair.receiverSeeds1(), tweak, random);
    long[] q = OtExtension.senderRows(delta, pair.senderSeeds(), tweak, bob.u, bob.check);
    assertNotNull(q);
    long[] d = Gf128.read(delta, 0);
    for (int j = 0; j < OtExtension.OTS; j++) {
      long mask = -(long) bob.choice(j);
      assertEquals(bob.rows[2 * j] ^ (d[0] & mask), q[2 * j]);
      assertEquals(bob.rows[2 * j + 1] ^ (d[1] & mask), q[2 * j + 1]);
    }
    byte[] badCheck = bob.check.clone();
    badCheck[3] ^= 1;
    assertNull(OtExtension.senderRows(delta, pair.senderSeeds(), tweak, bob.u, badCheck));
    byte[] otherTweak = tweak.clone();
    otherTweak[0] ^= 1;
    assertNull(OtExtension.senderRows(delta, pair.senderSeeds(), otherTweak, bob.u, bob.check));
  }

  @Test
  void rvole_outputsAddUpToProducts_andCheckCatchesUsedTamperedRow() throws Exception {
    byte[] delta = new byte[16];
    random.nextBytes(delta);
    PairSetup pair = randomPair(delta);
    byte[] tweak = new byte[32];
    byte[] nonce = new byte[32];
    random.nextBytes(tweak);
    random.nextBytes(nonce);
    int[][] inputs = {EcdsaCodec.MATH.randomScalar(random), EcdsaCodec.MATH.randomScalar(random)};

    Rvole.Receiver bob = Rvole.start(F, pair, tweak, random);
    int[] b = bob.randomInput().clone();
    Rvole.SenderResult alice =
        Rvole.respond(F, pair, tweak, nonce, inputs, bob.u(), bob.check(), random);
    assertNotNull(alice);
    int[][] d = Rvole.finish(F, bob, tweak, nonce, alice.tau, alice.checkValues,
        alice.checkHash, alice.gamma);
    assertNotNull(d);
    for (int l = 0; l < Rvole.INPUTS; l++) {
      assertTrue(F.equal(F.mul(inputs[l], b), F.add(alice.outputs[l], d[l])));
    }

    // Tampering with tau of an OT whose choice bit is 1 changes Bob's values: the check fails.
    Rvole.Receiver bob2 = Rvole.start(F, pair, tweak, random);
    Rvole.SenderResult alice2 =
        Rvole.respond(F, pair, tweak, nonce, inputs, bob2.u(), bob2.check(), random);
    byte[] choices = (byte[]) bob2.arraysForTest()[0];
    int used = 0;
    while (((choices[used >>> 3] >>> (used & 7)) & 1) == 0) {
      used++;
    }
    byte[] tau = alice2.tau.clone();
    tau[used * 4 * 32 + 31] ^= 1;
    assertNull(Rvole.finish(F, bob2, tweak, nonce, tau, alice2.checkValues, alice2.checkHash,
        alice2.gamma));
  }
}

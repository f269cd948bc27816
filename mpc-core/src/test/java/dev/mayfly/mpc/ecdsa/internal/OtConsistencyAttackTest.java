package dev.mayfly.mpc.ecdsa.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mayfly.common.PartyId;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The OT-extension consistency check against cheating receivers: the flaw of KOS15's original row
 * check that SoftSpokenOT (Roy, ePrint 2022/192, appendix D) exhibits, per-column probing, and the
 * wiping of every buffer that holds or reveals correlation bits.
 */
class OtConsistencyAttackTest {
  private static final int A = 9;
  private static final int B = 2;
  private static final int J1 = 40;
  private static final int J2 = 301;

  private final SecureRandom random = new SecureRandom();

  private static long[] elem(SplittableRandom r) {
    return new long[] {r.nextLong(), r.nextLong()};
  }

  private static long[] xPow(int k) {
    return k < 64 ? new long[] {1L << k, 0} : new long[] {0, 1L << (k - 64)};
  }

  private static long[] mul(long[] x, long[] y) {
    return Gf128.mul(x[0], x[1], y[0], y[1]);
  }

  private static long[] xor(long[] x, long[] y) {
    return new long[] {x[0] ^ y[0], x[1] ^ y[1]};
  }

  /**
   * KOS15's original check (Fig. 7) as a reference: {@code sum chi_j q_j == t~ + x~ * Delta}, on
   * rows. A receiver uses another choice bit in row J1 of column A and in row J2 of column B. When
   * the coefficients satisfy {@code chi_J2 * X^B == chi_J1 * X^A} (the kind of relation the
   * appendix-D attack needs; a real attacker grinds Fiat–Shamir for it, the test fixes it), its
   * error term is {@code (Delta_A xor Delta_B) * w}: guessing the parity passes half the time and
   * reveals only a parity, which KOS15's Lemma 1 says cannot happen (it allows only individual
   * bits). Returns whether the old check accepts.
   */
  private static boolean oldRowCheckAccepts(int deltaA, int deltaB, int parityGuess, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    int rows = 640;
    long[] delta = elem(r);
    delta = setBit(setBit(delta, A, deltaA), B, deltaB);
    long[][] chi = new long[rows][];
    for (int j = 0; j < rows; j++) {
      chi[j] = elem(r);
    }
    chi[J2] = mul(chi[J1], xPow(A - B)); // chi_J2 * X^B == chi_J1 * X^A
    long[] sumQ = new long[2];
    long[] sumT = new long[2];
    long[] xTilde = new long[2];
    for (int j = 0; j < rows; j++) {
      long[] t = elem(r);
      int x = r.nextInt(2);
      long[] q = x == 1 ? xor(t, delta) : t;
      if (j == J1) {
        q = xor(q, ((delta[A / 64] >>> (A % 64)) & 1) == 1 ? xPow(A) : new long[2]);
      }
      if (j == J2) {
        q = xor(q, ((delta[B / 64] >>> (B % 64)) & 1) == 1 ? xPow(B) : new long[2]);
      }
      sumQ = xor(sumQ, mul(chi[j], q));
      sumT = xor(sumT, mul(chi[j], t));
      if (x == 1) {
        xTilde = xor(xTilde, chi[j]);
      }
    }
    long[] w = mul(chi[J1], xPow(A));
    long[] tTilde = parityGuess == 1 ? xor(sumT, w) : sumT;
    long[] rhs = xor(tTilde, mul(xTilde, delta));
    return Arrays.equals(sumQ, rhs);
  }

  private static long[] setBit(long[] v, int bit, int value) {
    long[] c = v.clone();
    c[bit / 64] = (c[bit / 64] & ~(1L << (bit % 64))) | ((long) value << (bit % 64));
    return c;
  }

  private static byte[] deltaWith(SecureRandom random, int deltaA, int deltaB) {
    byte[] d = new byte[16];
    random.nextBytes(d);
    d[A / 8] = (byte) ((d[A / 8] & ~(1 << (A % 8))) | (deltaA << (A % 8)));
    d[B / 8] = (byte) ((d[B / 8] & ~(1 << (B % 8))) | (deltaB << (B % 8)));
    return d;
  }

  /** A pair setup whose sender holds the seeds chosen by {@code delta}. */
  private PairSetup pairFor(byte[] delta) {
    return EcdsaBuildingBlocksTest.randomPair(delta, random);
  }

  /** A random Delta, its pair, a random tweak and Bob's honest extension. */
  private record Honest(byte[] delta, PairSetup pair, byte[] tweak,
      OtExtension.ReceiverRound bob) {}

  private Honest honest(byte[] delta) {
    PairSetup pair = pairFor(delta);
    byte[] tweak = new byte[32];
    random.nextBytes(tweak);
    return new Honest(delta, pair, tweak,
        OtExtension.extend(pair.receiverSeeds0(), pair.receiverSeeds1(), tweak, random));
  }

  private Honest honest() {
    byte[] delta = new byte[16];
    random.nextBytes(delta);
    return honest(delta);
  }

  /** The same receiver against the column check: does Alice accept? */
  private boolean columnCheckAccepts(int deltaA, int deltaB, int guessA, int guessB) {
    Honest h = honest(deltaWith(random, deltaA, deltaB));
    byte[] msg = CheatingReceiver.probe(h.pair(), h.tweak(), h.bob().u, new int[] {A, B},
        new int[] {J1, J2}, new int[] {guessA, guessB});
    return accepts(h, msg);
  }

  /** Whether Alice accepts Bob's rewritten {@code u || check}. */
  private static boolean accepts(Honest h, byte[] msg) {
    byte[] u = Arrays.copyOf(msg, OtExtension.U_BYTES);
    byte[] check = Arrays.copyOfRange(msg, OtExtension.U_BYTES, msg.length);
    return OtExtension.senderRows(h.delta(), h.pair().senderSeeds(), h.tweak(), u, check) != null;
  }

  @Test
  void royKosLemmaCounterexample_oldRowCheckLeaksParity_columnCheckRefuses() {
    long seed = new SecureRandom().nextLong();
    for (int da = 0; da < 2; da++) {
      for (int db = 0; db < 2; db++) {
        for (int g = 0; g < 2; g++) {
          String c = "seed " + seed + ", Delta_A=" + da + ", Delta_B=" + db + ", guess " + g;
          // The old check accepts the inconsistent receiver exactly when the parity is right.
          assertEquals((da ^ db) == g, oldRowCheckAccepts(da, db, g, seed), c);
          // The column check refuses that receiver unless it committed to both bits: a receiver
          // that only knows the parity (guessing Delta_A = g, Delta_B = 0) passes only when
          // Delta_B really is 0 and Delta_A is g.
          assertEquals(da == g && db == 0, columnCheckAccepts(da, db, g, 0), c);
        }
      }
    }
    // The case that separates them: Delta_A = Delta_B = 1, parity guess 0.
    assertTrue(oldRowCheckAccepts(1, 1, 0, seed));
    assertEquals(false, columnCheckAccepts(1, 1, 0, 0));
  }

  @Test
  void columnCheck_anyInconsistentColumn_passesOnlyWithTheRightGuess() {
    SplittableRandom r = new SplittableRandom();
    long seed = r.nextLong();
    SplittableRandom cases = new SplittableRandom(seed);
    for (int i = 0; i < 24; i++) {
      int column = cases.nextInt(OtExtension.KAPPA);
      int row = cases.nextInt(512);
      int guess = cases.nextInt(2);
      Honest h = honest();
      byte[] msg = CheatingReceiver.probe(h.pair(), h.tweak(), h.bob().u, column, row, guess);
      int deltaBit = (h.delta()[column >>> 3] >>> (column & 7)) & 1;
      assertEquals(deltaBit == guess, accepts(h, msg),
          "seed " + seed + " case " + i + " column " + column + " row " + row);
    }
  }

  @Test
  void otBuffers_afterExtensionAndCheck_allWiped() {
    List<Object> seen = new ArrayList<>();
    WipeProbe.setForTest(b -> {
      synchronized (seen) {
        seen.add(b);
      }
    });
    try {
      Honest h = honest();
      byte[] delta = h.delta();
      PairSetup pair = h.pair();
      byte[] tweak = h.tweak();
      OtExtension.ReceiverRound bob = h.bob();
      assertNotNull(OtExtension.senderRows(delta, pair.senderSeeds(), tweak, bob.u, bob.check));
      byte[] bad = bob.check.clone();
      bad[20] ^= 1;
      assertNull(OtExtension.senderRows(delta, pair.senderSeeds(), tweak, bob.u, bad));
      // The multiplication's row hashes, rows and Delta words.
      try {
        dev.mayfly.mpc.ciphersuite.internal.ScalarField f = EcdsaCodec.MATH.scalars();
        Rvole.Receiver receiver = Rvole.start(f, pair, tweak, random);
        int[][] inputs = {EcdsaCodec.MATH.randomScalar(random),
            EcdsaCodec.MATH.randomScalar(random)};
        Rvole.SenderResult res = Rvole.respond(f, pair, tweak, new byte[32], inputs,
            receiver.u(), receiver.check(), random);
        assertNotNull(Rvole.finish(f, receiver, tweak, new byte[32], res.tau, res.checkValues,
            res.checkHash, res.gamma));
      } catch (dev.mayfly.common.ProtocolException e) {
        throw new AssertionError(e);
      }
      // The base OT's encodings e0, e1 (which reveal the choice next to the message).
      BaseOt.SenderKey key = BaseOt.SenderKey.generate(EcdsaCodec.MATH, random);
      BaseOt.receive(EcdsaCodec.MATH, new byte[0], PartyId.of(1), PartyId.of(2),
          key.publicKey(), delta, random, new byte[BaseOt.COUNT * 32]);
      key.destroy();
    } finally {
      WipeProbe.setForTest(null);
    }
    assertTrue(seen.size() >= 4 * BaseOt.COUNT + 8, "probe saw " + seen.size() + " buffers");
    for (Object b : seen) {
      if (b instanceof byte[] bytes) {
        for (byte v : bytes) {
          assertEquals(0, v, "a byte buffer of " + bytes.length + " was not wiped");
        }
      } else if (b instanceof long[] longs) {
        for (long v : longs) {
          assertEquals(0L, v, "a long buffer of " + longs.length + " was not wiped");
        }
      }
    }
  }
}

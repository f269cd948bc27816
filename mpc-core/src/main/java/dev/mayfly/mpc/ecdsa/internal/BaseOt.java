package dev.mayfly.mpc.ecdsa.internal;

import dev.mayfly.common.PartyId;
import dev.mayfly.mpc.ciphersuite.GroupElement;
import dev.mayfly.mpc.ciphersuite.internal.ScalarField;
import dev.mayfly.mpc.ciphersuite.internal.SuiteMath;
import dev.mayfly.mpc.internal.SecretState;
import dev.mayfly.mpc.keygen.internal.Feldman;
import java.security.SecureRandom;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * The 128 base OTs of one ordered pair: the one-round endemic OT of Zhou, Zhang, Li, Wei, Wang
 * and Yang ("Endemic Oblivious Transfer via Random Oracles, Revisited", EUROCRYPT 2023, ePrint
 * 2022/1525, §3), which DKLs23 (ePrint 2023/765) recommends for its base OTs; its sender message is
 * independent of the receiver's, so it fits the key generation's two rounds.
 *
 * <ol>
 *   <li>The sender publishes {@code A = a*G} with a Schnorr proof of knowledge of {@code a}
 *       (round-1 broadcast; one key for every peer and every OT, as the paper allows).
 *   <li>The receiver draws a seed and derives {@code h = HashToCurve(seed, ...)}, a point whose
 *       discrete logarithm nobody knows. For OT {@code k} with choice bit {@code c}, it draws
 *       {@code r}, sends {@code u = r*h} and {@code v = r*G + c*h} with a non-interactive
 *       Chaum–Pedersen OR proof that {@code (u, v)} or {@code (u, v - h)} has the form
 *       {@code (r*h, r*G)} (the proof makes the choice bit extractable), and keeps
 *       {@code H(..., r*A)}.
 *   <li>The sender checks all proofs of the message at once (a random linear combination of
 *       their 512 verification equations with fresh 128-bit weights, one multi-scalar
 *       multiplication; error 2^-128) and derives {@code k^0 = H(..., a*v)} and
 *       {@code k^1 = H(..., a*v - a*h)}.
 * </ol>
 *
 * <p>Receiver message: the 32-byte seed, then per OT {@code u}, {@code v}, the proof's four
 * commitments {@code T_0h, T_0g, T_1h, T_1g} (33 bytes each) and its scalars {@code c_0, z_0, z_1}
 * ({@code c_1 = c - c_0}): {@value #MESSAGE_BYTES} bytes. Every hash binds the session context,
 * both parties, the index, {@code A}, {@code h}, {@code u} and {@code v}.
 *
 * <p><b>Security:</b> secret scalars only meet points in constant-time multiplications
 * ({@link SuiteMath#mulBase}, {@link SuiteMath#mulSecret}); which of the two proof branches is
 * real, and which of {@code r*G}, {@code r*G + h} is sent, are chosen by masked selections of both
 * encodings and both scalar sets, each computed every time; the unselected encodings are wiped.
 * The simulated branch uses public random scalars (they appear in the proof) in variable-time
 * arithmetic that does not depend on the choice bit. Points derived from secrets live in Bouncy
 * Castle objects that cannot be wiped.
 *
 * @since 0.1.0
 */
public final class BaseOt {
  /** Base OTs per ordered pair. */
  public static final int COUNT = OtExtension.KAPPA;

  /** Bytes of an encoded element. */
  public static final int ELEMENT_BYTES = 33;

  /** Bytes of an encoded scalar. */
  static final int SCALAR_BYTES = 32;

  /** Points of one OT in the receiver's message: {@code u, v, T_0h, T_0g, T_1h, T_1g}. */
  static final int POINTS = 6;

  /** Scalars of one OT in the receiver's message: {@code c_0, z_0, z_1}. */
  static final int SCALARS = 3;

  /** Bytes of one OT in the receiver's message. */
  public static final int OT_BYTES = POINTS * ELEMENT_BYTES + SCALARS * SCALAR_BYTES;

  /** Bytes of the receiver's seed for {@code h}. */
  public static final int SEED_BYTES = 32;

  /** Bytes of the receiver's message. */
  public static final int MESSAGE_BYTES = SEED_BYTES + COUNT * OT_BYTES;

  private BaseOt() {}

  /** The sender's key {@code a} and {@code A = a*G}; one per party, used towards every peer. */
  public static final class SenderKey extends SecretState {
    private final int[] a;
    private final GroupElement publicKey;

    private SenderKey(int[] a, GroupElement publicKey) {
      this.a = a;
      this.publicKey = publicKey;
    }

    /** A fresh key. */
    public static SenderKey generate(SuiteMath math, SecureRandom random) {
      int[] a = math.randomScalar(random);
      return new SenderKey(a, math.mulBase(a));
    }

    /** {@code A}. */
    public GroupElement publicKey() {
      return publicKey;
    }

    /** {@code a}, not a copy. */
    public int[] secret() {
      checkLive();
      return a;
    }

    /** The live secret limbs, for the wiping tests. */
    public int[] secretForTest() {
      return a;
    }

    @Override
    protected void wipe() {
      ScalarField.wipe(a);
    }

    @Override
    protected String describe() {
      return "base-OT sender key";
    }
  }

  /** The challenge hash of the proof of knowledge of a sender key, bound to a session context. */
  public static Feldman.ChallengeHash proofHash(SuiteMath math, byte[] context) {
    byte[] ctx = context.clone();
    return m -> Hashes.toScalar(math.scalars(), "base-ot-key-proof", m, ctx);
  }

  /**
   * {@code h}: a random-oracle point from the receiver's seed (try and increment: the first
   * counter whose hash is the x-coordinate of a curve point; the hash picks the sign of y). All
   * inputs are public, so the variable time is harmless; nobody knows {@code log_G h}.
   */
  static GroupElement hashToCurve(SuiteMath math, byte[] context, PartyId sender,
      PartyId receiver, GroupElement a, byte[] seed) {
    byte[] enc = new byte[ELEMENT_BYTES];
    for (int counter = 0; counter < 1 << 16; counter++) {
      byte[] x = Hashes.sha256("base-ot-h", context, Hashes.u16(sender.value()),
          Hashes.u16(receiver.value()), a.encode(), seed, Hashes.u16(counter));
      byte[] sign = Hashes.sha256("base-ot-h-sign", x);
      enc[0] = (byte) (2 | (sign[0] & 1));
      System.arraycopy(x, 0, enc, 1, 32);
      GroupElement h = math.decode(enc, 0);
      if (h != null) {
        return h;
      }
    }
    throw new IllegalStateException("no curve point in 65536 tries");
  }

  private static byte[] encodeOrZero(GroupElement e) {
    return e.isIdentity() ? new byte[ELEMENT_BYTES] : e.encode();
  }

  /** The Fiat–Shamir challenge of the OR proof of OT {@code k}. */
  private static int[] challenge(SuiteMath math, byte[] context, PartyId sender,
      PartyId receiver, int k, byte[] a, byte[] h, byte[] u, byte[] v, byte[] t0h, byte[] t0g,
      byte[] t1h, byte[] t1g) {
    return Hashes.toScalar(math.scalars(), "base-ot-or-proof", context,
        Hashes.u16(sender.value()), Hashes.u16(receiver.value()), Hashes.u16(k), a, h, u, v, t0h,
        t0g, t1h, t1g);
  }

  private static byte[] seed(byte[] context, PartyId sender, PartyId receiver, int k, byte[] a,
      byte[] h, byte[] u, byte[] v, byte[] dh) {
    return Hashes.sha256("base-ot", context, Hashes.u16(sender.value()),
        Hashes.u16(receiver.value()), Hashes.u16(k), a, h, u, v, dh);
  }

  /** {@code bit == 0 ? x : y} for equal-length byte arrays, by mask; a fresh array. */
  private static byte[] select(byte[] x, byte[] y, int bit) {
    byte mask = (byte) -(bit & 1);
    byte[] out = new byte[x.length];
    for (int i = 0; i < x.length; i++) {
      out[i] = (byte) ((x[i] & ~mask) | (y[i] & mask));
    }
    return out;
  }

  /**
   * The receiver's side: writes its {@code COUNT} seeds into {@code seedsOut} and returns its
   * message.
   *
   * @param choices 16 bytes, bit {@code k} of byte {@code k/8} is {@code c_k}
   */
  public static byte[] receive(SuiteMath math, byte[] context, PartyId sender, PartyId receiver,
      GroupElement senderKey, byte[] choices, SecureRandom random, byte[] seedsOut) {
    ScalarField f = math.scalars();
    byte[] message = new byte[MESSAGE_BYTES];
    random.nextBytes(message); // the seed; everything after it is overwritten
    byte[] hSeed = Arrays.copyOf(message, SEED_BYTES);
    GroupElement h = hashToCurve(math, context, sender, receiver, senderKey, hSeed);
    byte[] hEnc = h.encode();
    byte[] aEnc = senderKey.encode();
    GroupElement negH = math.negate(h);
    for (int k = 0; k < COUNT; k++) {
      int bit = (choices[k >>> 3] >>> (k & 7)) & 1;
      int[] r = math.randomScalar(random);
      int[] w = math.randomScalar(random);
      int[] cs = math.randomScalar(random);
      int[] zs = math.randomScalar(random);
      int[] d = null;
      byte[][] wipe = new byte[6][];
      try {
        // u = r*h; v = r*G or r*G + h (both computed, one chosen by mask).
        byte[] u = math.mulSecret(h, r).encode();
        GroupElement rg = math.mulBase(r);
        wipe[0] = WipeProbe.see(rg.encode());
        wipe[1] = WipeProbe.see(math.add(rg, h).encode());
        byte[] v = select(wipe[0], wipe[1], bit);
        // Real branch: (w*h, w*G). Simulated branch (challenge cs, response zs) in both places:
        // with d = zs - cs*r, T_h = d*h, and T_g = d*G - cs*h (slot 0) or d*G + cs*h (slot 1).
        wipe[2] = WipeProbe.see(math.mulSecret(h, w).encode());
        wipe[3] = WipeProbe.see(math.mulBase(w).encode());
        int[] csr = f.mul(cs, r);
        d = f.sub(zs, csr);
        ScalarField.wipe(csr);
        byte[] simH = math.mulSecret(h, d).encode();
        GroupElement dg = math.mulBase(d);
        GroupElement q = math.mulSecret(h, cs);
        wipe[4] = WipeProbe.see(encodeOrZero(math.add(dg, math.negate(q)))); // slot 0 (bit 1)
        wipe[5] = WipeProbe.see(encodeOrZero(math.add(dg, q))); // slot 1 (bit 0)
        byte[] t0h = select(wipe[2], simH, bit);
        byte[] t0g = select(wipe[3], wipe[4], bit);
        byte[] t1h = select(simH, wipe[2], bit);
        byte[] t1g = select(wipe[5], wipe[3], bit);
        int[] c = challenge(math, context, sender, receiver, k, aEnc, hEnc, u, v, t0h, t0g, t1h,
            t1g);
        int[] cb = f.sub(c, cs);
        int[] cbr = f.mul(cb, r);
        int[] zb = f.add(w, cbr);
        int[] c0 = ScalarField.select(cb, cs, bit);
        int[] z0 = ScalarField.select(zb, zs, bit);
        int[] z1 = ScalarField.select(zs, zb, bit);
        int off = SEED_BYTES + k * OT_BYTES;
        byte[][] points = {u, v, t0h, t0g, t1h, t1g};
        for (int i = 0; i < POINTS; i++) {
          System.arraycopy(points[i], 0, message, off + i * ELEMENT_BYTES, ELEMENT_BYTES);
        }
        int so = off + POINTS * ELEMENT_BYTES;
        f.encode(c0, message, so);
        f.encode(z0, message, so + SCALAR_BYTES);
        f.encode(z1, message, so + 2 * SCALAR_BYTES);
        for (int[] x : new int[][] {c, cb, cbr, zb, c0, z0, z1}) {
          ScalarField.wipe(x);
        }
        byte[] dh = encodeOrZero(math.mulSecret(senderKey, r));
        byte[] s = seed(context, sender, receiver, k, aEnc, hEnc, u, v, dh);
        System.arraycopy(s, 0, seedsOut, k * PairSetup.SEED_BYTES, PairSetup.SEED_BYTES);
        Arrays.fill(s, (byte) 0);
        Arrays.fill(dh, (byte) 0);
      } finally {
        // The candidates next to the message reveal the choice bit.
        for (byte[] b : wipe) {
          if (b != null) {
            Arrays.fill(b, (byte) 0);
          }
        }
        ScalarField.wipe(r);
        ScalarField.wipe(w);
        ScalarField.wipe(d);
      }
    }
    return message;
  }

  /**
   * One receiver message, strictly decoded (by the message parser): per OT {@code k} the points
   * {@code points[6k..6k+5] = u, v, T_0h, T_0g, T_1h, T_1g} and the scalars
   * {@code scalars[3k..3k+2] = c_0, z_0, z_1}.
   */
  public record ReceiverMessage(byte[] seed, GroupElement[] points, int[][] scalars) {}

  /**
   * Parses the OT part of a message (for tests; the message parser reads it field by field).
   *
   * @return null when an element or a scalar is not canonical
   */
  public static @Nullable ReceiverMessage parse(SuiteMath math, byte[] bytes, int offset) {
    byte[] seed = Arrays.copyOfRange(bytes, offset, offset + SEED_BYTES);
    GroupElement[] points = new GroupElement[POINTS * COUNT];
    int[][] scalars = new int[SCALARS * COUNT][];
    for (int k = 0; k < COUNT; k++) {
      int off = offset + SEED_BYTES + k * OT_BYTES;
      for (int i = 0; i < POINTS; i++) {
        points[POINTS * k + i] = math.decode(bytes, off + i * ELEMENT_BYTES);
        if (points[POINTS * k + i] == null) {
          return null;
        }
      }
      for (int i = 0; i < SCALARS; i++) {
        scalars[SCALARS * k + i] =
            math.decodeScalar(bytes, off + POINTS * ELEMENT_BYTES + i * SCALAR_BYTES);
        if (scalars[SCALARS * k + i] == null) {
          return null;
        }
      }
    }
    return new ReceiverMessage(seed, points, scalars);
  }

  /** The 128-bit random weight of one batched equation. */
  private static int[] weight(ScalarField f, SecureRandom random) {
    byte[] b = new byte[16];
    random.nextBytes(b);
    return f.reduceBigEndian(b, 0, 16);
  }

  /**
   * All OR proofs of a message at once: with fresh 128-bit weights {@code p1..p4} per OT,
   * {@code sum p1(z0 h - T0h - c0 u) + p2(z0 G - T0g - c0 v) + p3(z1 h - T1h - c1 u)
   * + p4(z1 G - T1g - c1 (v - h)) == O}, where {@code c1 = H(...) - c0}. Every element was checked
   * to be a non-identity point of the prime-order group, so a false equation survives with
   * probability 2^-128.
   */
  static boolean verifyAll(SuiteMath math, byte[] context, PartyId sender, PartyId receiver,
      GroupElement a, GroupElement h, ReceiverMessage m, SecureRandom random) {
    ScalarField f = math.scalars();
    byte[] aEnc = a.encode();
    byte[] hEnc = h.encode();
    GroupElement[] points = new GroupElement[POINTS * COUNT + 1];
    int[][] coeffs = new int[POINTS * COUNT + 1][];
    int[] hCoeff = f.zero();
    int[] gCoeff = f.zero();
    for (int k = 0; k < COUNT; k++) {
      GroupElement[] p = Arrays.copyOfRange(m.points(), POINTS * k, POINTS * k + POINTS);
      int[] c0 = m.scalars()[SCALARS * k];
      int[] z0 = m.scalars()[SCALARS * k + 1];
      int[] z1 = m.scalars()[SCALARS * k + 2];
      int[] c = challenge(math, context, sender, receiver, k, aEnc, hEnc, p[0].encode(),
          p[1].encode(), p[2].encode(), p[3].encode(), p[4].encode(), p[5].encode());
      int[] c1 = f.sub(c, c0);
      int[] p1 = weight(f, random);
      int[] p2 = weight(f, random);
      int[] p3 = weight(f, random);
      int[] p4 = weight(f, random);
      hCoeff = f.add(hCoeff, f.add(f.add(f.mul(p1, z0), f.mul(p3, z1)), f.mul(p4, c1)));
      gCoeff = f.add(gCoeff, f.add(f.mul(p2, z0), f.mul(p4, z1)));
      int at = POINTS * k;
      points[at] = p[0]; // u
      coeffs[at] = f.negate(f.add(f.mul(p1, c0), f.mul(p3, c1)));
      points[at + 1] = p[1]; // v
      coeffs[at + 1] = f.negate(f.add(f.mul(p2, c0), f.mul(p4, c1)));
      points[at + 2] = p[2];
      coeffs[at + 2] = f.negate(p1);
      points[at + 3] = p[3];
      coeffs[at + 3] = f.negate(p2);
      points[at + 4] = p[4];
      coeffs[at + 4] = f.negate(p3);
      points[at + 5] = p[5];
      coeffs[at + 5] = f.negate(p4);
    }
    points[POINTS * COUNT] = h;
    coeffs[POINTS * COUNT] = hCoeff;
    return math.sumOfProductsPublic(points, coeffs, gCoeff).isIdentity();
  }

  /**
   * The sender's side: checks every OR proof of the receiver's message (batched, with weights
   * from {@code random}) and writes both seeds of every OT.
   *
   * @return false if a proof does not verify (nothing is written then)
   */
  public static boolean send(SuiteMath math, byte[] context, PartyId sender, PartyId receiver,
      SenderKey key, ReceiverMessage m, SecureRandom random, byte[] seeds0Out,
      byte[] seeds1Out) {
    GroupElement a = key.publicKey();
    GroupElement h = hashToCurve(math, context, sender, receiver, a, m.seed());
    byte[] hEnc = h.encode();
    byte[] aEnc = a.encode();
    GroupElement negH = math.negate(h);
    if (!verifyAll(math, context, sender, receiver, a, h, m, random)) {
      Arrays.fill(seeds0Out, (byte) 0);
      Arrays.fill(seeds1Out, (byte) 0);
      return false;
    }
    int[] aSecret = key.secret();
    GroupElement negAh = math.mulSecret(negH, aSecret); // -a*h, once per receiver
    for (int k = 0; k < COUNT; k++) {
      GroupElement vPoint = m.points()[POINTS * k + 1];
      byte[] u = m.points()[POINTS * k].encode();
      byte[] v = vPoint.encode();
      GroupElement dh0 = math.mulSecret(vPoint, aSecret);
      byte[] e0 = WipeProbe.see(encodeOrZero(dh0));
      byte[] e1 = WipeProbe.see(encodeOrZero(math.add(dh0, negAh)));
      byte[] s0 = seed(context, sender, receiver, k, aEnc, hEnc, u, v, e0);
      byte[] s1 = seed(context, sender, receiver, k, aEnc, hEnc, u, v, e1);
      System.arraycopy(s0, 0, seeds0Out, k * PairSetup.SEED_BYTES, PairSetup.SEED_BYTES);
      System.arraycopy(s1, 0, seeds1Out, k * PairSetup.SEED_BYTES, PairSetup.SEED_BYTES);
      Arrays.fill(s0, (byte) 0);
      Arrays.fill(s1, (byte) 0);
      Arrays.fill(e0, (byte) 0);
      Arrays.fill(e1, (byte) 0);
    }
    return true;
  }
}

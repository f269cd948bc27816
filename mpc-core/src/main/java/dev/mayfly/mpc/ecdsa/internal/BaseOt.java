package dev.mayfly.mpc.ecdsa.internal;

import dev.mayfly.common.PartyId;
import dev.mayfly.mpc.ciphersuite.GroupElement;
import dev.mayfly.mpc.ciphersuite.internal.ScalarField;
import dev.mayfly.mpc.ciphersuite.internal.SuiteMath;
import dev.mayfly.mpc.internal.SecretHolder;
import dev.mayfly.mpc.keygen.internal.Feldman;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * The 128 base OTs of one ordered pair: the "simplest OT" of Chou and Orlandi (LATINCRYPT 2015,
 * ePrint 2015/267) on P-256, batched under one sender key, with a Schnorr proof of knowledge of
 * the sender's key and every key derivation bound to the pair, the index, both public points and
 * the Diffie–Hellman point.
 *
 * <ol>
 *   <li>The sender publishes {@code A = a*G} with a proof of knowledge of {@code a}.
 *   <li>For each index {@code k} with choice bit {@code c_k}, the receiver draws {@code b_k} and
 *       sends {@code B_k = b_k*G + c_k*A}; its seed is {@code H(..., b_k*A)}.
 *   <li>The sender derives {@code k^0 = H(..., a*B_k)} and {@code k^1 = H(..., a*B_k - a*A)}.
 * </ol>
 *
 * <p><b>Security:</b> secret scalars only meet points through constant-time multiplications
 * ({@link SuiteMath#mulBase}, {@link SuiteMath#mulSecret}); the choice between {@code b_k*G} and
 * {@code b_k*G + A} is a masked byte selection of both encodings. The simplest OT is not known to
 * be UC-secure (the receiver's choice cannot be extracted); DKLs23 recommends an endemic OT with
 * that property instead. See docs/mpc.md for what this means here. Points derived from secrets
 * ({@code a*A}, the Diffie–Hellman points) live in Bouncy Castle objects that cannot be wiped.
 *
 * @since 0.1.0
 */
public final class BaseOt {
  /** Base OTs per ordered pair. */
  public static final int COUNT = OtExtension.KAPPA;

  /** Bytes of an encoded element. */
  public static final int ELEMENT_BYTES = 33;

  /** Bytes of the receiver's message. */
  public static final int MESSAGE_BYTES = COUNT * ELEMENT_BYTES;

  private BaseOt() {}

  /** The sender's key {@code a} and {@code A = a*G}; one per party, used towards every peer. */
  public static final class SenderKey extends SecretHolder {
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

  private static byte[] encodeOrZero(GroupElement e) {
    return e.isIdentity() ? new byte[ELEMENT_BYTES] : e.encode();
  }

  private static byte[] seed(PartyId sender, PartyId receiver, int k, byte[] senderKey,
      byte[] b, byte[] dh) {
    return Hashes.sha256("base-ot", Hashes.u16(sender.value()), Hashes.u16(receiver.value()),
        Hashes.u16(k), senderKey, b, dh);
  }

  /**
   * The receiver's side: writes its {@code COUNT} seeds into {@code seedsOut} and returns its
   * message {@code B_0 || ... || B_127}.
   *
   * @param choices 16 bytes, bit {@code k} of byte {@code k/8} is {@code c_k}
   */
  public static byte[] receive(SuiteMath math, PartyId sender, PartyId receiver,
      GroupElement senderKey, byte[] choices, SecureRandom random, byte[] seedsOut) {
    byte[] message = new byte[MESSAGE_BYTES];
    byte[] a = senderKey.encode();
    for (int k = 0; k < COUNT; k++) {
      int[] b = math.randomScalar(random);
      try {
        GroupElement plain = math.mulBase(b);
        byte[] e0 = plain.encode();
        byte[] e1 = math.add(plain, senderKey).encode();
        byte mask = (byte) -((choices[k >>> 3] >>> (k & 7)) & 1);
        byte[] chosen = new byte[ELEMENT_BYTES];
        for (int i = 0; i < ELEMENT_BYTES; i++) {
          chosen[i] = (byte) ((e0[i] & ~mask) | (e1[i] & mask));
        }
        System.arraycopy(chosen, 0, message, k * ELEMENT_BYTES, ELEMENT_BYTES);
        byte[] dh = encodeOrZero(math.mulSecret(senderKey, b));
        byte[] s = seed(sender, receiver, k, a, chosen, dh);
        System.arraycopy(s, 0, seedsOut, k * PairSetup.SEED_BYTES, PairSetup.SEED_BYTES);
        Arrays.fill(s, (byte) 0);
        Arrays.fill(dh, (byte) 0);
        // e0 and e1 next to the message reveal the choice bit.
        Arrays.fill(WipeProbe.see(e0), (byte) 0);
        Arrays.fill(WipeProbe.see(e1), (byte) 0);
      } finally {
        ScalarField.wipe(b);
      }
    }
    return message;
  }

  /**
   * The sender's side: from the receiver's points, writes both seeds of every OT.
   *
   * @param points the receiver's {@code B_k}, already strictly decoded
   */
  public static void send(SuiteMath math, PartyId sender, PartyId receiver, SenderKey key,
      GroupElement[] points, byte[] seeds0Out, byte[] seeds1Out) {
    if (points.length != COUNT) {
      throw new IllegalArgumentException("expected " + COUNT + " points");
    }
    int[] a = key.secret();
    int[] aa = math.scalars().mul(a, a);
    GroupElement negT;
    try {
      negT = math.negate(math.mulBase(aa));
    } finally {
      ScalarField.wipe(aa);
    }
    byte[] pub = key.publicKey().encode();
    for (int k = 0; k < COUNT; k++) {
      byte[] b = points[k].encode();
      GroupElement dh0 = math.mulSecret(points[k], a);
      byte[] e0 = encodeOrZero(dh0);
      byte[] e1 = encodeOrZero(math.add(dh0, negT));
      byte[] s0 = seed(sender, receiver, k, pub, b, e0);
      byte[] s1 = seed(sender, receiver, k, pub, b, e1);
      System.arraycopy(s0, 0, seeds0Out, k * PairSetup.SEED_BYTES, PairSetup.SEED_BYTES);
      System.arraycopy(s1, 0, seeds1Out, k * PairSetup.SEED_BYTES, PairSetup.SEED_BYTES);
      Arrays.fill(s0, (byte) 0);
      Arrays.fill(s1, (byte) 0);
      Arrays.fill(e0, (byte) 0);
      Arrays.fill(e1, (byte) 0);
    }
  }
}

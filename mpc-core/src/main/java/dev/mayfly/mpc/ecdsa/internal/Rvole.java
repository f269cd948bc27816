package dev.mayfly.mpc.ecdsa.internal;

import dev.mayfly.common.ProtocolException;
import dev.mayfly.mpc.ciphersuite.internal.P256Scalars;
import dev.mayfly.mpc.ciphersuite.internal.ScalarField;
import dev.mayfly.mpc.internal.SecretState;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Two-party random vector OLE (DKLs23 Functionality 3.5, with {@code L = 2}) realised by the
 * OT-based multiplication of DKLs19 (ePrint 2019/523, Protocol 1) over {@link OtExtension}, in two
 * messages where the receiver speaks first (DKLs23 §3 and §5.1).
 *
 * <p>The receiver (Bob) gets a uniformly random scalar {@code b = <g, beta>} from his random
 * choice bits {@code beta} and the public gadget {@code g} ({@value OtExtension#OTS} scalars hashed
 * from a fixed label). The sender (Alice) inputs two scalars {@code a_1, a_2}. Afterwards Alice
 * holds {@code c_l} and Bob {@code d_l} with {@code c_l + d_l = a_l * b}.
 *
 * <p>Alice uses one correlated-OT batch for four correlations (DKLs23's "forced reuse"): random pads
 * {@code a~_1, a~_2} and check values {@code a^_1, a^_2}. Per OT {@code j} and correlation
 * {@code w} she derives {@code v0 = H(q_j)}, {@code v1 = H(q_j xor Delta)} and sends
 * {@code tau = v0 - v1 + alpha_w}; her share is {@code -v0}, Bob's is {@code H(t_j) + beta_j tau}.
 * The DKLs19 check (Protocol 1 steps 4–6, with the DKLs23 §5.1 optimisation of sending only a hash
 * of the matrix {@code r}) draws {@code chi~_l, chi^_l} by Fiat–Shamir from the receiver's message
 * and all of {@code tau}, so Alice's correlations are fixed before the challenge exists. Finally
 * Alice sends {@code gamma_l = a_l - a~_l}; Bob adds {@code b * gamma_l}.
 *
 * <p><b>Security:</b> all arithmetic on secrets is constant time (masked selections, limb
 * arithmetic); the hash comparison uses {@link MessageDigest#isEqual}. The sender's output hash
 * includes her own fresh nonce, so a receiver replaying an old first message gets unrelated
 * outputs.
 *
 * @since 0.1.0
 */
public final class Rvole {
  /** Inputs of the sender ({@code L}). */
  public static final int INPUTS = 2;

  private static final int WIDTH = 2 * INPUTS;

  /** Bytes of an encoded scalar. */
  public static final int SCALAR_BYTES = 32;

  /** Bytes of the sender's {@code tau} matrix. */
  public static final int TAU_BYTES = OtExtension.OTS * WIDTH * SCALAR_BYTES;

  private Rvole() {}

  /** Limbs of one scalar in the flat arrays. */
  private static final int L = P256Scalars.LIMBS;

  /** The public gadget vector {@code g}, flat ({@value OtExtension#OTS} scalars of four limbs). */
  private static final long[] GADGET = new long[OtExtension.OTS * L];

  /** The gadget in Montgomery form ({@code g_j * 2^256 mod n}). */
  private static final long[] GADGET_MONT = new long[OtExtension.OTS * L];

  static {
    ScalarField f = new ScalarField(P256Scalars.ORDER, false);
    long[] acc = new long[P256Scalars.ACC];
    for (int j = 0; j < OtExtension.OTS; j++) {
      P256Scalars.fromInts(Hashes.toScalar(f, "mul-gadget", Hashes.u16(j)), GADGET, j * L);
      P256Scalars.toMontgomery(GADGET, j * L, acc, GADGET_MONT, j * L);
    }
  }

  private static void requireP256(ScalarField f) {
    if (!f.order().equals(P256Scalars.ORDER)) {
      throw new IllegalArgumentException("the multiplication runs over the P-256 order");
    }
  }

  /**
   * Four scalars from {@code SHA-256(ROW || key || j || b || row)}, {@code b = 0..5}: 192 bytes,
   * 48 per scalar, each made a scalar as {@code x * 2^-256 mod n} by one Montgomery reduction
   * ({@link P256Scalars#redcHash}; bias below 2^-128), written to {@code out[0..16)}.
   * {@code wide} is a 192-byte scratch buffer, wiped again.
   */
  private static void rowScalars(FastHash h, byte[] key, int j, long lo, long hi, byte[] wide,
      long[] acc, long[] out) {
    h.row(key, j, lo, hi, 6, wide, 0);
    for (int w = 0; w < WIDTH; w++) {
      P256Scalars.redcHash(wide, 48 * w, acc, out, w * L);
    }
    Arrays.fill(wide, (byte) 0);
  }

  /** The tweak of the output hashes: the session tweak and the sender's nonce. */
  private static byte[] outTweak(byte[] tweak, byte[] senderNonce) {
    return Hashes.sha256("ote-out", tweak, senderNonce);
  }

  /**
   * The challenges {@code chi~_1, chi~_2, chi^_1, chi^_2} in Montgomery form, flat: Fiat–Shamir
   * over the receiver's message and all of {@code tau}.
   */
  private static long[] challengesMont(ScalarField f, byte[] outTweak, byte[] u, byte[] check,
      byte[] tau, long[] acc) {
    byte[] receiverDigest = Hashes.sha256("mul-receiver-message", u, check);
    byte[] tauDigest = Hashes.sha256("mul-tau", tau);
    long[] chi = new long[WIDTH * L];
    for (int w = 0; w < WIDTH; w++) {
      P256Scalars.fromInts(Hashes.toScalar(f, "mul-chi", outTweak, receiverDigest, tauDigest,
          new byte[] {(byte) w}), chi, w * L);
      P256Scalars.toMontgomery(chi, w * L, acc, chi, w * L);
    }
    return chi; // chi~_l at l, chi^_l at INPUTS + l
  }

  /**
   * {@code r = chi~_l * z[j][l] + chi^_l * z[j][INPUTS + l]}: two products summed before one
   * reduction.
   */
  private static void checkTerm(long[] chiM, long[] z, int j, int l, long[] acc, long[] r,
      int ro) {
    P256Scalars.mulAcc(chiM, l * L, z, (j * WIDTH + l) * L, acc);
    P256Scalars.mulAcc(chiM, (INPUTS + l) * L, z, (j * WIDTH + INPUTS + l) * L, acc);
    P256Scalars.redcSmall(acc, r, ro);
  }

  /**
   * {@code sum += sum_j g_j * z[j][l]}: up to {@value P256Scalars#MAX_TERMS} products share one
   * reduction (a public schedule).
   */
  private static void gadgetSum(long[] z, int l, long[] acc, long[] t, int to, long[] sum,
      int so) {
    int terms = 0;
    for (int j = 0; j < OtExtension.OTS; j++) {
      P256Scalars.mulAcc(GADGET_MONT, j * L, z, (j * WIDTH + l) * L, acc);
      if (++terms == P256Scalars.MAX_TERMS || j == OtExtension.OTS - 1) {
        P256Scalars.redc(acc, t, to);
        P256Scalars.add(sum, so, t, to, sum, so);
        terms = 0;
      }
    }
  }

  private static void decode(byte[] bytes, int offset, long[] r, int ro) {
    if (P256Scalars.decode(bytes, offset, r, ro) != 0) {
      // Message parsers check every scalar before they reach here.
      throw new IllegalArgumentException("non-canonical scalar at " + offset);
    }
  }

  private static void wipe(long[]... arrays) {
    for (long[] a : arrays) {
      if (a != null) {
        Arrays.fill(a, 0L);
      }
    }
  }

  /** Bob's state between his two steps (secret): his choice bits, rows and random input. */
  public static final class Receiver extends SecretState {
    private final OtExtension.ReceiverRound ot;
    private final int[] b;

    private Receiver(OtExtension.ReceiverRound ot, int[] b) {
      this.ot = ot;
      this.b = b;
    }

    /** Bob's random input {@code b} (not a copy). */
    public int[] randomInput() {
      checkLive();
      return b;
    }

    /** The message part {@code u}. */
    public byte[] u() {
      return ot.u;
    }

    /** The message part {@code x~ || t~}. */
    public byte[] check() {
      return ot.check;
    }

    @Override
    protected void wipe() {
      ot.wipe();
      ScalarField.wipe(b);
    }

    @Override
    protected String describe() {
      return "multiplication receiver state";
    }

    /** Live secret arrays, for the wiping tests. */
    public Object[] arraysForTest() {
      return new Object[] {ot.choices, ot.rows, b};
    }
  }

  /** Bob's first step: random choice bits, his OT-extension message and his random input. */
  public static Receiver start(ScalarField f, PairSetup setup, byte[] tweak,
      SecureRandom random) {
    requireP256(f);
    OtExtension.ReceiverRound ot =
        OtExtension.extend(setup.receiverSeeds0(), setup.receiverSeeds1(), tweak, random);
    long[] b = new long[L];
    long[] term = new long[L];
    try {
      for (int j = 0; j < OtExtension.OTS; j++) {
        P256Scalars.mask(GADGET, j * L, ot.choice(j), term, 0);
        P256Scalars.add(b, 0, term, 0, b, 0);
      }
      return new Receiver(ot, P256Scalars.toInts(b, 0));
    } finally {
      wipe(b, term);
    }
  }

  /** Alice's message and her outputs. */
  public static final class SenderResult {
    /** {@code tau}, {@value #TAU_BYTES} bytes (message). */
    public final byte[] tau;
    /** {@code u_1 || u_2} of the DKLs19 check (message). */
    public final byte[] checkValues;
    /** Hash of the check matrix {@code r} (message). */
    public final byte[] checkHash;
    /** {@code gamma_1 || gamma_2} (message). */
    public final byte[] gamma;
    /** {@code c_1, c_2} (secret). */
    public final int[][] outputs;

    SenderResult(byte[] tau, byte[] checkValues, byte[] checkHash, byte[] gamma,
        int[][] outputs) {
      this.tau = tau;
      this.checkValues = checkValues;
      this.checkHash = checkHash;
      this.gamma = gamma;
      this.outputs = outputs;
    }
  }

  /**
   * Alice's step: checks Bob's OT-extension message and answers it with inputs {@code a_1, a_2}.
   *
   * @throws ProtocolException {@code MPC_ECDSA_PAIR_POISONED} or {@code MPC_OT_CONSISTENCY_FAILED}
   *     (which poisons the pair), naming the peer
   */
  public static SenderResult respond(ScalarField f, PairSetup setup, byte[] tweak,
      byte[] senderNonce, int[][] inputs, byte[] u, byte[] check, SecureRandom random)
      throws ProtocolException {
    requireP256(f);
    long[] q = WipeProbe.see(setup.checkedSenderRows(tweak, u, check));
    FastHash hash = new FastHash();
    byte[] wide = WipeProbe.see(new byte[192]);
    long[] acc = WipeProbe.see(new long[P256Scalars.ACC]);
    long[] alpha = WipeProbe.see(new long[WIDTH * L]);
    long[] v0 = WipeProbe.see(new long[WIDTH * L]);
    long[] v1 = WipeProbe.see(new long[WIDTH * L]);
    long[] t = WipeProbe.see(new long[2 * L]);
    long[] z = WipeProbe.see(new long[OtExtension.OTS * WIDTH * L]);
    long[] d = WipeProbe.see(Gf128.read(setup.delta(), 0));
    byte[] r = WipeProbe.see(new byte[INPUTS * OtExtension.OTS * SCALAR_BYTES]);
    try {
      for (int w = 0; w < WIDTH; w++) {
        random.nextBytes(wide);
        P256Scalars.redcHash(wide, 0, acc, alpha, w * L); // 48 random bytes: bias below 2^-128
      }
      Arrays.fill(wide, (byte) 0);
      byte[] outTweak = outTweak(tweak, senderNonce);
      byte[] tau = new byte[TAU_BYTES];
      for (int j = 0; j < OtExtension.OTS; j++) {
        long lo = q[2 * j];
        long hi = q[2 * j + 1];
        rowScalars(hash, outTweak, j, lo, hi, wide, acc, v0);
        rowScalars(hash, outTweak, j, lo ^ d[0], hi ^ d[1], wide, acc, v1);
        for (int w = 0; w < WIDTH; w++) {
          int at = w * L;
          P256Scalars.negate(v0, at, z, (j * WIDTH + w) * L);
          P256Scalars.sub(v0, at, v1, at, t, 0);
          P256Scalars.add(t, 0, alpha, at, t, 0);
          P256Scalars.encode(t, 0, tau, (j * WIDTH + w) * SCALAR_BYTES);
        }
      }
      Arrays.fill(d, 0L);
      long[] chiM = challengesMont(f, outTweak, u, check, tau, acc);
      for (int l = 0; l < INPUTS; l++) {
        for (int j = 0; j < OtExtension.OTS; j++) {
          checkTerm(chiM, z, j, l, acc, t, 0);
          P256Scalars.encode(t, 0, r, (l * OtExtension.OTS + j) * SCALAR_BYTES);
        }
      }
      byte[] checkHash = Hashes.sha256("mul-check", outTweak, r);
      Arrays.fill(r, (byte) 0);
      byte[] checkValues = new byte[INPUTS * SCALAR_BYTES];
      byte[] gamma = new byte[INPUTS * SCALAR_BYTES];
      int[][] outputs = new int[INPUTS][];
      for (int l = 0; l < INPUTS; l++) {
        P256Scalars.mulAcc(chiM, l * L, alpha, l * L, acc);
        P256Scalars.mulAcc(chiM, (INPUTS + l) * L, alpha, (INPUTS + l) * L, acc);
        P256Scalars.redcSmall(acc, t, 0);
        P256Scalars.encode(t, 0, checkValues, l * SCALAR_BYTES);
        P256Scalars.fromInts(inputs[l], t, L);
        P256Scalars.sub(t, L, alpha, l * L, t, 0);
        P256Scalars.encode(t, 0, gamma, l * SCALAR_BYTES);
        Arrays.fill(t, 0L);
        gadgetSum(z, l, acc, t, L, t, 0);
        outputs[l] = P256Scalars.toInts(t, 0);
      }
      return new SenderResult(tau, checkValues, checkHash, gamma, outputs);
    } finally {
      Arrays.fill(q, 0L);
      Arrays.fill(r, (byte) 0);
      Arrays.fill(wide, (byte) 0);
      hash.wipe();
      wipe(acc, alpha, v0, v1, t, z, d);
    }
  }

  /**
   * Bob's last step: checks Alice's message (DKLs19 check) and returns {@code d_1, d_2}; wipes
   * the receiver state either way.
   *
   * @return the outputs (secret), or {@code null} if the check fails
   */
  public static int @Nullable [][] finish(ScalarField f, Receiver receiver, byte[] tweak,
      byte[] senderNonce, byte[] tau, byte[] checkValues, byte[] checkHash, byte[] gamma) {
    requireP256(f);
    FastHash hash = new FastHash();
    byte[] wide = WipeProbe.see(new byte[192]);
    long[] acc = WipeProbe.see(new long[P256Scalars.ACC]);
    long[] v = WipeProbe.see(new long[WIDTH * L]);
    long[] t = WipeProbe.see(new long[3 * L]);
    long[] z = WipeProbe.see(new long[OtExtension.OTS * WIDTH * L]);
    byte[] r = WipeProbe.see(new byte[INPUTS * OtExtension.OTS * SCALAR_BYTES]);
    try {
      byte[] outTweak = outTweak(tweak, senderNonce);
      OtExtension.ReceiverRound ot = receiver.ot;
      for (int j = 0; j < OtExtension.OTS; j++) {
        rowScalars(hash, outTweak, j, ot.rows[2 * j], ot.rows[2 * j + 1], wide, acc, v);
        int beta = ot.choice(j);
        for (int w = 0; w < WIDTH; w++) {
          decode(tau, (j * WIDTH + w) * SCALAR_BYTES, t, 0);
          P256Scalars.mask(t, 0, beta, t, 0);
          P256Scalars.add(v, w * L, t, 0, z, (j * WIDTH + w) * L);
        }
      }
      long[] chiM = challengesMont(f, outTweak, ot.u, ot.check, tau, acc);
      for (int l = 0; l < INPUTS; l++) {
        decode(checkValues, l * SCALAR_BYTES, t, 2 * L); // u_l
        for (int j = 0; j < OtExtension.OTS; j++) {
          checkTerm(chiM, z, j, l, acc, t, 0);
          P256Scalars.mask(t, 2 * L, ot.choice(j), t, L);
          P256Scalars.sub(t, L, t, 0, t, 0);
          P256Scalars.encode(t, 0, r, (l * OtExtension.OTS + j) * SCALAR_BYTES);
        }
      }
      byte[] expected = Hashes.sha256("mul-check", outTweak, r);
      Arrays.fill(r, (byte) 0);
      if (!MessageDigest.isEqual(expected, checkHash)) {
        return null;
      }
      int[][] outputs = new int[INPUTS][];
      P256Scalars.fromInts(receiver.b, t, 2 * L);
      P256Scalars.toMontgomery(t, 2 * L, acc, t, 2 * L); // b in Montgomery form
      for (int l = 0; l < INPUTS; l++) {
        decode(gamma, l * SCALAR_BYTES, t, L);
        P256Scalars.mulMont(t, 2 * L, t, L, acc, t, 0); // b * gamma_l
        gadgetSum(z, l, acc, v, 0, t, 0);
        outputs[l] = P256Scalars.toInts(t, 0);
      }
      return outputs;
    } finally {
      Arrays.fill(r, (byte) 0);
      Arrays.fill(wide, (byte) 0);
      hash.wipe();
      wipe(acc, v, t, z);
      receiver.ot.wipe();
    }
  }
}

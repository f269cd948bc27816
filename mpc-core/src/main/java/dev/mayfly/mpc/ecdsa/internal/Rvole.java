package dev.mayfly.mpc.ecdsa.internal;

import dev.mayfly.common.ProtocolException;
import dev.mayfly.mpc.ciphersuite.internal.ScalarField;
import dev.mayfly.mpc.internal.SecretHolder;
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

  /** The public gadget vector {@code g}. */
  private static int[][] gadget(ScalarField f) {
    int[][] g = new int[OtExtension.OTS][];
    for (int j = 0; j < g.length; j++) {
      g[j] = Hashes.toScalar(f, "mul-gadget", Hashes.u16(j));
    }
    return g;
  }

  private static volatile int @Nullable [][] cachedGadget;
  private static volatile int @Nullable [][] cachedGadgetMont;

  private static int[][] gadgetOf(ScalarField f) {
    int[][] g = cachedGadget;
    if (g == null) {
      g = gadget(f);
      cachedGadget = g;
    }
    return g;
  }

  /** The gadget in Montgomery form (public constants). */
  private static int[][] gadgetMontOf(ScalarField f) {
    int[][] gm = cachedGadgetMont;
    if (gm == null) {
      int[][] g = gadgetOf(f);
      gm = new int[g.length][];
      for (int j = 0; j < g.length; j++) {
        gm[j] = f.toMontgomery(g[j]);
      }
      cachedGadgetMont = gm;
    }
    return gm;
  }

  /** The challenges in Montgomery form. */
  private static int[][] toMontgomery(ScalarField f, int[][] chi) {
    int[][] out = new int[chi.length][];
    for (int i = 0; i < chi.length; i++) {
      out[i] = f.toMontgomery(chi[i]);
    }
    return out;
  }

  /**
   * Four scalars from {@code SHA-256(ROW || key || j || b || row)}, {@code b = 0..5}: 192 bytes,
   * 48 per scalar (bias below 2^-128). {@code wide} is a 192-byte scratch buffer.
   */
  private static int[][] rowScalars(ScalarField f, FastHash h, byte[] key, int j, long lo,
      long hi, byte[] wide) {
    h.row(key, j, lo, hi, 6, wide, 0);
    int[][] out = new int[WIDTH][];
    for (int w = 0; w < WIDTH; w++) {
      out[w] = f.reduceBigEndian(wide, 48 * w, 48);
    }
    Arrays.fill(wide, (byte) 0);
    return out;
  }

  /** The tweak of the output hashes: the session tweak and the sender's nonce. */
  private static byte[] outTweak(byte[] tweak, byte[] senderNonce) {
    return Hashes.sha256("ote-out", tweak, senderNonce);
  }

  private static int[][] challenges(ScalarField f, byte[] outTweak, byte[] u, byte[] check,
      byte[] tau) {
    byte[] receiverDigest = Hashes.sha256("mul-receiver-message", u, check);
    byte[] tauDigest = Hashes.sha256("mul-tau", tau);
    int[][] chi = new int[WIDTH][];
    for (int w = 0; w < WIDTH; w++) {
      chi[w] = Hashes.toScalar(f, "mul-chi", outTweak, receiverDigest, tauDigest,
          new byte[] {(byte) w});
    }
    return chi; // chi~_l = chi[l], chi^_l = chi[INPUTS + l]
  }

  private static void wipeAll(int[][]... arrays) {
    for (int[][] a : arrays) {
      if (a != null) {
        for (int[] x : a) {
          ScalarField.wipe(x);
        }
      }
    }
  }

  /** Bob's state between his two steps (secret): his choice bits, rows and random input. */
  public static final class Receiver extends SecretHolder {
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
    OtExtension.ReceiverRound ot =
        OtExtension.extend(setup.receiverSeeds0(), setup.receiverSeeds1(), tweak, random);
    int[][] g = gadgetOf(f);
    int[] b = f.zero();
    int[] zero = f.zero();
    for (int j = 0; j < OtExtension.OTS; j++) {
      int[] term = ScalarField.select(zero, g[j], ot.choice(j));
      int[] sum = f.add(b, term);
      ScalarField.wipe(term);
      ScalarField.wipe(b);
      b = sum;
    }
    return new Receiver(ot, b);
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
    long[] q = WipeProbe.see(setup.checkedSenderRows(tweak, u, check));
    FastHash hash = new FastHash();
    byte[] wide = WipeProbe.see(new byte[192]);
    int[][] alpha = new int[WIDTH][];
    int[][][] z = new int[OtExtension.OTS][][];
    int[][] chi = null;
    try {
      for (int w = 0; w < WIDTH; w++) {
        random.nextBytes(wide);
        alpha[w] = f.reduceBigEndian(wide, 0, 64);
        Arrays.fill(wide, (byte) 0);
      }
      byte[] outTweak = outTweak(tweak, senderNonce);
      long[] d = WipeProbe.see(Gf128.read(setup.delta(), 0));
      byte[] tau = new byte[TAU_BYTES];
      for (int j = 0; j < OtExtension.OTS; j++) {
        long lo = q[2 * j];
        long hi = q[2 * j + 1];
        int[][] v0 = rowScalars(f, hash, outTweak, j, lo, hi, wide);
        int[][] v1 = rowScalars(f, hash, outTweak, j, lo ^ d[0], hi ^ d[1], wide);
        z[j] = new int[WIDTH][];
        for (int w = 0; w < WIDTH; w++) {
          z[j][w] = f.negate(v0[w]);
          int[] diff = f.sub(v0[w], v1[w]);
          int[] t = f.add(diff, alpha[w]);
          f.encode(t, tau, (j * WIDTH + w) * SCALAR_BYTES);
          ScalarField.wipe(diff);
          ScalarField.wipe(t);
        }
        wipeAll(v0, v1);
      }
      Arrays.fill(d, 0L);
      chi = challenges(f, outTweak, u, check, tau);
      int[][] chiM = toMontgomery(f, chi);
      byte[] r = new byte[INPUTS * OtExtension.OTS * SCALAR_BYTES];
      for (int l = 0; l < INPUTS; l++) {
        for (int j = 0; j < OtExtension.OTS; j++) {
          int[] a = f.mulMontgomery(chiM[l], z[j][l]);
          int[] b = f.mulMontgomery(chiM[INPUTS + l], z[j][INPUTS + l]);
          int[] e = f.add(a, b);
          f.encode(e, r, (l * OtExtension.OTS + j) * SCALAR_BYTES);
          wipeAll(new int[][] {a, b, e});
        }
      }
      byte[] checkHash = Hashes.sha256("mul-check", outTweak, r);
      Arrays.fill(r, (byte) 0);
      byte[] checkValues = new byte[INPUTS * SCALAR_BYTES];
      byte[] gamma = new byte[INPUTS * SCALAR_BYTES];
      int[][] outputs = new int[INPUTS][];
      for (int l = 0; l < INPUTS; l++) {
        int[] a = f.mul(chi[l], alpha[l]);
        int[] b = f.mul(chi[INPUTS + l], alpha[INPUTS + l]);
        int[] e = f.add(a, b);
        f.encode(e, checkValues, l * SCALAR_BYTES);
        int[] diff = f.sub(inputs[l], alpha[l]);
        f.encode(diff, gamma, l * SCALAR_BYTES);
        wipeAll(new int[][] {a, b, e, diff});
        outputs[l] = gadgetSum(f, f.zero(), z, l);
      }
      return new SenderResult(tau, checkValues, checkHash, gamma, outputs);
    } finally {
      Arrays.fill(q, 0L);
      Arrays.fill(wide, (byte) 0);
      hash.wipe();
      wipeAll(alpha, chi);
      for (int[][] row : z) {
        wipeAll(row);
      }
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
    int[][][] z = new int[OtExtension.OTS][][];
    int[][] chi = null;
    FastHash hash = new FastHash();
    byte[] wide = WipeProbe.see(new byte[192]);
    try {
      byte[] outTweak = outTweak(tweak, senderNonce);
      int[] zero = f.zero();
      OtExtension.ReceiverRound ot = receiver.ot;
      for (int j = 0; j < OtExtension.OTS; j++) {
        int[][] v = rowScalars(f, hash, outTweak, j, ot.rows[2 * j], ot.rows[2 * j + 1], wide);
        int beta = ot.choice(j);
        z[j] = new int[WIDTH][];
        for (int w = 0; w < WIDTH; w++) {
          int[] t = decode(f, tau, (j * WIDTH + w) * SCALAR_BYTES);
          int[] masked = ScalarField.select(zero, t, beta);
          z[j][w] = f.add(v[w], masked);
          ScalarField.wipe(masked);
        }
        wipeAll(v);
      }
      chi = challenges(f, outTweak, ot.u, ot.check, tau);
      int[][] chiM = toMontgomery(f, chi);
      byte[] r = new byte[INPUTS * OtExtension.OTS * SCALAR_BYTES];
      for (int l = 0; l < INPUTS; l++) {
        int[] checkValue = decode(f, checkValues, l * SCALAR_BYTES);
        for (int j = 0; j < OtExtension.OTS; j++) {
          int[] bu = ScalarField.select(zero, checkValue, ot.choice(j));
          int[] a = f.mulMontgomery(chiM[l], z[j][l]);
          int[] b = f.mulMontgomery(chiM[INPUTS + l], z[j][INPUTS + l]);
          int[] e = f.sub(f.sub(bu, a), b);
          f.encode(e, r, (l * OtExtension.OTS + j) * SCALAR_BYTES);
          wipeAll(new int[][] {bu, a, b, e});
        }
      }
      byte[] expected = Hashes.sha256("mul-check", outTweak, r);
      Arrays.fill(r, (byte) 0);
      if (!MessageDigest.isEqual(expected, checkHash)) {
        return null;
      }
      int[][] outputs = new int[INPUTS][];
      for (int l = 0; l < INPUTS; l++) {
        outputs[l] = gadgetSum(f, f.mul(receiver.b, decode(f, gamma, l * SCALAR_BYTES)), z, l);
      }
      return outputs;
    } finally {
      Arrays.fill(wide, (byte) 0);
      hash.wipe();
      wipeAll(chi);
      for (int[][] row : z) {
        wipeAll(row);
      }
      receiver.ot.wipe();
    }
  }

  /** {@code start + sum_j g_j * z[j][l]}; consumes (wipes) {@code start}. */
  private static int[] gadgetSum(ScalarField f, int[] start, int[][][] z, int l) {
    int[][] g = gadgetMontOf(f);
    int[] acc = start;
    for (int j = 0; j < OtExtension.OTS; j++) {
      int[] term = f.mulMontgomery(g[j], z[j][l]);
      int[] sum = f.add(acc, term);
      wipeAll(new int[][] {term, acc});
      acc = sum;
    }
    return acc;
  }

  private static int[] decode(ScalarField f, byte[] bytes, int offset) {
    int[] v = f.decode(bytes, offset);
    if (v == null) {
      // Message parsers check every scalar before they reach here.
      throw new IllegalArgumentException("non-canonical scalar at " + offset);
    }
    return v;
  }
}

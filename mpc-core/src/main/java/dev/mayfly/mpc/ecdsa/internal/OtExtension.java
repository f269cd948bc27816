package dev.mayfly.mpc.ecdsa.internal;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * KOS15 OT extension (Keller–Orsini–Scholl, CRYPTO 2015, ePrint 2015/546, Fig. 7) from 128 base OTs
 * to {@value #ROWS} random OTs, with the consistency check made non-interactive by Fiat–Shamir
 * (DKLs23 §5 suggests it).
 *
 * <p>The receiver (Bob) holds both seeds of every base OT, the sender (Alice) holds one seed per
 * base OT chosen by her bits {@code Delta}. For a session, Bob picks {@value #ROWS} random choice
 * bits {@code x}, expands every seed with a PRG keyed by the session {@code tweak}, and sends
 * {@code u_c = G(k_c^0) xor G(k_c^1) xor x} for each column {@code c}. Alice computes
 * {@code q_c = G(k_c^{Delta_c}) xor Delta_c * u_c}; row by row, {@code q_j = t_j xor x_j * Delta}.
 * The first {@value #OTS} rows are the OTs the multiplication uses; the last
 * {@code KAPPA + 80} rows are random padding that hides the check's linear combination.
 *
 * <p>Consistency check: coefficients {@code chi_j} in GF(2^128) are hashed from the tweak and
 * {@code u}; Bob sends {@code x~ = sum chi_j x_j} and {@code t~ = sum chi_j t_j}; Alice accepts
 * iff {@code sum chi_j q_j == t~ + x~ * Delta}.
 *
 * <p><b>Security:</b> everything on secrets (PRG, transposition, field products, comparison) is
 * branch-free. The check's soundness error is about 2^-128 per hash evaluation of a cheating
 * receiver (Fiat–Shamir lets it retry offline); a receiver may still learn a few bits of
 * {@code Delta} with probability halving per bit, as in KOS15.
 *
 * @since 0.1.0
 */
public final class OtExtension {
  /** Number of base OTs and bits of {@code Delta}. */
  public static final int KAPPA = 128;

  /** Number of OTs the multiplication uses: 256 + 2 * 80 (DKLs19 §3, xi = kappa + 2s). */
  public static final int OTS = 416;

  /** Rows including the KOS padding of KAPPA + 80 rows. */
  public static final int ROWS = OTS + KAPPA + 80;

  /** Bytes of one column. */
  public static final int ROW_BYTES = ROWS / 8;

  /** Bytes of the receiver's matrix {@code u}. */
  public static final int U_BYTES = KAPPA * ROW_BYTES;

  /** Bytes of the receiver's check {@code x~ || t~}. */
  public static final int CHECK_BYTES = 32;

  private OtExtension() {}

  /** Bob's first message and the secrets he keeps. */
  public static final class ReceiverRound {
    /** The matrix {@code u}, column-major (message). */
    public final byte[] u;
    /** {@code x~ || t~} (message). */
    public final byte[] check;
    /** The choice bits {@code x}, little-endian bit order (secret). */
    public final byte[] choices;
    /** Rows {@code t_j} for {@code j < OTS}, two longs each (secret). */
    public final long[] rows;

    ReceiverRound(byte[] u, byte[] check, byte[] choices, long[] rows) {
      this.u = u;
      this.check = check;
      this.choices = choices;
      this.rows = rows;
    }

    /** Bit {@code j} of {@code x} (0 or 1). */
    public int choice(int j) {
      return (choices[j >>> 3] >>> (j & 7)) & 1;
    }

    /** Wipes the secrets. */
    public void wipe() {
      Arrays.fill(choices, (byte) 0);
      Arrays.fill(rows, 0L);
    }
  }

  private static byte[] column(byte[] seeds, int c, byte[] tweak) {
    byte[] seed = Arrays.copyOfRange(seeds, c * PairSetup.SEED_BYTES,
        (c + 1) * PairSetup.SEED_BYTES);
    try {
      return Hashes.expand("ote-prg", seed, tweak, ROW_BYTES);
    } finally {
      Arrays.fill(seed, (byte) 0);
    }
  }

  /** Transposes {@code KAPPA} columns of {@code ROWS} bits into rows of two longs (all rows). */
  private static long[] transpose(byte[][] columns) {
    long[] rows = new long[2 * ROWS];
    for (int c = 0; c < KAPPA; c++) {
      byte[] col = columns[c];
      int word = c >>> 6;
      int shift = c & 63;
      for (int j = 0; j < ROWS; j++) {
        long bit = (col[j >>> 3] >>> (j & 7)) & 1L;
        rows[2 * j + word] |= bit << shift;
      }
    }
    return rows;
  }

  private static long[] chi(byte[] tweak, byte[] u) {
    byte[] seed = Hashes.sha256("ote-chi-seed", tweak, u);
    byte[] bytes = Hashes.expand("ote-chi", seed, new byte[0], 16 * ROWS);
    long[] chi = new long[2 * ROWS];
    for (int j = 0; j < ROWS; j++) {
      chi[2 * j] = Gf128.readLong(bytes, 16 * j);
      chi[2 * j + 1] = Gf128.readLong(bytes, 16 * j + 8);
    }
    return chi;
  }

  private static long[] combine(long[] chi, long[] rows) {
    long[] acc = new long[4];
    for (int j = 0; j < ROWS; j++) {
      Gf128.mulAccumulate(acc, chi[2 * j], chi[2 * j + 1], rows[2 * j], rows[2 * j + 1]);
    }
    long[] r = Gf128.reduce(acc);
    Arrays.fill(acc, 0L);
    return r;
  }

  /**
   * Bob's extension for one session: random choice bits, the matrix {@code u} and the check.
   *
   * @param seeds0 the 128 seeds {@code k_c^0}
   * @param seeds1 the 128 seeds {@code k_c^1}
   * @param tweak the session's PRG tweak, unique per session and pair
   */
  public static ReceiverRound extend(byte[] seeds0, byte[] seeds1, byte[] tweak,
      SecureRandom random) {
    byte[] x = new byte[ROW_BYTES];
    random.nextBytes(x);
    byte[] u = new byte[U_BYTES];
    byte[][] t0 = new byte[KAPPA][];
    try {
      for (int c = 0; c < KAPPA; c++) {
        t0[c] = column(seeds0, c, tweak);
        byte[] t1 = column(seeds1, c, tweak);
        for (int i = 0; i < ROW_BYTES; i++) {
          u[c * ROW_BYTES + i] = (byte) (t0[c][i] ^ t1[i] ^ x[i]);
        }
        Arrays.fill(t1, (byte) 0);
      }
      long[] rows = transpose(t0);
      long[] chi = chi(tweak, u);
      long xLo = 0;
      long xHi = 0;
      for (int j = 0; j < ROWS; j++) {
        long mask = -(long) ((x[j >>> 3] >>> (j & 7)) & 1);
        xLo ^= chi[2 * j] & mask;
        xHi ^= chi[2 * j + 1] & mask;
      }
      long[] t = combine(chi, rows);
      byte[] check = new byte[CHECK_BYTES];
      Gf128.write(xLo, xHi, check, 0);
      Gf128.write(t[0], t[1], check, 16);
      long[] kept = Arrays.copyOf(rows, 2 * OTS);
      Arrays.fill(rows, 0L);
      return new ReceiverRound(u, check, x, kept);
    } finally {
      for (byte[] col : t0) {
        if (col != null) {
          Arrays.fill(col, (byte) 0);
        }
      }
    }
  }

  /**
   * Alice's side: the rows {@code q_j = t_j xor x_j * Delta} for {@code j < OTS}, after checking
   * Bob's consistency proof.
   *
   * @param delta the 128 choice bits of the base OTs (16 bytes, bit c of byte c/8)
   * @param seeds the 128 seeds {@code k_c^{Delta_c}}
   * @return the rows (two longs each; secret), or {@code null} if the check fails
   */
  public static long @Nullable [] senderRows(byte[] delta, byte[] seeds,
      byte[] tweak, byte[] u, byte[] check) {
    if (u.length != U_BYTES || check.length != CHECK_BYTES) {
      throw new IllegalArgumentException("OT extension message has the wrong length");
    }
    byte[][] q = new byte[KAPPA][];
    long[] rows = null;
    try {
      for (int c = 0; c < KAPPA; c++) {
        q[c] = column(seeds, c, tweak);
        byte mask = (byte) -((delta[c >>> 3] >>> (c & 7)) & 1);
        for (int i = 0; i < ROW_BYTES; i++) {
          q[c][i] ^= (byte) (u[c * ROW_BYTES + i] & mask);
        }
      }
      rows = transpose(q);
      long[] chi = chi(tweak, u);
      long[] qTilde = combine(chi, rows);
      long[] x = Gf128.read(check, 0);
      long[] t = Gf128.read(check, 16);
      long[] d = Gf128.read(delta, 0);
      long[] xd = Gf128.mul(x[0], x[1], d[0], d[1]);
      byte[] expected = new byte[16];
      byte[] actual = new byte[16];
      Gf128.write(t[0] ^ xd[0], t[1] ^ xd[1], expected, 0);
      Gf128.write(qTilde[0], qTilde[1], actual, 0);
      boolean ok = MessageDigest.isEqual(expected, actual);
      Arrays.fill(d, 0L);
      Arrays.fill(xd, 0L);
      Arrays.fill(qTilde, 0L);
      if (!ok) {
        return null;
      }
      return Arrays.copyOf(rows, 2 * OTS);
    } finally {
      if (rows != null) {
        Arrays.fill(rows, 0L);
      }
      for (byte[] col : q) {
        if (col != null) {
          Arrays.fill(col, (byte) 0);
        }
      }
    }
  }
}

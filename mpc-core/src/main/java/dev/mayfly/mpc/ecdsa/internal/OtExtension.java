package dev.mayfly.mpc.ecdsa.internal;

import java.security.SecureRandom;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Correlated OT extension from 128 base OTs to {@value #OTS} random OTs with the consistency check
 * of SoftSpokenOT (Roy, CRYPTO 2022, ePrint 2022/192) at {@code k = 1}, made non-interactive by
 * Fiat–Shamir as DKLs23 (ePrint 2023/765, §5) suggests.
 *
 * <p>The receiver (Bob) holds both seeds of every base OT, the sender (Alice) holds one seed per
 * base OT chosen by her bits {@code Delta}. For a session, Bob picks {@value #ROWS} random choice
 * bits {@code x}, expands every seed with a PRG keyed by the session {@code tweak}, and sends
 * {@code u_c = G(k_c^0) xor G(k_c^1) xor x} for each column {@code c}. Alice computes
 * {@code q_c = G(k_c^{Delta_c}) xor Delta_c * u_c = t_c xor Delta_c * x}; row by row,
 * {@code q_j = t_j xor x_j * Delta}. At {@code k = 1} SoftSpokenOT's subspace VOLE is exactly this
 * correlation; larger {@code k} trades communication for 2^k/k times the PRG work, which does not
 * pay off for a few hundred OTs.
 *
 * <p>Consistency check (SoftSpokenOT's check of the subspace VOLE, applied column by column rather
 * than KOS15's row combination): each column of {@value #ROWS} bits is cut into five 128-bit
 * chunks; with coefficients {@code chi_0..chi_3} in GF(2^128) hashed from the tweak and {@code u},
 * the universal hash of a column is {@code h(v) = v_4 + sum chi_i v_i}. Bob sends
 * {@code x' = h(x)} and {@code t'_c = h(t_c)} for every column; Alice accepts iff
 * {@code h(q_c) == t'_c + Delta_c * x'} for all 128 columns. The last chunk of {@code x} (rows
 * 512..639) is random and never used, so {@code x'} reveals nothing about the used choice bits; rows
 * 416..511 are random padding too. A receiver that used another {@code x} in column {@code c}
 * passes that column only by guessing {@code Delta_c} (or with a hash collision, 2^-128), which is
 * why a failed check poisons the pair for good (see {@link PairSetup}).
 *
 * <p><b>Security:</b> everything on secrets (PRG, transposition, field products, the check) is
 * branch-free; the check accumulates the differences of all columns and reveals only pass or
 * fail. Every buffer holding columns, rows or hashed columns is wiped before returning.
 *
 * @since 0.1.0
 */
public final class OtExtension {
  /** Number of base OTs and bits of {@code Delta}. */
  public static final int KAPPA = 128;

  /** Number of OTs the multiplication uses: 256 + 2 * 80 (DKLs19 §3, xi = kappa + 2s). */
  public static final int OTS = 416;

  /** Chunks of 128 rows the check hashes with a coefficient; the last chunk masks the hash. */
  static final int DATA_CHUNKS = 4;

  /** Rows: four data chunks (416 used OTs and 96 random rows) and one random mask chunk. */
  public static final int ROWS = (DATA_CHUNKS + 1) * KAPPA;

  /** Bytes of one column. */
  public static final int ROW_BYTES = ROWS / 8;

  /** Bytes of the receiver's matrix {@code u}. */
  public static final int U_BYTES = KAPPA * ROW_BYTES;

  /** Bytes of the receiver's check {@code x' || t'_0 || ... || t'_127}. */
  public static final int CHECK_BYTES = 16 + KAPPA * 16;

  private OtExtension() {}

  /** Bob's first message and the secrets he keeps. */
  public static final class ReceiverRound {
    /** The matrix {@code u}, column-major (message). */
    public final byte[] u;
    /** {@code x' || t'_c} (message). */
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

  /** Expands the 32-byte seed of column {@code c} into {@code cols} at {@code c * ROW_BYTES}. */
  private static void column(FastHash h, byte[] seeds, int c, byte[] tweak, byte[] cols) {
    h.prg(seeds, c * PairSetup.SEED_BYTES, tweak, cols, c * ROW_BYTES, ROW_BYTES);
  }

  /**
   * Transposes {@code KAPPA} columns of {@code ROWS} bits (column-major bytes) into the first
   * {@link #OTS} rows of two longs each. Data-independent memory access.
   */
  static long[] transpose(byte[] cols) {
    long[] rows = new long[2 * OTS];
    for (int c = 0; c < KAPPA; c++) {
      int base = c * ROW_BYTES;
      int word = c >>> 6;
      int shift = c & 63;
      for (int j8 = 0; j8 < OTS / 8; j8++) {
        long b = cols[base + j8] & 0xFFL;
        int r = 2 * (8 * j8) + word;
        rows[r] |= (b & 1L) << shift;
        rows[r + 2] |= ((b >>> 1) & 1L) << shift;
        rows[r + 4] |= ((b >>> 2) & 1L) << shift;
        rows[r + 6] |= ((b >>> 3) & 1L) << shift;
        rows[r + 8] |= ((b >>> 4) & 1L) << shift;
        rows[r + 10] |= ((b >>> 5) & 1L) << shift;
        rows[r + 12] |= ((b >>> 6) & 1L) << shift;
        rows[r + 14] |= ((b >>> 7) & 1L) << shift;
      }
    }
    return rows;
  }

  /** The check coefficients {@code chi_0..chi_3} (two longs each), by Fiat–Shamir over {@code u}. */
  static long[] chi(byte[] tweak, byte[] u) {
    byte[] seed = Hashes.sha256("ote-chi", tweak, u);
    byte[] more = Hashes.sha256("ote-chi-2", seed);
    long[] chi = new long[2 * DATA_CHUNKS];
    for (int i = 0; i < 4; i++) {
      chi[i] = Gf128.readLong(seed, 8 * i);
      chi[4 + i] = Gf128.readLong(more, 8 * i);
    }
    return chi;
  }

  /** {@code h(v) = v_4 + sum chi_i v_i} of the column at {@code cols[off..off+ROW_BYTES)}. */
  static void hashColumn(long[] chi, byte[] cols, int off, long[] acc4, long[] out2) {
    Arrays.fill(acc4, 0L);
    for (int i = 0; i < DATA_CHUNKS; i++) {
      Gf128.mulAccumulate(acc4, chi[2 * i], chi[2 * i + 1], Gf128.readLong(cols, off + 16 * i),
          Gf128.readLong(cols, off + 16 * i + 8));
    }
    Gf128.reduceInto(acc4, out2);
    out2[0] ^= Gf128.readLong(cols, off + 16 * DATA_CHUNKS);
    out2[1] ^= Gf128.readLong(cols, off + 16 * DATA_CHUNKS + 8);
    Arrays.fill(acc4, 0L);
  }

  /**
   * Bob's extension for one session: random choice bits, the matrix {@code u} and the check.
   *
   * @param seeds0 the 128 seeds {@code k_c^0}
   * @param seeds1 the 128 seeds {@code k_c^1}
   * @param tweak the session's PRG tweak (at least 16 bytes), unique per session and pair
   */
  public static ReceiverRound extend(byte[] seeds0, byte[] seeds1, byte[] tweak,
      SecureRandom random) {
    byte[] x = new byte[ROW_BYTES];
    random.nextBytes(x);
    byte[] u = new byte[U_BYTES];
    byte[] t0 = WipeProbe.see(new byte[U_BYTES]);
    byte[] t1 = WipeProbe.see(new byte[ROW_BYTES]);
    long[] acc = WipeProbe.see(new long[4]);
    long[] h = WipeProbe.see(new long[2]);
    FastHash hash = new FastHash();
    try {
      for (int c = 0; c < KAPPA; c++) {
        int off = c * ROW_BYTES;
        column(hash, seeds0, c, tweak, t0);
        hash.prg(seeds1, c * PairSetup.SEED_BYTES, tweak, t1, 0, ROW_BYTES);
        for (int i = 0; i < ROW_BYTES; i++) {
          u[off + i] = (byte) (t0[off + i] ^ t1[i] ^ x[i]);
        }
      }
      long[] chi = chi(tweak, u);
      byte[] check = new byte[CHECK_BYTES];
      hashColumn(chi, x, 0, acc, h);
      Gf128.write(h[0], h[1], check, 0);
      for (int c = 0; c < KAPPA; c++) {
        hashColumn(chi, t0, c * ROW_BYTES, acc, h);
        Gf128.write(h[0], h[1], check, 16 + 16 * c);
      }
      return new ReceiverRound(u, check, x, transpose(t0));
    } finally {
      Arrays.fill(t0, (byte) 0);
      Arrays.fill(t1, (byte) 0);
      Arrays.fill(h, 0L);
      Arrays.fill(acc, 0L);
      hash.wipe();
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
  public static long @Nullable [] senderRows(byte[] delta, byte[] seeds, byte[] tweak, byte[] u,
      byte[] check) {
    if (u.length != U_BYTES || check.length != CHECK_BYTES) {
      throw new IllegalArgumentException("OT extension message has the wrong length");
    }
    byte[] q = WipeProbe.see(new byte[U_BYTES]);
    long[] acc = WipeProbe.see(new long[4]);
    long[] h = WipeProbe.see(new long[2]);
    FastHash hash = new FastHash();
    try {
      for (int c = 0; c < KAPPA; c++) {
        int off = c * ROW_BYTES;
        column(hash, seeds, c, tweak, q);
        byte mask = (byte) -((delta[c >>> 3] >>> (c & 7)) & 1);
        for (int i = 0; i < ROW_BYTES; i++) {
          q[off + i] ^= (byte) (u[off + i] & mask);
        }
      }
      long[] chi = chi(tweak, u);
      long xLo = Gf128.readLong(check, 0);
      long xHi = Gf128.readLong(check, 8);
      long diff = 0;
      for (int c = 0; c < KAPPA; c++) {
        hashColumn(chi, q, c * ROW_BYTES, acc, h);
        long m = -(long) ((delta[c >>> 3] >>> (c & 7)) & 1);
        diff |= h[0] ^ Gf128.readLong(check, 16 + 16 * c) ^ (xLo & m);
        diff |= h[1] ^ Gf128.readLong(check, 24 + 16 * c) ^ (xHi & m);
      }
      Arrays.fill(h, 0L);
      if (diff != 0) {
        return null;
      }
      return transpose(q);
    } finally {
      Arrays.fill(q, (byte) 0);
      Arrays.fill(h, 0L);
      Arrays.fill(acc, 0L);
      hash.wipe();
    }
  }
}

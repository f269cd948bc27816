package dev.mayfly.mpc.ecdsa.internal;

/**
 * The OT-extension receiver ("Bob") of the key-extraction attack: from his honest matrix
 * {@code u}, he changes one choice bit in one column and rebuilds the whole consistency check
 * (Fiat–Shamir coefficients over the changed matrix included) so that Alice's check passes exactly
 * when his guess of her {@code Delta} bit for that column is right. Bob knows both seeds of every
 * base OT of the pair, so he can do this; it is a real attack on a check without poisoning.
 */
public final class CheatingReceiver {
  private CheatingReceiver() {}

  /**
   * Bob's rewritten {@code u || check}.
   *
   * @param bobsPair Bob's setup with Alice (he holds both seeds as OT-extension receiver)
   * @param tweak the session tweak Alice will use
   * @param u Bob's honest matrix
   * @param column the column (Alice's Delta bit) to probe
   * @param row a row in the checked chunks (below 512)
   * @param guess Bob's guess of {@code Delta_column}
   */
  public static byte[] probe(PairSetup bobsPair, byte[] tweak, byte[] u, int column, int row,
      int guess) {
    return probe(bobsPair, tweak, u, new int[] {column}, new int[] {row}, new int[] {guess});
  }

  /** Like the above with one changed choice bit (and one guess) in each of several columns. */
  public static byte[] probe(PairSetup bobsPair, byte[] tweak, byte[] u, int[] columns,
      int[] rows, int[] guesses) {
    int rb = OtExtension.ROW_BYTES;
    byte[] t0 = new byte[OtExtension.U_BYTES];
    byte[] t1 = new byte[rb];
    FastHash h = new FastHash();
    for (int c = 0; c < OtExtension.KAPPA; c++) {
      h.prg(bobsPair.receiverSeeds0(), c * PairSetup.SEED_BYTES, tweak, t0, c * rb, rb);
    }
    h.prg(bobsPair.receiverSeeds1(), 0, tweak, t1, 0, rb);
    byte[] x = new byte[rb];
    for (int i = 0; i < rb; i++) {
      x[i] = (byte) (u[i] ^ t0[i] ^ t1[i]);
    }
    byte[] cheated = u.clone();
    for (int i = 0; i < columns.length; i++) {
      cheated[columns[i] * rb + rows[i] / 8] ^= (byte) (1 << (rows[i] % 8));
    }
    long[] chi = OtExtension.chi(tweak, cheated);
    long[] acc = new long[4];
    long[] v = new long[2];
    byte[] out = new byte[OtExtension.U_BYTES + OtExtension.CHECK_BYTES];
    System.arraycopy(cheated, 0, out, 0, OtExtension.U_BYTES);
    int off = OtExtension.U_BYTES;
    OtExtension.hashColumn(chi, x, 0, acc, v);
    Gf128.write(v[0], v[1], out, off);
    for (int c = 0; c < OtExtension.KAPPA; c++) {
      OtExtension.hashColumn(chi, t0, c * rb, acc, v);
      for (int i = 0; i < columns.length; i++) {
        if (columns[i] == c && guesses[i] == 1) {
          byte[] e = new byte[rb];
          e[rows[i] / 8] = (byte) (1 << (rows[i] % 8));
          long[] he = new long[2];
          OtExtension.hashColumn(chi, e, 0, acc, he);
          v[0] ^= he[0];
          v[1] ^= he[1];
        }
      }
      Gf128.write(v[0], v[1], out, off + 16 + 16 * c);
    }
    return out;
  }
}

package dev.mayfly.mpc.ciphersuite.internal;

import dev.mayfly.mpc.ciphersuite.Ciphersuite;
import dev.mayfly.mpc.ciphersuite.Ed25519Sha512;
import dev.mayfly.mpc.ciphersuite.GroupElement;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import org.bouncycastle.crypto.digests.SHA512Digest;
import org.bouncycastle.math.ec.rfc7748.X25519Field;
import org.jspecify.annotations.Nullable;

/**
 * edwards25519 arithmetic for FROST(Ed25519, SHA-512) (RFC 9591 §6.1) on Bouncy Castle's
 * {@link X25519Field}.
 *
 * <p>Points use extended twisted Edwards coordinates {@code (X:Y:Z:T)} with the complete
 * Hisil–Wong–Carter–Dawson formulas for {@code a = -1}. Fixed-base multiplication by a secret
 * scalar uses signed radix-16 digits and a precomputed table of 32 × 8 affine multiples of the
 * base point, read with a constant-time scan (every entry is touched, selection by masks). Public
 * scalars use interleaved wNAF (Straus) with variable-time additions.
 *
 * @since 0.1.0
 */
final class Ed25519Math extends SuiteMath {
  private static final int SIZE = X25519Field.SIZE;

  /** The group order L = 2^252 + 27742317777372353535851937790883648493. */
  static final BigInteger ORDER =
      BigInteger.ONE.shiftLeft(252).add(new BigInteger("27742317777372353535851937790883648493"));

  private static final ScalarField SCALARS = new ScalarField(ORDER, true);
  private static final byte[] ORDER_WNAF = wnaf(SCALARS.orderLimbs(), 5);

  private static final int[] D = new int[SIZE];
  private static final int[] D2 = new int[SIZE];

  static {
    int[] num = new int[SIZE];
    int[] den = new int[SIZE];
    num[0] = 121665;
    den[0] = 121666;
    X25519Field.negate(num, num);
    X25519Field.inv(den, den);
    X25519Field.mul(num, den, D);
    X25519Field.normalize(D);
    X25519Field.add(D, D, D2);
    X25519Field.carry(D2);
    X25519Field.normalize(D2);
  }

  private static final Ext BASE = decodeUnchecked(
      HexFormat.of().parseHex("5866666666666666666666666666666666666666666666666666666666666666"));

  /** COMB[j][k] = (k + 1) * 256^j * B, affine. */
  private static final Affine[][] COMB = buildComb();

  /** BASE_ODD[k] = (2k + 1) * B, affine, for wNAF width 7. */
  private static final Affine[] BASE_ODD = buildBaseOdd(32);

  private static final byte[] CONTEXT =
      Ed25519Sha512.instance().contextString().getBytes(StandardCharsets.US_ASCII);

  static final Ed25519Math INSTANCE = new Ed25519Math();

  private Ed25519Math() {}

  // ------------------------------------------------------------------ point types

  /** Extended coordinates; mutable working storage. */
  private static final class Ext {
    final int[] x = new int[SIZE];
    final int[] y = new int[SIZE];
    final int[] z = new int[SIZE];
    final int[] t = new int[SIZE];

    void setIdentity() {
      X25519Field.zero(x);
      X25519Field.one(y);
      X25519Field.one(z);
      X25519Field.zero(t);
    }

    void copyFrom(Ext o) {
      System.arraycopy(o.x, 0, x, 0, SIZE);
      System.arraycopy(o.y, 0, y, 0, SIZE);
      System.arraycopy(o.z, 0, z, 0, SIZE);
      System.arraycopy(o.t, 0, t, 0, SIZE);
    }
  }

  /** {@code (Y+X, Y-X, 2Z, 2dT)}: a point prepared for additions. */
  private static final class Cached {
    final int[] ypx = new int[SIZE];
    final int[] ymx = new int[SIZE];
    final int[] z2 = new int[SIZE];
    final int[] t2d = new int[SIZE];
  }

  /** {@code (y+x, y-x, 2dxy)}: an affine point prepared for mixed additions. */
  private static final class Affine {
    final int[] ypx = new int[SIZE];
    final int[] ymx = new int[SIZE];
    final int[] xy2d = new int[SIZE];
  }

  /** Temporaries of the formulas. */
  private static final class Tmp {
    final int[] a = new int[SIZE];
    final int[] b = new int[SIZE];
    final int[] c = new int[SIZE];
    final int[] d = new int[SIZE];
    final int[] e = new int[SIZE];
    final int[] f = new int[SIZE];
    final int[] g = new int[SIZE];
    final int[] h = new int[SIZE];
  }

  /** An immutable edwards25519 element. */
  static final class EdPoint extends GroupElement {
    private final Ext p;

    private EdPoint(Ext p) {
      this.p = p;
    }

    @Override
    public Ciphersuite ciphersuite() {
      return Ed25519Sha512.instance();
    }

    @Override
    public boolean isIdentity() {
      return isIdentityVar(p);
    }

    @Override
    protected byte[] computeEncoding() {
      return encodePoint(p);
    }

    EdPoint withEncoding(byte[] canonical) {
      cacheEncoding(canonical);
      return this;
    }
  }

  private static Ext ext(GroupElement e) {
    return ((EdPoint) e).p;
  }

  // ------------------------------------------------------------------ formulas

  /** r = 2p (dbl-2008-hwcd); T is computed only when {@code withT}. r may alias p. */
  private static void dbl(Ext p, Ext r, Tmp w, boolean withT) {
    X25519Field.sqr(p.x, w.a);
    X25519Field.sqr(p.y, w.b);
    X25519Field.sqr(p.z, w.c);
    X25519Field.add(w.c, w.c, w.c);
    X25519Field.apm(w.a, w.b, w.h, w.g); // h = A + B, g = A - B
    X25519Field.add(p.x, p.y, w.e);
    X25519Field.sqr(w.e, w.e);
    X25519Field.sub(w.h, w.e, w.e); // e = A + B - (X + Y)^2
    X25519Field.add(w.c, w.g, w.f);
    X25519Field.carry(w.f);
    X25519Field.mul(w.e, w.f, r.x);
    X25519Field.mul(w.g, w.h, r.y);
    X25519Field.mul(w.f, w.g, r.z);
    if (withT) {
      X25519Field.mul(w.e, w.h, r.t);
    }
  }

  /** r = p ± q (add-2008-hwcd-3, with q cached). r may alias p. */
  private static void addCached(Ext p, Cached q, boolean negate, Ext r, Tmp w) {
    X25519Field.apm(p.y, p.x, w.b, w.a); // b = Y + X, a = Y - X
    X25519Field.mul(w.a, negate ? q.ypx : q.ymx, w.a);
    X25519Field.mul(w.b, negate ? q.ymx : q.ypx, w.b);
    X25519Field.mul(p.t, q.t2d, w.c);
    X25519Field.mul(p.z, q.z2, w.d);
    finishAdd(r, w, negate);
  }

  /** r = p ± q with q affine (mixed addition). r may alias p. */
  private static void addAffine(Ext p, Affine q, boolean negate, Ext r, Tmp w) {
    X25519Field.apm(p.y, p.x, w.b, w.a);
    X25519Field.mul(w.a, negate ? q.ypx : q.ymx, w.a);
    X25519Field.mul(w.b, negate ? q.ymx : q.ypx, w.b);
    X25519Field.mul(p.t, q.xy2d, w.c);
    X25519Field.add(p.z, p.z, w.d);
    finishAdd(r, w, negate);
  }

  private static void finishAdd(Ext r, Tmp w, boolean negate) {
    X25519Field.apm(w.b, w.a, w.h, w.e); // h = B + A, e = B - A
    if (negate) {
      X25519Field.apm(w.d, w.c, w.f, w.g); // C is negated: f = D + C, g = D - C
    } else {
      X25519Field.apm(w.d, w.c, w.g, w.f); // g = D + C, f = D - C
    }
    X25519Field.carry(w.g);
    X25519Field.carry(w.f);
    X25519Field.mul(w.e, w.f, r.x);
    X25519Field.mul(w.g, w.h, r.y);
    X25519Field.mul(w.f, w.g, r.z);
    X25519Field.mul(w.e, w.h, r.t);
  }

  private static void toCached(Ext p, Cached c) {
    X25519Field.apm(p.y, p.x, c.ypx, c.ymx);
    X25519Field.carry(c.ypx);
    X25519Field.carry(c.ymx);
    X25519Field.add(p.z, p.z, c.z2);
    X25519Field.carry(c.z2);
    X25519Field.mul(p.t, D2, c.t2d);
  }

  private static Affine toAffine(Ext p) {
    int[] zi = new int[SIZE];
    int[] x = new int[SIZE];
    int[] y = new int[SIZE];
    X25519Field.inv(p.z, zi);
    X25519Field.mul(p.x, zi, x);
    X25519Field.mul(p.y, zi, y);
    Affine a = new Affine();
    X25519Field.apm(y, x, a.ypx, a.ymx);
    X25519Field.normalize(a.ypx);
    X25519Field.normalize(a.ymx);
    X25519Field.mul(x, y, a.xy2d);
    X25519Field.mul(a.xy2d, D2, a.xy2d);
    X25519Field.normalize(a.xy2d);
    return a;
  }

  private static boolean isIdentityVar(Ext p) {
    int[] x = p.x.clone();
    X25519Field.normalize(x);
    int[] d = new int[SIZE];
    X25519Field.sub(p.y, p.z, d);
    X25519Field.normalize(d);
    return X25519Field.isZeroVar(x) && X25519Field.isZeroVar(d);
  }

  private static boolean equalVar(Ext p, Ext q) {
    int[] a = new int[SIZE];
    int[] b = new int[SIZE];
    X25519Field.mul(p.x, q.z, a);
    X25519Field.mul(q.x, p.z, b);
    X25519Field.sub(a, b, a);
    X25519Field.normalize(a);
    if (!X25519Field.isZeroVar(a)) {
      return false;
    }
    X25519Field.mul(p.y, q.z, a);
    X25519Field.mul(q.y, p.z, b);
    X25519Field.sub(a, b, a);
    X25519Field.normalize(a);
    return X25519Field.isZeroVar(a);
  }

  // ------------------------------------------------------------------ encoding

  private static byte[] encodePoint(Ext p) {
    int[] zi = new int[SIZE];
    int[] x = new int[SIZE];
    int[] y = new int[SIZE];
    X25519Field.inv(p.z, zi);
    X25519Field.mul(p.x, zi, x);
    X25519Field.mul(p.y, zi, y);
    X25519Field.normalize(x);
    X25519Field.normalize(y);
    byte[] out = new byte[32];
    X25519Field.encode(y, out, 0);
    out[31] |= (byte) ((x[0] & 1) << 7);
    return out;
  }

  /** RFC 8032 §5.1.3 decoding with the canonical-y check, without the subgroup checks. */
  private static @Nullable Ext decodeUnchecked(byte[] encoding) {
    byte[] yBytes = encoding.clone();
    int sign = (yBytes[31] & 0x80) >>> 7;
    yBytes[31] &= 0x7F;
    Ext p = new Ext();
    X25519Field.decode(yBytes, 0, p.y, 0);
    int[] check = p.y.clone();
    X25519Field.normalize(check);
    byte[] reencoded = new byte[32];
    X25519Field.encode(check, reencoded, 0);
    if (!Arrays.equals(reencoded, yBytes)) {
      return null; // y >= p
    }
    int[] u = new int[SIZE];
    int[] v = new int[SIZE];
    X25519Field.sqr(p.y, u);
    X25519Field.mul(u, D, v);
    X25519Field.subOne(u);
    X25519Field.addOne(v);
    if (!X25519Field.sqrtRatioVar(u, v, p.x)) {
      return null;
    }
    X25519Field.normalize(p.x);
    if (sign == 1 && X25519Field.isZeroVar(p.x)) {
      return null;
    }
    if ((p.x[0] & 1) != sign) {
      X25519Field.negate(p.x, p.x);
      X25519Field.normalize(p.x);
    }
    X25519Field.one(p.z);
    X25519Field.mul(p.x, p.y, p.t);
    return p;
  }

  @Override
  public @Nullable GroupElement decode(byte[] bytes, int offset) {
    if (bytes.length - offset < 32) {
      return null;
    }
    byte[] enc = Arrays.copyOfRange(bytes, offset, offset + 32);
    Ext p = decodeUnchecked(enc);
    if (p == null || isIdentityVar(p) || !isIdentityVar(mulVar(p, ORDER_WNAF))) {
      return null; // not on the curve, the identity, or outside the prime-order subgroup
    }
    return new EdPoint(p).withEncoding(enc);
  }

  /** Decodes a curve point without the identity and subgroup checks; tests build torsion with it. */
  static @Nullable GroupElement decodeForTest(byte[] encoding) {
    Ext p = decodeUnchecked(encoding);
    return p == null ? null : new EdPoint(p);
  }

  // ------------------------------------------------------------------ fixed base, constant time

  private static Affine[][] buildComb() {
    Affine[][] table = new Affine[32][8];
    Tmp w = new Tmp();
    Ext row = new Ext();
    row.copyFrom(BASE);
    Cached rowCached = new Cached();
    for (int j = 0; j < 32; j++) {
      toCached(row, rowCached);
      Ext acc = new Ext();
      acc.copyFrom(row);
      for (int k = 0; k < 8; k++) {
        table[j][k] = toAffine(acc);
        addCached(acc, rowCached, false, acc, w);
      }
      for (int i = 0; i < 8; i++) {
        dbl(row, row, w, i == 7);
      }
    }
    return table;
  }

  private static Affine[] buildBaseOdd(int count) {
    Affine[] table = new Affine[count];
    Tmp w = new Tmp();
    Ext twice = new Ext();
    dbl(BASE, twice, w, true);
    Cached twiceCached = new Cached();
    toCached(twice, twiceCached);
    Ext acc = new Ext();
    acc.copyFrom(BASE);
    for (int k = 0; k < count; k++) {
      table[k] = toAffine(acc);
      addCached(acc, twiceCached, false, acc, w);
    }
    return table;
  }

  /** Constant-time read of {@code digit * COMB[pos][*]}, digit in [-8, 8]. */
  private static void select(int pos, int digit, Affine out) {
    int sign = digit >> 31;
    int abs = (digit ^ sign) - sign;
    X25519Field.one(out.ypx);
    X25519Field.one(out.ymx);
    X25519Field.zero(out.xy2d);
    Affine[] row = COMB[pos];
    for (int k = 1; k <= 8; k++) {
      int mask = ((abs ^ k) - 1) >> 31; // -1 iff abs == k
      Affine e = row[k - 1];
      X25519Field.cmov(mask, e.ypx, 0, out.ypx, 0);
      X25519Field.cmov(mask, e.ymx, 0, out.ymx, 0);
      X25519Field.cmov(mask, e.xy2d, 0, out.xy2d, 0);
    }
    int negate = sign & 1;
    X25519Field.cswap(negate, out.ypx, out.ymx);
    X25519Field.cnegate(negate, out.xy2d);
  }

  @Override
  public GroupElement mulBase(int[] k) {
    byte[] bytes = SCALARS.encode(k);
    int[] e = new int[64];
    Affine t = new Affine();
    try {
      for (int i = 0; i < 32; i++) {
        e[2 * i] = bytes[i] & 15;
        e[2 * i + 1] = (bytes[i] >>> 4) & 15;
      }
      int carry = 0;
      for (int i = 0; i < 63; i++) {
        e[i] += carry;
        carry = (e[i] + 8) >> 4;
        e[i] -= carry << 4;
      }
      e[63] += carry;
      Ext h = new Ext();
      h.setIdentity();
      Tmp w = new Tmp();
      for (int i = 1; i < 64; i += 2) {
        select(i >> 1, e[i], t);
        addAffine(h, t, false, h, w);
      }
      dbl(h, h, w, false);
      dbl(h, h, w, false);
      dbl(h, h, w, false);
      dbl(h, h, w, true);
      for (int i = 0; i < 64; i += 2) {
        select(i >> 1, e[i], t);
        addAffine(h, t, false, h, w);
      }
      return new EdPoint(h);
    } finally {
      Arrays.fill(bytes, (byte) 0);
      Arrays.fill(e, 0);
      X25519Field.zero(t.ypx);
      X25519Field.zero(t.ymx);
      X25519Field.zero(t.xy2d);
    }
  }

  // ------------------------------------------------------------------ variable time

  /** Width-w NAF of a non-negative integer of at most 256 bits (variable time). */
  static byte[] wnaf(int[] k, int w) {
    int[] n = Arrays.copyOf(k, 9);
    byte[] out = new byte[257];
    int width = 1 << w;
    int half = width >>> 1;
    for (int i = 0; i < out.length; i++) {
      if ((n[0] & 1) != 0) {
        int d = n[0] & (width - 1);
        if (d >= half) {
          d -= width;
        }
        out[i] = (byte) d;
        addSmall(n, -d);
      }
      shiftRight1(n);
    }
    return out;
  }

  private static int bitLength(int[] k) {
    for (int i = k.length - 1; i >= 0; i--) {
      if (k[i] != 0) {
        return 32 * i + 32 - Integer.numberOfLeadingZeros(k[i]);
      }
    }
    return 0;
  }

  private static void addSmall(int[] n, int v) {
    long carry = v;
    for (int i = 0; i < n.length && carry != 0; i++) {
      long s = (n[i] & 0xFFFF_FFFFL) + carry;
      n[i] = (int) s;
      carry = s >> 32;
    }
  }

  private static void shiftRight1(int[] n) {
    for (int i = 0; i < n.length - 1; i++) {
      n[i] = (n[i] >>> 1) | (n[i + 1] << 31);
    }
    n[n.length - 1] >>>= 1;
  }

  private static Cached[] oddMultiples(Ext p, int count) {
    Tmp w = new Tmp();
    Cached[] table = new Cached[count];
    if (count == 1) {
      table[0] = new Cached();
      toCached(p, table[0]);
      return table;
    }
    Ext twice = new Ext();
    dbl(p, twice, w, true);
    Cached twiceCached = new Cached();
    toCached(twice, twiceCached);
    Ext acc = new Ext();
    acc.copyFrom(p);
    for (int k = 0; k < count; k++) {
      table[k] = new Cached();
      toCached(acc, table[k]);
      if (k + 1 < count) {
        addCached(acc, twiceCached, false, acc, w);
      }
    }
    return table;
  }

  private static Ext mulVar(Ext p, byte[] naf) {
    return straus(new Cached[][] {oddMultiples(p, 8)}, new byte[][] {naf}, null);
  }

  private static Ext straus(Cached[][] tables, byte[][] nafs, byte @Nullable [] baseNaf) {
    int top = -1;
    for (int i = 256; i >= 0 && top < 0; i--) {
      for (byte[] naf : nafs) {
        if (naf[i] != 0) {
          top = i;
        }
      }
      if (baseNaf != null && baseNaf[i] != 0) {
        top = i;
      }
    }
    Ext r = new Ext();
    r.setIdentity();
    Tmp w = new Tmp();
    for (int i = top; i >= 0; i--) {
      boolean any = baseNaf != null && baseNaf[i] != 0;
      for (int j = 0; j < nafs.length && !any; j++) {
        any = nafs[j][i] != 0;
      }
      if (i != top) {
        dbl(r, r, w, any || i == 0);
      }
      for (int j = 0; j < nafs.length; j++) {
        int d = nafs[j][i];
        if (d > 0) {
          addCached(r, tables[j][(d - 1) >> 1], false, r, w);
        } else if (d < 0) {
          addCached(r, tables[j][(-d - 1) >> 1], true, r, w);
        }
      }
      if (baseNaf != null) {
        int d = baseNaf[i];
        if (d > 0) {
          addAffine(r, BASE_ODD[(d - 1) >> 1], false, r, w);
        } else if (d < 0) {
          addAffine(r, BASE_ODD[(-d - 1) >> 1], true, r, w);
        }
      }
    }
    return r;
  }

  @Override
  public GroupElement sumOfProductsPublic(GroupElement[] ps, int[][] ks, int @Nullable [] base) {
    if (ps.length != ks.length) {
      throw new IllegalArgumentException("points and scalars differ in number");
    }
    Cached[][] tables = new Cached[ps.length][];
    byte[][] nafs = new byte[ps.length][];
    for (int i = 0; i < ps.length; i++) {
      // Small scalars (Feldman powers x^k) do not repay a big table.
      int width = bitLength(ks[i]) <= 32 ? 2 : 5;
      tables[i] = oddMultiples(ext(ps[i]), 1 << (width - 2));
      nafs[i] = wnaf(ks[i], width);
    }
    return new EdPoint(straus(tables, nafs, base == null ? null : wnaf(base, 7)));
  }

  // ------------------------------------------------------------------ group API

  @Override
  public Ciphersuite suite() {
    return Ed25519Sha512.instance();
  }

  @Override
  public ScalarField scalars() {
    return SCALARS;
  }

  @Override
  public GroupElement identity() {
    Ext r = new Ext();
    r.setIdentity();
    return new EdPoint(r);
  }

  @Override
  public GroupElement add(GroupElement a, GroupElement b) {
    Cached c = new Cached();
    toCached(ext(b), c);
    Ext r = new Ext();
    addCached(ext(a), c, false, r, new Tmp());
    return new EdPoint(r);
  }

  @Override
  public GroupElement negate(GroupElement a) {
    Ext p = ext(a);
    Ext r = new Ext();
    X25519Field.negate(p.x, r.x);
    System.arraycopy(p.y, 0, r.y, 0, SIZE);
    System.arraycopy(p.z, 0, r.z, 0, SIZE);
    X25519Field.negate(p.t, r.t);
    return new EdPoint(r);
  }

  @Override
  public boolean isIdentityTimesCofactor(GroupElement a) {
    Ext r = new Ext();
    Tmp w = new Tmp();
    dbl(ext(a), r, w, false);
    dbl(r, r, w, false);
    dbl(r, r, w, false);
    return isIdentityVar(r);
  }

  @Override
  public boolean equalPublic(GroupElement a, GroupElement b) {
    return equalVar(ext(a), ext(b));
  }

  // ------------------------------------------------------------------ hashes (RFC 9591 §6.1)

  private static byte[] sha512(byte[]... parts) {
    SHA512Digest digest = new SHA512Digest();
    for (byte[] p : parts) {
      digest.update(p, 0, p.length);
    }
    byte[] out = new byte[64];
    digest.doFinal(out, 0);
    return out;
  }

  private static byte[] tag(String t) {
    return t.getBytes(StandardCharsets.US_ASCII);
  }

  private static int[] hashToScalar(byte[]... parts) {
    byte[] h = sha512(parts);
    try {
      return SCALARS.reduceLittleEndian(h);
    } finally {
      Arrays.fill(h, (byte) 0);
    }
  }

  @Override
  public int[] h1(byte[] m) {
    return hashToScalar(CONTEXT, tag("rho"), m);
  }

  @Override
  public int[] h2(byte[] m) {
    return hashToScalar(m); // no context string, for RFC 8032 compatibility
  }

  @Override
  public int[] h3(byte[] m) {
    return hashToScalar(CONTEXT, tag("nonce"), m);
  }

  @Override
  public byte[] h4(byte[] m) {
    return sha512(CONTEXT, tag("msg"), m);
  }

  @Override
  public byte[] h5(byte[] m) {
    return sha512(CONTEXT, tag("com"), m);
  }

  @Override
  public int[] hdkg(byte[] m) {
    return hashToScalar(CONTEXT, tag("dkg"), m);
  }
}

package dev.mayfly.mpc.ciphersuite.internal;

import dev.mayfly.mpc.ciphersuite.Ciphersuite;
import dev.mayfly.mpc.ciphersuite.GroupElement;
import dev.mayfly.mpc.ciphersuite.P256Sha256;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECAlgorithms;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.ECPoint;
import org.jspecify.annotations.Nullable;

/**
 * P-256 arithmetic for FROST(P-256, SHA-256) (RFC 9591 §6.4) on Bouncy Castle's custom curve
 * ({@code SecP256R1Curve}), with RFC 9380 hash-to-field.
 *
 * <p>Multiplication by a secret scalar ({@link #mulBase}, {@link #mulSecret}) is
 * {@link P256Ladder}: a regular signed-window recoding of the scalar's limbs and Bouncy Castle's
 * cache-safe lookup tables, with no {@link BigInteger}. Public scalars use Bouncy Castle's
 * variable-time {@link ECAlgorithms#sumOfMultiplies}.
 *
 * @since 0.1.0
 */
final class P256Math extends SuiteMath {
  private static final X9ECParameters PARAMS = CustomNamedCurves.getByName("P-256");
  private static final ECCurve CURVE = PARAMS.getCurve();
  private static final ECPoint G = PARAMS.getG().normalize();
  private static final ScalarField SCALARS = new ScalarField(PARAMS.getN(), false);
  private static final BigInteger FIELD_PRIME = CURVE.getField().getCharacteristic();
  private static final P256Ladder LADDER = new P256Ladder(CURVE, G);
  private static final int[] ORDER = SCALARS.orderLimbs();
  /** From this many terms on, public multi-scalar multiplications use {@link P256Msm}. */
  private static final int MSM_THRESHOLD = 64;
  private static final byte[] CONTEXT =
      P256Sha256.instance().contextString().getBytes(StandardCharsets.US_ASCII);

  static final P256Math INSTANCE = new P256Math();

  private P256Math() {}

  /** An immutable P-256 element (normalized, affine). */
  static final class P256Point extends GroupElement {
    private final ECPoint p;
    /** The lookup table of odd multiples, built on the first secret multiplication. */
    private volatile P256Ladder.@org.jspecify.annotations.Nullable Table table;
    /** The doubling-free tables, built on the second secret multiplication of this point. */
    private volatile P256Ladder.Table @org.jspecify.annotations.Nullable [] fixed;

    P256Point(ECPoint p) {
      this.p = p.normalize();
    }

    @Override
    public Ciphersuite ciphersuite() {
      return P256Sha256.instance();
    }

    @Override
    public boolean isIdentity() {
      return p.isInfinity();
    }

    @Override
    protected byte[] computeEncoding() {
      return p.getEncoded(true);
    }

    P256Point withEncoding(byte[] canonical) {
      cacheEncoding(canonical);
      return this;
    }
  }

  private static ECPoint point(GroupElement e) {
    return ((P256Point) e).p;
  }

  @Override
  public Ciphersuite suite() {
    return P256Sha256.instance();
  }

  @Override
  public ScalarField scalars() {
    return SCALARS;
  }

  @Override
  public GroupElement identity() {
    return new P256Point(CURVE.getInfinity());
  }

  @Override
  public GroupElement mulBase(int[] k) {
    return new P256Point(LADDER.mulBase(k, ORDER));
  }

  /**
   * {@inheritDoc}
   *
   * <p>{@link P256Ladder#mul}: a table of odd multiples of {@code p} (variable time, but
   * {@code p} is public), then constant-time lookups, four doublings and one addition per digit.
   * From the second multiplication of the same point object on, the 65 doubling-free tables of
   * {@link P256Ladder#fixedTables} (a peer's base-OT key is multiplied 128 times).
   */
  @Override
  public GroupElement mulSecret(GroupElement p, int[] k) {
    P256Point q = (P256Point) p;
    P256Ladder.Table[] f = q.fixed;
    if (f != null) {
      return new P256Point(LADDER.mulFixed(f, k, ORDER));
    }
    P256Ladder.Table t = q.table;
    if (t != null) {
      // Used a second time (a peer's base-OT key): build the doubling-free tables.
      f = LADDER.fixedTables(q.p);
      q.fixed = f;
      return new P256Point(LADDER.mulFixed(f, k, ORDER));
    }
    t = LADDER.table(q.p);
    q.table = t;
    return new P256Point(LADDER.mul(t, k, ORDER));
  }

  @Override
  public GroupElement add(GroupElement a, GroupElement b) {
    return new P256Point(point(a).add(point(b)));
  }

  @Override
  public GroupElement negate(GroupElement a) {
    return new P256Point(point(a).negate());
  }

  @Override
  public GroupElement sumOfProductsPublic(GroupElement[] ps, int[][] ks, int @Nullable [] base) {
    if (ps.length != ks.length) {
      throw new IllegalArgumentException("points and scalars differ in number");
    }
    int n = ps.length + (base == null ? 0 : 1);
    if (n == 0) {
      return identity();
    }
    if (n >= MSM_THRESHOLD) {
      int[][] ks2 = Arrays.copyOf(ks, n);
      ECPoint[] points = new ECPoint[n];
      for (int i = 0; i < ps.length; i++) {
        points[i] = point(ps[i]);
      }
      if (base != null) {
        points[n - 1] = G;
        ks2[n - 1] = base;
      }
      return new P256Point(P256Msm.sum(CURVE, points, ks2));
    }
    ECPoint[] points = new ECPoint[n];
    BigInteger[] scalars = new BigInteger[n];
    for (int i = 0; i < ps.length; i++) {
      points[i] = point(ps[i]);
      scalars[i] = SCALARS.toBigIntegerPublic(ks[i]);
    }
    if (base != null) {
      points[n - 1] = G;
      scalars[n - 1] = SCALARS.toBigIntegerPublic(base);
    }
    return new P256Point(ECAlgorithms.sumOfMultiplies(points, scalars));
  }

  @Override
  public boolean isIdentityTimesCofactor(GroupElement a) {
    return point(a).isInfinity(); // cofactor 1
  }

  @Override
  public @Nullable GroupElement decode(byte[] bytes, int offset) {
    if (bytes.length - offset < 33) {
      return null;
    }
    byte[] enc = Arrays.copyOfRange(bytes, offset, offset + 33);
    if (enc[0] != 2 && enc[0] != 3) {
      return null; // only compressed, non-identity encodings
    }
    if (new BigInteger(1, Arrays.copyOfRange(enc, 1, 33)).compareTo(FIELD_PRIME) >= 0) {
      return null; // non-canonical x
    }
    ECPoint p;
    try {
      p = CURVE.decodePoint(enc);
    } catch (IllegalArgumentException e) {
      return null; // x is not the abscissa of a curve point
    }
    if (p.isInfinity() || !p.isValid()) {
      return null;
    }
    return new P256Point(p).withEncoding(enc);
  }

  // ------------------------------------------------------------------ hashes (RFC 9591 §6.4)

  private static byte[] sha256(byte[]... parts) {
    SHA256Digest digest = new SHA256Digest();
    for (byte[] p : parts) {
      digest.update(p, 0, p.length);
    }
    byte[] out = new byte[32];
    digest.doFinal(out, 0);
    return out;
  }

  /** RFC 9380 §5.3.1 expand_message_xmd with SHA-256. */
  static byte[] expandMessageXmd(byte[] msg, byte[] dst, int lengthBytes) {
    int ell = (lengthBytes + 31) / 32;
    if (ell > 255 || dst.length > 255) {
      throw new IllegalArgumentException("expand_message_xmd: output or DST too long");
    }
    byte[] dstPrime = SuiteMath.concat(dst, new byte[] {(byte) dst.length});
    byte[] b0 = sha256(new byte[64], msg,
        new byte[] {(byte) (lengthBytes >>> 8), (byte) lengthBytes, 0}, dstPrime);
    byte[] out = new byte[ell * 32];
    byte[] prev = sha256(b0, new byte[] {1}, dstPrime);
    System.arraycopy(prev, 0, out, 0, 32);
    for (int i = 2; i <= ell; i++) {
      byte[] x = new byte[32];
      for (int j = 0; j < 32; j++) {
        x[j] = (byte) (b0[j] ^ prev[j]);
      }
      prev = sha256(x, new byte[] {(byte) i}, dstPrime);
      System.arraycopy(prev, 0, out, (i - 1) * 32, 32);
    }
    return Arrays.copyOf(out, lengthBytes);
  }

  private static int[] hashToField(String tag, byte[] m) {
    byte[] dst = SuiteMath.concat(CONTEXT, tag.getBytes(StandardCharsets.US_ASCII));
    byte[] uniform = expandMessageXmd(m, dst, 48);
    try {
      return SCALARS.reduceBigEndian(uniform);
    } finally {
      Arrays.fill(uniform, (byte) 0);
    }
  }

  @Override
  public int[] h1(byte[] m) {
    return hashToField("rho", m);
  }

  @Override
  public int[] h2(byte[] m) {
    return hashToField("chal", m);
  }

  @Override
  public int[] h3(byte[] m) {
    return hashToField("nonce", m);
  }

  @Override
  public byte[] h4(byte[] m) {
    return sha256(CONTEXT, "msg".getBytes(StandardCharsets.US_ASCII), m);
  }

  @Override
  public byte[] h5(byte[] m) {
    return sha256(CONTEXT, "com".getBytes(StandardCharsets.US_ASCII), m);
  }

  @Override
  public int[] hdkg(byte[] m) {
    return hashToField("dkg", m);
  }
}

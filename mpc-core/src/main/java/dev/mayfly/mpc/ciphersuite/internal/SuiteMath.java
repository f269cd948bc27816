package dev.mayfly.mpc.ciphersuite.internal;

import dev.mayfly.common.PartyId;
import dev.mayfly.mpc.ciphersuite.Ciphersuite;
import dev.mayfly.mpc.ciphersuite.Ed25519Sha512;
import dev.mayfly.mpc.ciphersuite.GroupElement;
import dev.mayfly.mpc.ciphersuite.P256Sha256;
import java.security.SecureRandom;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * The arithmetic behind a {@link Ciphersuite} (RFC 9591 §4 and §6): group operations, the scalar
 * field and the hash functions. The FROST protocol code is written once against this class.
 *
 * <p>Constant time: {@link #mulBase} (the only operation ever applied to a secret scalar with a
 * point), and the {@link ScalarField} operations. Everything named {@code ...Public} is variable
 * time and must only see public scalars.
 *
 * @since 0.1.0
 */
public abstract class SuiteMath {

  /** The arithmetic of {@code suite}. */
  public static SuiteMath of(Ciphersuite suite) {
    if (suite instanceof Ed25519Sha512) {
      return Ed25519Math.INSTANCE;
    }
    if (suite instanceof P256Sha256) {
      return P256Math.INSTANCE;
    }
    throw new IllegalArgumentException("unknown ciphersuite " + suite);
  }

  /** The suite. */
  public abstract Ciphersuite suite();

  /** The scalar field (the group order). */
  public abstract ScalarField scalars();

  /** Ne. */
  public final int elementLength() {
    return suite().elementLengthBytes();
  }

  /** Ns. */
  public final int scalarLength() {
    return suite().scalarLengthBytes();
  }

  /** The identity element. */
  public abstract GroupElement identity();

  /** {@code k * G} for a secret scalar, in constant time. */
  public abstract GroupElement mulBase(int[] k);

  /**
   * {@code k * p} for a secret scalar {@code k} and a public point {@code p}, in constant time in
   * {@code k} (threshold ECDSA multiplies received points by secret scalars). Only P-256
   * implements it.
   *
   * @throws UnsupportedOperationException for suites without it
   */
  public GroupElement mulSecret(GroupElement p, int[] k) {
    throw new UnsupportedOperationException(suite().name() + " has no variable-base secret"
        + " multiplication");
  }

  /** {@code a + b}. */
  public abstract GroupElement add(GroupElement a, GroupElement b);

  /** {@code -a}. */
  public abstract GroupElement negate(GroupElement a);

  /** {@code k * p} for a public scalar (variable time). */
  public GroupElement mulPublic(GroupElement p, int[] k) {
    return sumOfProductsPublic(new GroupElement[] {p}, new int[][] {k}, null);
  }

  /**
   * {@code sum(ks[i] * ps[i]) + base * G} for public scalars (variable time); {@code base} may be
   * null.
   */
  public abstract GroupElement sumOfProductsPublic(
      GroupElement[] ps, int[][] ks, int @Nullable [] base);

  /** Whether {@code a == b}, without encoding either (variable time; public values only). */
  public boolean equalPublic(GroupElement a, GroupElement b) {
    return add(a, negate(b)).isIdentity();
  }

  /** Whether {@code cofactor * a} is the identity (the check of cofactored verification). */
  public abstract boolean isIdentityTimesCofactor(GroupElement a);

  /**
   * Strict element decoding (RFC 9591 §4, DeserializeElement) of {@link #elementLength()} bytes
   * at {@code offset}.
   *
   * @return the element, or {@code null} when the bytes are not a canonical encoding of a
   *     non-identity element of the prime-order group
   */
  public abstract @Nullable GroupElement decode(byte[] bytes, int offset);

  /** H1 (binding factors). */
  public abstract int[] h1(byte[] m);

  /** H2 (challenge). */
  public abstract int[] h2(byte[] m);

  /** H3 (nonces). */
  public abstract int[] h3(byte[] m);

  /** H4 (message hash). */
  public abstract byte[] h4(byte[] m);

  /** H5 (commitment list hash). */
  public abstract byte[] h5(byte[] m);

  /** HDKG (challenge of the DKG proof of knowledge, as in the Zcash Foundation frost-core). */
  public abstract int[] hdkg(byte[] m);

  /** A uniformly random non-zero scalar (wide reduction of 64 random bytes). */
  public final int[] randomScalar(SecureRandom random) {
    byte[] wide = new byte[64];
    try {
      while (true) {
        random.nextBytes(wide);
        int[] k = scalars().reduceLittleEndian(wide);
        if (!scalars().isZero(k)) {
          return k;
        }
      }
    } finally {
      Arrays.fill(wide, (byte) 0);
    }
  }

  /** The scalar of a participant identifier (its Shamir x-coordinate). */
  public final int[] identifier(PartyId id) {
    return scalars().fromInt(id.value());
  }

  /** SerializeScalar of an identifier. */
  public final byte[] encodeIdentifier(PartyId id) {
    return scalars().encode(identifier(id));
  }

  /** Decodes a canonical scalar, or returns null. */
  public final int @Nullable [] decodeScalar(byte[] bytes, int offset) {
    return scalars().decode(bytes, offset);
  }

  /** SerializeScalar. */
  public final byte[] encodeScalar(int[] k) {
    return scalars().encode(k);
  }

  /** The concatenation of {@code parts}. */
  public static byte[] concat(byte[]... parts) {
    int n = 0;
    for (byte[] p : parts) {
      n += p.length;
    }
    byte[] out = new byte[n];
    int off = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, off, p.length);
      off += p.length;
    }
    return out;
  }
}

package dev.mayfly.mpc.ciphersuite;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * An element of a ciphersuite's prime-order group: a public value such as a group public key, a
 * verifying share or a nonce commitment.
 *
 * <p>Instances are immutable. Elements that reach the public API were either computed by Mayfly
 * or decoded strictly (RFC 9591 §4, DeserializeElement), so they are never the identity and always
 * lie in the prime-order subgroup. Implementations live in Mayfly's internal packages; do not
 * subclass.
 *
 * @since 0.1.0
 */
public abstract class GroupElement {
  private volatile byte[] encoding;

  /** For Mayfly's own implementations only. */
  protected GroupElement() {}

  /** The suite this element belongs to. */
  public abstract Ciphersuite ciphersuite();

  /** Whether this is the identity (the point at infinity); never true for public values. */
  public abstract boolean isIdentity();

  /** Computes the canonical encoding; called at most a few times, then cached. */
  protected abstract byte[] computeEncoding();

  /**
   * The canonical encoding (RFC 9591 §4, SerializeElement): 32 bytes (RFC 8032) for Ed25519, 33
   * bytes (SEC 1 compressed) for P-256.
   *
   * @throws IllegalStateException for the identity, which has no encoding
   */
  public final byte[] encode() {
    return encoded().clone();
  }

  private byte[] encoded() {
    byte[] e = encoding;
    if (e == null) {
      if (isIdentity()) {
        throw new IllegalStateException("the identity element has no encoding");
      }
      e = computeEncoding();
      encoding = e;
    }
    return e;
  }

  /** Sets the cached encoding when the element was just decoded from exactly these bytes. */
  protected final void cacheEncoding(byte[] canonical) {
    this.encoding = canonical.clone();
  }

  @Override
  public final boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof GroupElement other) || other.ciphersuite() != ciphersuite()) {
      return false;
    }
    if (isIdentity() || other.isIdentity()) {
      return isIdentity() && other.isIdentity();
    }
    return Arrays.equals(encoded(), other.encoded());
  }

  @Override
  public final int hashCode() {
    return isIdentity() ? 0 : Arrays.hashCode(encoded());
  }

  @Override
  public final String toString() {
    return ciphersuite().name() + " element "
        + (isIdentity() ? "identity" : HexFormat.of().formatHex(encoded()));
  }
}

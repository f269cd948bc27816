package dev.mayfly.transport;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * A party's Ed25519 session identity public key (RFC 8032 §5.1.5 encoding, 32 bytes), under which
 * its envelopes are verified.
 *
 * <p><b>Security:</b> only keys that decode to a point of the prime-order subgroup, other than the
 * identity, are accepted (Bouncy Castle's full validation), so a peer cannot pick a small-order key
 * for which one signature verifies for many messages. Admitting a key for a party is the caller's
 * decision, made after the party's attestation report vouches for it ({@link PeerDirectory#pin}).
 *
 * @since 0.1.0
 */
public final class IdentityPublicKey {
  /** The length of an encoded key. */
  public static final int LENGTH_BYTES = Ed25519.PUBLIC_KEY_SIZE;

  private final byte[] encoded;
  private final Ed25519.PublicPoint point;

  private IdentityPublicKey(byte[] owned, Ed25519.PublicPoint point) {
    this.encoded = owned;
    this.point = point;
  }

  /**
   * The key with this encoding.
   *
   * @throws IllegalArgumentException unless {@code encoded} is a valid 32-byte Ed25519 public key
   */
  public static IdentityPublicKey create(byte[] encoded) {
    requireNonNull(encoded, "encoded");
    return tryDecode(encoded)
        .orElseThrow(() -> new IllegalArgumentException("not a valid Ed25519 public key"));
  }

  /** Decodes untrusted bytes; empty if they are not a valid key. */
  static Optional<IdentityPublicKey> tryDecode(byte[] encoded) {
    if (encoded.length != LENGTH_BYTES) {
      return Optional.empty();
    }
    byte[] copy = encoded.clone();
    Ed25519.PublicPoint point = Ed25519.validatePublicKeyFullExport(copy, 0);
    return point == null ? Optional.empty() : Optional.of(new IdentityPublicKey(copy, point));
  }

  /** A copy of the 32-byte encoding. */
  public byte[] encoded() {
    return encoded.clone();
  }

  /** Whether {@code signature} is a valid Ed25519 signature of {@code message} under this key. */
  boolean verifies(byte[] message, byte[] signature) {
    return signature.length == Ed25519.SIGNATURE_SIZE
        && Ed25519.verify(signature, 0, point, message, 0, message.length);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof IdentityPublicKey that && Arrays.equals(encoded, that.encoded);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(encoded);
  }

  @Override
  public String toString() {
    return "IdentityPublicKey[" + HexFormat.of().formatHex(encoded) + "]";
  }
}

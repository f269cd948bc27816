package dev.mayfly.transport;

import static java.util.Objects.requireNonNull;

import dev.mayfly.common.SecretAccess;
import dev.mayfly.common.SecretBytes;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.security.auth.Destroyable;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * A party's Ed25519 session identity key pair (RFC 8032 §5.1), which signs every envelope the
 * party sends in one session.
 *
 * <p>The private key is the 32-byte RFC 8032 seed, owned by this object and never handed out.
 * Close the key pair when the session ends; any use afterwards throws
 * {@link IllegalStateException}.
 *
 * <p><b>Security:</b> wiping is best effort (see {@link SecretBytes}); Bouncy Castle's signing
 * code keeps its intermediate values in local arrays that the garbage collector reclaims. The key
 * is meant for one session only: DESIGN.md section 4 binds it into the party's attestation report
 * for that session.
 *
 * <p>Thread-safety: signing is safe from several threads; {@link #destroy()} racing a signature
 * may make that signature fail verification but never leaves the key usable afterwards.
 *
 * @since 0.1.0
 */
public final class IdentityKeyPair implements Destroyable, AutoCloseable {
  private final byte[] seed;
  private final IdentityPublicKey publicKey;
  private volatile boolean destroyed;

  private IdentityKeyPair(byte[] ownedSeed) {
    this.seed = ownedSeed;
    byte[] encodedPublic = new byte[Ed25519.PUBLIC_KEY_SIZE];
    Ed25519.generatePublicKey(ownedSeed, 0, encodedPublic, 0);
    this.publicKey = IdentityPublicKey.create(encodedPublic);
  }

  /** A fresh key pair from {@code random}. */
  public static IdentityKeyPair generate(SecureRandom random) {
    requireNonNull(random, "random");
    byte[] seed = new byte[Ed25519.SECRET_KEY_SIZE];
    Ed25519.generatePrivateKey(random, seed);
    return new IdentityKeyPair(seed);
  }

  /**
   * The key pair with this 32-byte RFC 8032 private key (seed). The bytes are copied; the caller
   * keeps ownership of {@code privateKey}.
   *
   * @throws IllegalArgumentException unless {@code privateKey} is 32 bytes
   */
  public static IdentityKeyPair fromPrivateKey(SecretBytes privateKey, SecretAccess access) {
    requireNonNull(privateKey, "privateKey");
    requireNonNull(access, "access");
    if (privateKey.length() != Ed25519.SECRET_KEY_SIZE) {
      throw new IllegalArgumentException(
          "Ed25519 private key must be " + Ed25519.SECRET_KEY_SIZE + " bytes, got "
              + privateKey.length());
    }
    return new IdentityKeyPair(privateKey.copyBytes(access));
  }

  /** The public half, which peers pin after checking the party's attestation. */
  public IdentityPublicKey publicKey() {
    checkLive();
    return publicKey;
  }

  /** Signs {@code message} (pure Ed25519, RFC 8032 §5.1.6). */
  byte[] sign(byte[] message) {
    checkLive();
    byte[] encodedPublic = publicKey.encoded();
    byte[] signature = new byte[Ed25519.SIGNATURE_SIZE];
    Ed25519.sign(seed, 0, encodedPublic, 0, message, 0, message.length, signature, 0);
    checkLive();
    return signature;
  }

  /** Overwrites the private key with zeros; idempotent. */
  @Override
  public void destroy() {
    destroyed = true;
    Arrays.fill(seed, (byte) 0);
  }

  /** Same as {@link #destroy()}. */
  @Override
  public void close() {
    destroy();
  }

  @Override
  public boolean isDestroyed() {
    return destroyed;
  }

  private void checkLive() {
    if (destroyed) {
      throw new IllegalStateException("identity key pair was destroyed");
    }
  }

  @Override
  public String toString() {
    return "IdentityKeyPair[" + (destroyed ? "destroyed" : "private key redacted") + "]";
  }
}

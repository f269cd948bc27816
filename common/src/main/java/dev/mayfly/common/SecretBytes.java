package dev.mayfly.common;

import static java.util.Objects.requireNonNull;

import java.security.MessageDigest;
import java.util.Arrays;
import javax.security.auth.Destroyable;

/**
 * An owned, wipeable byte string holding secret material (a key share, a nonce, a session key).
 *
 * <p>The bytes never leave except through {@link #copyBytes(SecretAccess)}, {@code toString} is
 * redacted, there is no {@code equals}/{@code hashCode} (use {@link #equalsConstantTime}), and any
 * use after {@link #destroy()} throws {@link IllegalStateException}.
 *
 * <p><b>Security:</b> wiping is best effort: the JVM may have copied the array during garbage
 * collection, and callers that took a copy own (and must wipe) that copy.
 *
 * <p>Thread-safety: safe for concurrent reads; {@link #destroy()} racing a read may hand out
 * zeroed bytes but never fails silently afterwards.
 *
 * @since 0.1.0
 */
public final class SecretBytes implements Destroyable, AutoCloseable {
  private final byte[] value;
  private volatile boolean destroyed;

  private SecretBytes(byte[] owned) {
    this.value = owned;
  }

  /** Copies {@code raw} into a new holder; the caller keeps (and should wipe) its own array. */
  public static SecretBytes copyOf(byte[] raw, SecretAccess access) {
    requireNonNull(raw, "raw");
    requireNonNull(access, "access");
    return new SecretBytes(raw.clone());
  }

  /**
   * Takes ownership of {@code raw} without copying; the caller must not use the array afterwards.
   * Used to move freshly computed secrets into a holder without leaving a second copy.
   */
  public static SecretBytes wrap(byte[] raw, SecretAccess access) {
    requireNonNull(raw, "raw");
    requireNonNull(access, "access");
    return new SecretBytes(raw);
  }

  /** Returns a fresh copy of the secret; the caller must wipe it when done. */
  public byte[] copyBytes(SecretAccess access) {
    requireNonNull(access, "access");
    checkLive();
    return value.clone();
  }

  /** The length in bytes (not secret). */
  public int length() {
    return value.length;
  }

  /** Compares two secrets in time independent of where they differ. */
  public boolean equalsConstantTime(SecretBytes other) {
    requireNonNull(other, "other");
    checkLive();
    other.checkLive();
    return MessageDigest.isEqual(value, other.value);
  }

  /** Overwrites the bytes with zeros; idempotent. */
  @Override
  public void destroy() {
    Arrays.fill(value, (byte) 0);
    destroyed = true;
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
      throw new IllegalStateException("secret was destroyed");
    }
  }

  @Override
  public String toString() {
    return "SecretBytes[" + value.length + " bytes, " + (destroyed ? "destroyed" : "redacted") + "]";
  }
}

package dev.mayfly.mpc;

import dev.mayfly.mpc.ecdsa.EcdsaKeyShare;
import dev.mayfly.mpc.internal.SecretState;
import dev.mayfly.mpc.keygen.KeyShare;
import dev.mayfly.mpc.sign.SigningNonces;
import javax.security.auth.Destroyable;

/**
 * The shared life cycle of mpc-core's secret holders: live until {@link #destroy()}, which wipes
 * the owned arrays (idempotent), and every use afterwards throws {@link IllegalStateException}.
 * Subclasses are final, never records, and redact {@code toString}.
 *
 * <p>Sealed: the API's secret holders ({@link KeyShare}, {@link SigningNonces},
 * {@link EcdsaKeyShare}) extend it directly, the protocols' internal secret state through a
 * class of the module's non-exported {@code internal} package.
 *
 * @since 0.1.0
 */
public abstract sealed class SecretHolder implements Destroyable, AutoCloseable
    permits KeyShare, SigningNonces, EcdsaKeyShare, SecretState {
  private volatile boolean destroyed;

  /** For subclasses. */
  protected SecretHolder() {}

  /** Overwrites every owned secret array with zeros. */
  protected abstract void wipe();

  /** A short description for error messages, e.g. "key share of party 1". */
  protected abstract String describe();

  /**
   * Throws if destroyed.
   *
   * @throws IllegalStateException after {@link #destroy()}
   */
  protected final void checkLive() {
    if (destroyed) {
      throw new IllegalStateException(describe() + " was destroyed");
    }
  }

  /** Overwrites the secret; idempotent. */
  @Override
  public final void destroy() {
    wipe();
    destroyed = true;
  }

  /** Same as {@link #destroy()}. */
  @Override
  public final void close() {
    destroy();
  }

  @Override
  public final boolean isDestroyed() {
    return destroyed;
  }

  /** {@code describe()} with the state, never the secret. */
  @Override
  public final String toString() {
    return getClass().getSimpleName() + "[" + describe() + ", "
        + (destroyed ? "destroyed" : "redacted") + "]";
  }
}

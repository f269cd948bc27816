package dev.mayfly.mpc.internal;

import javax.security.auth.Destroyable;

/**
 * The shared life cycle of mpc-core's secret holders: live until {@link #destroy()}, which wipes
 * the owned arrays (idempotent), and every use afterwards throws {@link IllegalStateException}.
 * Subclasses are final, never records, and redact {@code toString}.
 *
 * @since 0.1.0
 */
public abstract class SecretHolder implements Destroyable, AutoCloseable {
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

package dev.mayfly.common;

import static java.util.Objects.requireNonNull;

import javax.security.auth.Destroyable;

/**
 * Where code that makes a secret holder registers it, at the moment it makes it, so that the
 * owner of a session can destroy every secret of that session on every path out of it and count
 * the ones still alive.
 *
 * <p>mpc-core's state machines take a registry and register every holder they create (secret
 * polynomials, key shares, nonces, OT state); the ceremony passes its per-session ledger. Callers
 * that manage holders themselves pass {@link #none()}.
 *
 * <p>Implementations must be safe for concurrent use and must not throw for a non-null holder.
 *
 * @since 0.1.0
 */
public interface SecretRegistry {
  /**
   * Records {@code secret} for destruction by the registry's owner and returns it.
   *
   * @throws NullPointerException if {@code secret} is null
   */
  <T extends Destroyable> T register(T secret);

  /** A registry that records nothing: the holder's own {@code destroy} is the only wipe. */
  static SecretRegistry none() {
    return NoRegistry.INSTANCE;
  }

  /** The registry behind {@link #none()}. */
  final class NoRegistry implements SecretRegistry {
    private static final NoRegistry INSTANCE = new NoRegistry();

    private NoRegistry() {}

    @Override
    public <T extends Destroyable> T register(T secret) {
      return requireNonNull(secret, "secret");
    }

    @Override
    public String toString() {
      return "SecretRegistry.none()";
    }
  }
}

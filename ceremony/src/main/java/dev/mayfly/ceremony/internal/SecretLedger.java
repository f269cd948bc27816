package dev.mayfly.ceremony.internal;

import static java.util.Objects.requireNonNull;

import dev.mayfly.common.SecretRegistry;
import java.util.ArrayList;
import java.util.List;
import javax.security.auth.DestroyFailedException;
import javax.security.auth.Destroyable;

/**
 * Every secret holder one party creates during one session, so that all of them are destroyed on
 * every path out of the session (success, abort, timeout, exception) and a test can check it.
 *
 * <p>Thread-safe.
 */
public final class SecretLedger implements SecretRegistry {
  private final List<Destroyable> secrets = new ArrayList<>();

  /** Records {@code secret} for destruction and returns it. */
  @Override
  public synchronized <T extends Destroyable> T register(T secret) {
    secrets.add(requireNonNull(secret, "secret"));
    return secret;
  }

  /** Destroys every recorded secret; idempotent, never throws. */
  public synchronized void destroyAll() {
    secrets.forEach(this::destroy);
  }

  /** Destroys one secret now (it stays recorded); never throws. */
  public void destroy(Destroyable secret) {
    try {
      secret.destroy();
    } catch (DestroyFailedException | RuntimeException e) {
      System.getLogger(SecretLedger.class.getName()).log(System.Logger.Level.WARNING,
          "could not destroy " + secret.getClass().getSimpleName(), e);
    }
  }

  /** How many secrets were recorded. */
  public synchronized int size() {
    return secrets.size();
  }

  /** The recorded secrets that are not destroyed, by class name; empty after {@link #destroyAll}. */
  public synchronized List<String> alive() {
    List<String> alive = new ArrayList<>();
    for (Destroyable secret : secrets) {
      if (!secret.isDestroyed()) {
        alive.add(secret.getClass().getSimpleName());
      }
    }
    return alive;
  }
}

package dev.mayfly.common;

/**
 * A capability token that must be presented to read raw secret bytes out of a secret holder.
 *
 * <p>The only way to obtain one is {@link InsecureSecretAccess#get()}, so a {@code grep} for that
 * name finds every place that extracts secret material. The token carries no state.
 *
 * @since 0.1.0
 */
public final class SecretAccess {
  static final SecretAccess INSTANCE = new SecretAccess();

  private SecretAccess() {}

  @Override
  public String toString() {
    return "SecretAccess";
  }
}

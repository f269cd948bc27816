package dev.mayfly.common;

/**
 * The single source of {@link SecretAccess} tokens.
 *
 * <p><b>Security:</b> every call site can read secret bytes; reviewers grep for this class name.
 * Code that merely moves secrets between Mayfly types should not need it.
 *
 * @since 0.1.0
 */
public final class InsecureSecretAccess {
  private InsecureSecretAccess() {}

  /** Returns the access token. */
  public static SecretAccess get() {
    return SecretAccess.INSTANCE;
  }
}

package dev.mayfly.ceremony.internal;

import static java.util.Objects.requireNonNull;

/**
 * Lets the {@code simulation} module install {@link SessionHooks} on a party builder without a
 * public method for it on the API: the ceremony package registers the installer when its builder
 * class loads. The package is exported to the simulation module only. Not API.
 */
public final class EngineAccess {
  /** Installs hooks on a {@code CeremonyParty.Builder}. */
  public interface Installer {
    void install(Object builder, SessionHooks hooks);
  }

  private static volatile Installer installer;

  private EngineAccess() {}

  /** Called once by the ceremony package. */
  public static void register(Installer installer) {
    EngineAccess.installer = requireNonNull(installer, "installer");
  }

  /**
   * Installs {@code hooks} on {@code builder}, a {@code CeremonyParty.Builder}.
   *
   * @throws IllegalArgumentException if {@code builder} is not one
   */
  public static void install(Object builder, SessionHooks hooks) {
    requireNonNull(builder, "builder");
    requireNonNull(hooks, "hooks");
    try {
      Class.forName("dev.mayfly.ceremony.CeremonyParty", true,
          EngineAccess.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("the ceremony package is missing", e);
    }
    installer.install(builder, hooks);
  }
}

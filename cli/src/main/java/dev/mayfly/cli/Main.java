package dev.mayfly.cli;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Entry point of the {@code mayfly} jar.
 *
 * @since 0.1.0
 */
public final class Main {
  /** Kept referenced so the level set here is not lost to garbage collection. */
  private static final Logger MAYFLY_LOGS = Logger.getLogger("dev.mayfly");

  private Main() {}

  /**
   * Runs the command and exits with its code. The libraries' audit log ({@code System.Logger},
   * backed by java.util.logging here) is shown only when {@code MAYFLY_LOG} names a level (for
   * example {@code MAYFLY_LOG=INFO}); the commands print their own progress.
   */
  public static void main(String[] args) {
    String level = System.getenv("MAYFLY_LOG");
    try {
      MAYFLY_LOGS.setLevel(level == null ? Level.OFF : Level.parse(level));
    } catch (IllegalArgumentException e) {
      MAYFLY_LOGS.setLevel(Level.OFF);
    }
    System.exit(MayflyCommand.run(args, System.out, System.err));
  }
}

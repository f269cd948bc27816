package dev.mayfly.cli;

/**
 * Entry point of the {@code mayfly} jar.
 *
 * @since 0.1.0
 */
public final class Main {
  private Main() {}

  /** Runs the command and exits with its code. */
  public static void main(String[] args) {
    System.exit(MayflyCommand.run(args, System.out, System.err));
  }
}

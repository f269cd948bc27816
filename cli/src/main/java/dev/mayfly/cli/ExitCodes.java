package dev.mayfly.cli;

import dev.mayfly.common.MayflyException;
import java.io.IOException;
import java.io.UncheckedIOException;
import picocli.CommandLine;

/**
 * The exit codes of every {@code mayfly} command (DESIGN.md §8) and the mapping from failures to
 * them: a {@link MayflyException} prints {@code error: CODE: message} and exits 1; unreadable
 * input files exit 1 with {@code error: IO: ...}; bad options exit 2 (picocli's usage error).
 *
 * @since 0.1.0
 */
public final class ExitCodes {
  /** Success, or the input is valid. */
  public static final int OK = 0;
  /** The input is invalid or the operation aborted; stderr says {@code error: CODE: message}. */
  public static final int INVALID = 1;
  /** Usage error (unknown option, missing argument, malformed value). */
  public static final int USAGE = 2;

  private ExitCodes() {}

  /** picocli execution-exception handler implementing the mapping above. */
  static int handle(Exception e, CommandLine cl, CommandLine.ParseResult parseResult) {
    if (e instanceof MayflyException m) {
      cl.getErr().println("error: " + m.getMessage());
      return INVALID;
    }
    if (e instanceof IOException || e instanceof UncheckedIOException) {
      cl.getErr().println("error: IO: " + e.getMessage());
      return INVALID;
    }
    if (e instanceof IllegalArgumentException) {
      cl.getErr().println("error: USAGE: " + e.getMessage());
      return USAGE;
    }
    cl.getErr().println("error: INTERNAL: " + e);
    return INVALID;
  }
}

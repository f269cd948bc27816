package dev.mayfly.cli;

import java.util.HexFormat;
import picocli.CommandLine;

/** Option-value checks shared by the commands; a bad value is a usage error (exit 2). */
final class CliOptions {
  private CliOptions() {}

  /** {@code value} as exactly {@code bytes} bytes of hex, else a usage error naming the option. */
  static byte[] hex(CommandLine commandLine, String value, int bytes, String option) {
    try {
      byte[] parsed = HexFormat.of().parseHex(value.strip());
      if (parsed.length == bytes) {
        return parsed;
      }
    } catch (IllegalArgumentException e) {
      // reported below
    }
    throw new CommandLine.ParameterException(commandLine,
        option + " must be " + bytes + " bytes of hex");
  }
}

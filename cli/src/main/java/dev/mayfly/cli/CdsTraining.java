package dev.mayfly.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The training run of the command's class-data-sharing archive (docs/cli.md, "Start-up"): runs
 * in one JVM, started with {@code -XX:ArchiveClassesAtExit}, the commands a user starts most
 * ({@code demo} with both algorithms and with the test CA, and {@code verify} of a demo's
 * output) and the help (which loads every command class), so that the archive holds the classes
 * they load. The build runs it after packaging; {@code ./mayfly} runs it when the archive is
 * missing or older than the jars. Not a command: what it writes under its output directory (demo
 * outputs, a simulated authority) is used by nothing.
 *
 * @since 0.1.0
 */
public final class CdsTraining {
  private CdsTraining() {}

  /**
   * Runs the training commands with their output under {@code args[0]}; exits 1 if one of them
   * did not succeed (the archive would then miss classes).
   */
  public static void main(String[] args) {
    if (args.length != 1) {
      System.err.println("usage: CdsTraining OUTPUT_DIR");
      System.exit(ExitCodes.USAGE);
    }
    Path dir = Path.of(args[0]);
    // The first demo makes a kept simulated authority, the second reads it: both paths are
    // archived. A long phase timeout: the build may run on a busy machine.
    Path authority = dir.resolve("simulated-authority-insecure.bin");
    try {
      Files.createDirectories(dir);
      Files.deleteIfExists(authority);
    } catch (IOException e) {
      System.err.println("CdsTraining: " + e);
      System.exit(ExitCodes.INVALID);
    }
    String ed25519 = run("demo", "--phase-timeout", "120", "--simulated-authority-insecure",
        authority.toString(), "--out", dir.resolve("ed25519").toString());
    run("demo", "--phase-timeout", "120", "--algorithm", "ecdsa-p256", "--ca", "--json",
        "--simulated-authority-insecure", authority.toString(), "--out",
        dir.resolve("ecdsa-p256").toString());
    run(verifyCommand(ed25519).toArray(String[]::new));
    // Every command's class and picocli model (the runs above add only the one they name).
    run("--help");
    System.exit(ExitCodes.OK);
  }

  private static String run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = MayflyCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    if (code != ExitCodes.OK) {
      System.err.println("CdsTraining: mayfly " + String.join(" ", args) + " exited " + code
          + ": " + err.toString(StandardCharsets.UTF_8));
      System.exit(ExitCodes.INVALID);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  /** The arguments of the {@code ./mayfly verify ...} line a demo printed. */
  private static List<String> verifyCommand(String demoOutput) {
    for (String line : demoOutput.split("\n")) {
      String trimmed = line.strip();
      if (trimmed.startsWith("./mayfly verify ")) {
        return new ArrayList<>(List.of(trimmed.substring("./mayfly ".length()).split(" +")));
      }
    }
    System.err.println("CdsTraining: the demo printed no verify command");
    System.exit(ExitCodes.INVALID);
    return List.of();
  }
}

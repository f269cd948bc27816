package dev.mayfly.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Runs the mayfly command in-process and captures exit code, stdout and stderr. */
record CliRun(int exitCode, String out, String err) {
  static CliRun run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = MayflyCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /**
   * The arguments of the {@code ./mayfly verify ...} command a successful demo printed, without
   * the launcher.
   */
  static java.util.List<String> printedVerifyCommand(String demoOut) {
    for (String line : demoOut.split("\n")) {
      String trimmed = line.strip();
      if (trimmed.startsWith("./mayfly verify ")) {
        return java.util.List.of(trimmed.substring("./mayfly ".length()).split(" +"));
      }
    }
    throw new AssertionError("no verify command printed: " + demoOut);
  }

  /** {@code args} without an option and its value (or without a flag). */
  static String[] without(java.util.List<String> args, String option, boolean takesValue) {
    java.util.List<String> kept = new java.util.ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      if (args.get(i).equals(option)) {
        i += takesValue ? 1 : 0;
      } else {
        kept.add(args.get(i));
      }
    }
    return kept.toArray(String[]::new);
  }

  /** Copies a vector from the attestation-snp test jar into {@code dir}. */
  static String vector(Path dir, String path) {
    try (InputStream in = CliRun.class.getResourceAsStream("/vectors/snp/" + path)) {
      if (in == null) {
        throw new IllegalArgumentException(path);
      }
      Path file = dir.resolve(path.replace('/', '_'));
      Files.write(file, in.readAllBytes());
      return file.toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

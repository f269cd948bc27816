package dev.mayfly.cert.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the JDK's own tools ({@code jarsigner}, {@code keytool}) of the running JVM. */
public final class JdkTools {
  private JdkTools() {}

  /** The result of one run. */
  public record Result(int exitCode, String output) {}

  /** Runs {@code $java.home/bin/tool args...} in {@code dir}, stdout and stderr merged. */
  public static Result run(Path dir, String tool, String... args)
      throws IOException, InterruptedException {
    Path executable = Path.of(System.getProperty("java.home"), "bin", tool);
    if (!Files.isExecutable(executable)) {
      throw new IOException("the running JDK has no " + executable);
    }
    List<String> command = new ArrayList<>();
    command.add(executable.toString());
    command.add("-J-Duser.language=en");
    command.add("-J-Duser.country=US");
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).directory(dir.toFile())
        .redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IOException(tool + " timed out");
    }
    return new Result(process.exitValue(), output);
  }
}

package dev.mayfly.approval.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the {@code openssl} command line as an independent implementation. */
public final class OpenSsl {
  private OpenSsl() {}

  /** The result of one run. */
  public record Result(int exitCode, String output) {}

  /** Runs {@code openssl args...} in {@code dir}, returning the exit code and combined output. */
  public static Result run(Path dir, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add("openssl");
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command)
        .directory(dir.toFile())
        .redirectErrorStream(true)
        .start();
    process.getOutputStream().close();
    byte[] out = process.getInputStream().readAllBytes();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IOException("openssl did not finish: " + command);
    }
    return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8));
  }

  /** Runs {@code openssl args...} and asserts that it succeeded. */
  public static String ok(Path dir, String... args) throws IOException, InterruptedException {
    Result r = run(dir, args);
    assertEquals(0, r.exitCode(), () -> "openssl " + String.join(" ", args) + ":\n" + r.output());
    return r.output();
  }
}

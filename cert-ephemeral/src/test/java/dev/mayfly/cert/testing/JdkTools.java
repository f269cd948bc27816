package dev.mayfly.cert.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs the JDK's own tools ({@code jarsigner}, {@code keytool}) of the running JVM. */
public final class JdkTools {
  private JdkTools() {}

  /**
   * Runs {@code $java.home/bin/tool args...} in {@code dir} in English, stdout and stderr merged;
   * the result's type is shared with {@link OpenSsl}.
   */
  public static OpenSsl.Result run(Path dir, String tool, String... args)
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
    return OpenSsl.runCommand(dir, command, 120);
  }
}

package dev.mayfly.testsupport;

import static java.util.Objects.requireNonNull;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Runs code on the module path in a JVM of its own, for tests that prove a module graph works as
 * a host would use it: the Mayfly modules and their dependencies as named (or automatic) modules,
 * resolved from a root module's {@code requires} alone, without {@code --add-modules
 * ALL-MODULE-PATH}. Tests themselves run on the class path (docs/testing.md).
 *
 * <p>The module path comes from the file that {@code maven-dependency-plugin}'s
 * {@code build-classpath} goal writes with {@code includeScope=runtime}, named by the system
 * property {@value #MODULE_PATH_FILE_PROPERTY} (the cli module's pom shows the two settings;
 * docs/integration.md, "The module path (JPMS)").
 */
public final class ModulePath {
  /** The system property naming the file with the runtime module path. */
  public static final String MODULE_PATH_FILE_PROPERTY = "mayfly.modulePathFile";

  private ModulePath() {}

  /** What a launched JVM did: its exit code and its standard output and error, interleaved. */
  public record Result(int exitCode, String output) {}

  /**
   * The runtime dependencies of the module under test, from the file named by {@value
   * #MODULE_PATH_FILE_PROPERTY}.
   *
   * @throws IllegalStateException if the property is not set or the file is missing
   */
  public static List<Path> runtime() {
    String file = System.getProperty(MODULE_PATH_FILE_PROPERTY);
    if (file == null) {
      throw new IllegalStateException("system property " + MODULE_PATH_FILE_PROPERTY
          + " is not set: configure surefire as the cli module's pom does");
    }
    try {
      String text = Files.readString(Path.of(file), StandardCharsets.UTF_8).strip();
      if (text.isEmpty()) {
        throw new IllegalStateException("empty module path file " + file);
      }
      return Stream.of(text.split(File.pathSeparator)).map(Path::of).collect(Collectors.toList());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the module path file " + file, e);
    }
  }

  /**
   * Compiles the module whose sources (a {@code module-info.java} at the top, packages below) are
   * under {@code sourceRoot} against {@code modulePath}, into {@code outputDir}, which it returns.
   *
   * @throws AssertionError with the compiler's messages if compilation fails
   */
  public static Path compile(Path sourceRoot, List<Path> modulePath, Path outputDir)
      throws IOException {
    requireNonNull(sourceRoot, "sourceRoot");
    List<Path> sources;
    try (Stream<Path> files = Files.walk(sourceRoot)) {
      sources = files.filter(f -> f.toString().endsWith(".java")).sorted()
          .collect(Collectors.toList());
    }
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    StringWriter log = new StringWriter();
    boolean ok;
    try (StandardJavaFileManager files =
        compiler.getStandardFileManager(null, null, StandardCharsets.UTF_8)) {
      List<String> options = List.of("--release", "17", "-Xlint:all", "-Werror",
          "-d", outputDir.toString(), "--module-path", join(modulePath));
      ok = compiler.getTask(log, files, null, options, null,
          files.getJavaFileObjectsFromPaths(sources)).call();
    }
    if (!ok) {
      throw new AssertionError("compiling " + sourceRoot + " on the module path failed:\n" + log);
    }
    return outputDir;
  }

  /**
   * Runs {@code module/mainClass} with {@code args} in a new JVM whose module path is
   * {@code modulePath} and nothing else: no class path and no {@code --add-modules}. The JVM is
   * killed if it runs longer than {@code timeout}.
   *
   * @throws AssertionError if it times out
   */
  public static Result launch(List<Path> modulePath, String moduleAndMainClass,
      Duration timeout, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("--module-path");
    command.add(join(modulePath));
    command.add("--module");
    command.add(requireNonNull(moduleAndMainClass, "moduleAndMainClass"));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().remove("CLASSPATH");
    builder.environment().remove("JDK_JAVA_OPTIONS");
    Process process = builder.start();
    process.getOutputStream().close();
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    Thread reader = new Thread(() -> {
      try (InputStream in = process.getInputStream()) {
        in.transferTo(output);
      } catch (IOException e) {
        // the process was killed; what was read so far is reported
      }
    });
    reader.start();
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly().waitFor();
      reader.join();
      throw new AssertionError("timed out after " + timeout + ": " + command + "\n"
          + output.toString(StandardCharsets.UTF_8));
    }
    reader.join();
    return new Result(process.exitValue(), output.toString(StandardCharsets.UTF_8));
  }

  private static String join(List<Path> paths) {
    return paths.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
  }
}

package dev.mayfly.cli;

import dev.mayfly.testsupport.ModulePath;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Module names declared in sources, and the third-party modules the library modules need. */
final class ModuleNames {
  private static final Pattern MODULE = Pattern.compile(
      "^\\s*(?:@\\w+(?:\\([^)]*\\))?\\s*)*(?:open\\s+)?module\\s+([\\w.]+)\\s*\\{",
      Pattern.MULTILINE);

  /** Jars of JUnit's API and what its module requires. */
  private static final List<String> JUNIT_API = List.of("junit-jupiter-api-",
      "junit-platform-commons-", "opentest4j-", "apiguardian-api-");

  private ModuleNames() {}

  /** The name declared in {@code sourceRoot/module-info.java}. */
  static String declaredModule(Path sourceRoot) throws IOException {
    String text = Files.readString(sourceRoot.resolve("module-info.java"), StandardCharsets.UTF_8);
    Matcher m = MODULE.matcher(text.replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//[^\n]*", ""));
    if (!m.find()) {
      throw new AssertionError("no module declaration in " + sourceRoot);
    }
    return m.group(1);
  }

  /**
   * The third-party modules the library modules need: the runtime dependencies of this module
   * ({@link ModulePath#runtime()}) less Mayfly's own, and JUnit's API modules from this test's
   * class path for {@code dev.mayfly.transport.testkit}.
   */
  static List<Path> thirdPartyModules() {
    List<Path> out = new ArrayList<>();
    for (Path p : ModulePath.runtime()) {
      String name = p.getFileName().toString();
      if (!name.startsWith("mayfly-") && !name.equals("classes")) {
        out.add(p);
      }
    }
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path p = Path.of(entry);
      String name = p.getFileName().toString();
      if (JUNIT_API.stream().anyMatch(name::startsWith) && !out.contains(p)) {
        out.add(p);
      }
    }
    return out;
  }
}

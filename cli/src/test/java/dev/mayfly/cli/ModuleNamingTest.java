package dev.mayfly.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The naming rule of docs/integration.md ("The module path (JPMS)"): the Maven module in folder
 * {@code X} is the artifact {@code mayfly-X}; its Java module is named after its root package, and
 * every package it holds is that package or under it; the jar manifest's
 * {@code Automatic-Module-Name} (the pom's {@code automatic.module.name}) is the same name; every
 * library module (each artifact of the BOM) has a {@code module-info.java}; and the page's table
 * lists each library artifact with its module name. The examples have a descriptor too (they run on
 * the module path), but are not a library: not published, not in the BOM, not in the table.
 */
class ModuleNamingTest {
  /** Modules without a descriptor, each documented on the page: tools and test helpers. */
  private static final Set<String> WITHOUT_DESCRIPTOR =
      Set.of("cli", "benchmarks", "test-support", "ceremony-tests");

  /** Modules with a descriptor that are not libraries: unpublished, outside the BOM and table. */
  private static final Set<String> NOT_LIBRARIES = Set.of("examples");

  private static final Pattern MODULE_ENTRY = Pattern.compile("<module>([^<]+)</module>");
  private static final Pattern ARTIFACT = Pattern.compile("<artifactId>([^<]+)</artifactId>");
  private static final Pattern PACKAGING = Pattern.compile("<packaging>([^<]+)</packaging>");
  private static final Pattern AUTOMATIC_NAME = Pattern.compile(
      "<automatic\\.module\\.name>([^<]+)</automatic\\.module\\.name>");
  private static final Pattern TABLE_ROW = Pattern.compile(
      "^\\| `(mayfly-[a-z-]+)` \\| `(dev\\.mayfly\\.[a-z.]+)` \\|", Pattern.MULTILINE);

  @Test
  void everyModule_artifactModuleAndPackageNamesLineUp() throws IOException {
    Path root = RepositoryRoot.path();
    List<String> problems = new ArrayList<>();
    Map<String, String> documented = new TreeMap<>();
    Matcher row = TABLE_ROW.matcher(
        Files.readString(root.resolve("docs/integration.md"), StandardCharsets.UTF_8));
    while (row.find()) {
      documented.put(row.group(1), row.group(2));
    }
    Map<String, String> libraries = new TreeMap<>();
    for (String folder : folders(root)) {
      String pom = Files.readString(root.resolve(folder).resolve("pom.xml"), StandardCharsets.UTF_8);
      String artifact = first(ARTIFACT, pom.replaceFirst("(?s)<parent>.*?</parent>", ""),
          folder + "/pom.xml artifactId");
      if (!artifact.equals("mayfly-" + folder)) {
        problems.add(folder + ": artifact " + artifact + ", expected mayfly-" + folder);
      }
      Matcher packaging = PACKAGING.matcher(pom);
      if (packaging.find() && !packaging.group(1).equals("jar")) {
        continue; // the BOM
      }
      Path sources = root.resolve(folder).resolve("src/main/java");
      boolean hasDescriptor = Files.exists(sources.resolve("module-info.java"));
      if (hasDescriptor == WITHOUT_DESCRIPTOR.contains(folder)) {
        problems.add(folder + ": module-info.java " + (hasDescriptor ? "present" : "missing"));
      }
      String automatic = first(AUTOMATIC_NAME, pom, folder + "/pom.xml automatic.module.name");
      String name = hasDescriptor ? ModuleNames.declaredModule(sources) : automatic;
      if (!automatic.equals(name)) {
        problems.add(folder + ": Automatic-Module-Name " + automatic + " but module " + name);
      }
      if (!name.startsWith("dev.mayfly.")) {
        problems.add(folder + ": module " + name + " is not under dev.mayfly");
      }
      for (String pkg : packages(sources)) {
        if (!pkg.equals(name) && !pkg.startsWith(name + ".")) {
          problems.add(folder + ": package " + pkg + " is not under module " + name);
        }
      }
      if (hasDescriptor && !NOT_LIBRARIES.contains(folder)) {
        libraries.put(artifact, name);
      }
    }
    assertEquals(List.of(), problems);
    assertEquals(libraries, documented, "docs/integration.md's table of module names");
  }

  @Test
  void declaredModule_readsTheNameBehindCommentsAndAnnotations(@TempDir Path dir)
      throws IOException {
    Files.writeString(dir.resolve("module-info.java"), "/** module wrong.one { */\n"
        + "// module wrong.two {\n@SuppressWarnings({\"module\"})\nmodule dev.mayfly.x {\n}\n");
    assertEquals("dev.mayfly.x", ModuleNames.declaredModule(dir));
  }

  private static List<String> folders(Path root) throws IOException {
    List<String> out = new ArrayList<>();
    Matcher m = MODULE_ENTRY.matcher(
        Files.readString(root.resolve("pom.xml"), StandardCharsets.UTF_8));
    while (m.find()) {
      out.add(m.group(1).trim());
    }
    assertTrue(out.size() > 10, "modules of the root pom: " + out);
    return out;
  }

  private static String first(Pattern pattern, String text, String what) {
    Matcher m = pattern.matcher(text);
    if (!m.find()) {
      throw new AssertionError("no " + what);
    }
    return m.group(1).trim();
  }

  /** The packages holding a Java file under {@code sources}, from their folders. */
  private static Set<String> packages(Path sources) throws IOException {
    if (!Files.isDirectory(sources)) {
      return Set.of(); // a test-only module
    }
    try (Stream<Path> files = Files.walk(sources)) {
      return files.filter(f -> f.toString().endsWith(".java"))
          .filter(f -> !f.getFileName().toString().equals("module-info.java"))
          .map(f -> sources.relativize(f.getParent()).toString().replace('/', '.'))
          .collect(Collectors.toCollection(TreeSet::new));
    }
  }
}

package dev.mayfly.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.DocumentationTool;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Javadoc of every library module builds with doclint on: no error, no warning other than a
 * member without a comment, and no public or protected type without one (issue 13). Runs the JDK's
 * javadoc tool in process over the modules' sources as modules (each has a {@code module-info.java},
 * so only exported packages are documented), with their third-party jars as the module path.
 */
class JavadocTest {
  /** The library modules whose API a host reads. */
  private static final List<String> LIBRARIES = List.of("common", "approval", "attestation-snp",
      "mpc-core", "transport-spi", "transport-testkit", "transport-grpc", "cert-ephemeral",
      "ceremony", "party-server");

  private static final Pattern TYPE_DECLARATION = Pattern.compile(
      "^\\s*(public|protected)\\s+((static|final|abstract|sealed|non-sealed|strictfp)\\s+)*"
          + "(class|interface|enum|record|@interface)\\s");

  @TempDir
  Path out;

  @Test
  void javadoc_everyLibraryModule_buildsCleanAndEveryPublicTypeHasAComment() throws IOException {
    Path root = RepositoryRoot.path();
    List<String> options = new ArrayList<>(List.of("-d", out.toString(), "-quiet",
        "-Xdoclint:all", "-Xmaxwarns", "100000", "-Xmaxerrs", "100000"));
    List<String> modules = new ArrayList<>();
    for (String module : LIBRARIES) {
      Path dir = root.resolve(module).resolve("src/main/java");
      String name = ModuleNames.declaredModule(dir);
      modules.add(name);
      options.add("--module-source-path");
      options.add(name + "=" + dir);
    }
    // Their third-party dependencies; the module source path above gives Mayfly's own.
    options.add("--module-path");
    options.add(ModuleNames.thirdPartyModules().stream().map(Path::toString)
        .collect(Collectors.joining(File.pathSeparator)));
    options.add("--module");
    options.add(String.join(",", modules));
    DocumentationTool tool = ToolProvider.getSystemDocumentationTool();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    StringWriter log = new StringWriter();
    boolean ok;
    try (StandardJavaFileManager files =
        tool.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
      ok = tool.getTask(log, files, diagnostics, null, options, null).call();
    }
    List<String> problems = new ArrayList<>();
    for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
      if (d.getKind() != Diagnostic.Kind.ERROR && d.getKind() != Diagnostic.Kind.WARNING
          && d.getKind() != Diagnostic.Kind.MANDATORY_WARNING) {
        continue;
      }
      String message = d.getMessage(Locale.ROOT);
      String where = d.getSource() == null ? "" : root.relativize(Path.of(d.getSource().toUri()))
          + ":" + d.getLineNumber();
      boolean missing = message.equals("no comment");
      if (missing && !declaresType(d)) {
        continue; // a member without a comment: allowed
      }
      if (d.getKind() == Diagnostic.Kind.WARNING && !missing
          && (message.startsWith("no @param") || message.startsWith("no @return")
              || message.startsWith("no @throws"))) {
        continue; // tags a one-line description covers are not required
      }
      problems.add(where + ": " + d.getKind() + ": " + message);
    }
    assertEquals(List.of(), problems, () -> problems.size() + " Javadoc problems:\n"
        + problems.stream().collect(Collectors.joining("\n")));
    assertTrue(ok, log::toString);
  }

  private static boolean declaresType(Diagnostic<? extends JavaFileObject> d) {
    try {
      List<String> lines = Files.readAllLines(Path.of(d.getSource().toUri()));
      long line = d.getLineNumber();
      return line >= 1 && line <= lines.size()
          && TYPE_DECLARATION.matcher(lines.get((int) line - 1)).find();
    } catch (IOException e) {
      return true; // unreadable: report it
    }
  }
}

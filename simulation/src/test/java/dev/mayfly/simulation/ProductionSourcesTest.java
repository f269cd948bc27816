package dev.mayfly.simulation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Guards issue 10: nothing that only simulates is in a production jar. Every library module (each
 * module of the root pom but this one, the cli and the benchmarks) is scanned: no type declared in
 * its main sources may be named like a simulation (Simulated…, Test…, …ForTest…, …Test or
 * …Tests, Local…Ceremony, InProcess…), and its pom may take {@code mayfly-simulation} only in
 * test scope.
 */
class ProductionSourcesTest {
  /** Modules of the root pom that are not libraries: they may use the simulation. */
  // The examples are host applications (not published). The BOM has no sources, and its
  // dependencyManagement manages versions without adding a
  // dependency (it lists the simulation for hosts' test scope).
  private static final Set<String> NOT_LIBRARIES =
      Set.of("simulation", "cli", "benchmarks", "bom", "examples");

  /** The library modules there are today; the scan must see at least these. */
  private static final List<String> KNOWN_LIBRARIES = List.of("common", "approval",
      "attestation-snp", "transport-spi", "transport-testkit", "mpc-core", "cert-ephemeral",
      "ceremony", "transport-grpc");

  private static final Pattern SIMULATION_NAME = Pattern.compile(
      ".*Simulated.*|Test[A-Z0-9_].*|.*ForTest.*|.*Tests?|Local\\w*Ceremony|InProcess\\w*");

  /**
   * Named like a simulation on purpose, by module: transport-testkit's main sources are the
   * conformance suite every transport's tests extend (STYLE.md section 10). (mpc-core's in-process
   * runners are test fixtures in its test jar.)
   */
  private static final Map<String, Set<String>> ALLOWED = Map.of(
      "transport-testkit", Set.of("TransportConformanceTest"));

  private static final Pattern DECLARATION = Pattern.compile(
      "\\b(?:class|interface|enum|record|@interface)\\s+([A-Z][A-Za-z0-9_]*)");
  private static final Pattern MODULE = Pattern.compile("<module>([^<]+)</module>");
  private static final Pattern DEPENDENCY = Pattern.compile("<dependency>(.*?)</dependency>",
      Pattern.DOTALL);

  private static Path repositoryRoot() {
    Path p = Path.of("").toAbsolutePath();
    return p.getFileName().toString().equals("simulation") ? p.getParent() : p;
  }

  private static List<String> libraryModules(Path root) {
    Matcher m = MODULE.matcher(read(root.resolve("pom.xml")));
    List<String> modules = new ArrayList<>();
    while (m.find()) {
      if (!NOT_LIBRARIES.contains(m.group(1).strip())) {
        modules.add(m.group(1).strip());
      }
    }
    return modules;
  }

  static boolean namedLikeSimulation(String typeName) {
    return SIMULATION_NAME.matcher(typeName).matches();
  }

  @Test
  void namedLikeSimulation_movedAndProductionNames_tellThemApart() {
    for (String moved : List.of("SimulatedAuthority", "SimulatedChip", "SimulatedEvidenceProvider",
        "TestCertificateAuthority", "TestTimestampAuthority", "TestPki", "LocalCeremony",
        "InProcessFrost", "TrustedDealerForTestVectors", "FooTest")) {
      assertTrue(namedLikeSimulation(moved), moved);
    }
    for (String production : List.of("SnpVerifier", "ConfigfsTsmProvider", "CeremonyParty",
        "TimestampVerifier", "HttpTsaClient", "Testimony", "Latest", "PeerAttestation")) {
      assertFalse(namedLikeSimulation(production), production);
    }
  }

  @Test
  void libraryMainSources_declareNoTypeNamedLikeASimulation() throws IOException {
    Path root = repositoryRoot();
    assertTrue(Files.isRegularFile(root.resolve("simulation/pom.xml")),
        "not run from the repository: " + root);
    List<String> libraries = libraryModules(root);
    assertTrue(libraries.containsAll(KNOWN_LIBRARIES), () -> "library modules: " + libraries);
    Set<String> found = new TreeSet<>();
    for (String module : libraries) {
      Path main = root.resolve(module).resolve("src/main/java");
      if (!Files.isDirectory(main)) {
        continue;
      }
      Set<String> allowed = ALLOWED.getOrDefault(module, Set.of());
      try (Stream<Path> files = Files.walk(main)) {
        for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
          String name = file.getFileName().toString().replaceFirst("\\.java$", "");
          Set<String> types = new TreeSet<>(declaredTypes(read(file)));
          types.add(name);
          for (String type : types) {
            if (namedLikeSimulation(type) && !allowed.contains(type)) {
              found.add(module + ": " + root.relativize(file) + " declares " + type);
            }
          }
        }
      }
    }
    assertEquals(Set.of(), found, "simulation in production sources; move it to simulation/");
  }

  @Test
  void libraryPoms_takeTheSimulationOnlyInTestScope() {
    Path root = repositoryRoot();
    List<String> wrong = new ArrayList<>();
    for (String module : libraryModules(root)) {
      Matcher m = DEPENDENCY.matcher(read(root.resolve(module).resolve("pom.xml")));
      while (m.find()) {
        String dependency = m.group(1);
        if (dependency.contains("<artifactId>mayfly-simulation</artifactId>")
            && !dependency.contains("<scope>test</scope>")) {
          wrong.add(module);
        }
      }
    }
    assertEquals(List.of(), wrong, "library modules depending on mayfly-simulation outside tests");
  }

  /** The type names declared in {@code source}, comments and string literals left out. */
  private static List<String> declaredTypes(String source) {
    String code = source
        .replaceAll("(?s)/\\*.*?\\*/", " ")
        .replaceAll("//[^\\n]*", " ")
        .replaceAll("\"(?:\\\\.|[^\"\\\\])*\"", "\"\"");
    Matcher m = DECLARATION.matcher(code);
    List<String> names = new ArrayList<>();
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

package dev.mayfly.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mayfly.common.ErrorCode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Guards the rule that every {@link ErrorCode} has a test that produces it: each code must be
 * asserted ({@code ErrorCode.NAME}, as a whole name: {@code ErrorCode.CEREMONY_CHIP} does not
 * count for {@code CEREMONY_CHIP_MISMATCH}) in some module's test sources. The CLI module sees
 * every module of the repository, so the check lives here.
 */
class ErrorCodeCoverageTest {
  private static Path repositoryRoot() {
    Path p = Path.of("").toAbsolutePath();
    return p.getFileName().toString().equals("cli") ? p.getParent() : p;
  }

  @Test
  void everyErrorCode_isAssertedByATest() throws IOException {
    Path root = repositoryRoot();
    assertTrue(Files.isRegularFile(root.resolve("common/src/main/java/dev/mayfly/common/"
        + "ErrorCode.java")), "not run from the repository: " + root);
    String tests;
    try (Stream<Path> files = Files.walk(root)) {
      tests = files
          .filter(p -> p.toString().contains("/src/test/java/") && p.toString().endsWith(".java"))
          .map(ErrorCodeCoverageTest::read)
          .collect(Collectors.joining("\n"));
    }
    List<String> untested = new ArrayList<>();
    for (ErrorCode code : ErrorCode.values()) {
      Pattern whole = Pattern.compile("\\bErrorCode\\." + code.name() + "(?![A-Za-z0-9_])");
      if (!whole.matcher(tests).find()) {
        untested.add(code.name());
      }
    }
    assertEquals(List.of(), untested, "error codes no test asserts");
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

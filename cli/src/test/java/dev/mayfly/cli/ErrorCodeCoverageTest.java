package dev.mayfly.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
  @Test
  void everyErrorCode_isAssertedByATest() throws IOException {
    Path root = RepositoryRoot.path();
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
      if (!asserts(tests, code)) {
        untested.add(code.name());
      }
    }
    assertEquals(List.of(), untested, "error codes no test asserts");
  }

  /** Whether {@code tests} names {@code code} as a whole ({@code ErrorCode.NAME}). */
  static boolean asserts(String tests, ErrorCode code) {
    return Pattern.compile("\\bErrorCode\\." + code.name() + "(?![A-Za-z0-9_])")
        .matcher(tests).find();
  }

  @Test
  void asserts_matchesWholeNamesOnly() {
    assertTrue(asserts("assertEquals(ErrorCode.CEREMONY_CHIP_MISMATCH, e.code());",
        ErrorCode.CEREMONY_CHIP_MISMATCH));
    // A longer name that starts with the code's name does not count for it, nor does a prefix.
    assertFalse(asserts("ErrorCode.TRANSPORT_WRONG_ROUNDS", ErrorCode.TRANSPORT_WRONG_ROUND));
    assertFalse(asserts("ErrorCode.TRANSPORT_WRONG", ErrorCode.TRANSPORT_WRONG_ROUND));
    assertFalse(asserts("MyErrorCode.TRANSPORT_WRONG_ROUND", ErrorCode.TRANSPORT_WRONG_ROUND));
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

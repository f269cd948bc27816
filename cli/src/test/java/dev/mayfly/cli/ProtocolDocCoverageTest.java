package dev.mayfly.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mayfly.common.ErrorCode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Keeps {@code docs/protocol.md} in step with {@link ErrorCode}: every constant has exactly one
 * row in its error-code tables, and every code the page names in backticks exists. A code is
 * recognised by the prefixes the enum uses ({@code TRANSPORT_}, {@code SNP_}, ...), matched as a
 * whole backticked name, so {@code `SNP_*`} or {@code `CHIP_ID`} are not codes.
 */
class ProtocolDocCoverageTest {
  private static final Pattern ROW = Pattern.compile("(?m)^\\| `([A-Z][A-Z0-9_]*)` \\|");
  private static final Pattern BACKTICKED = Pattern.compile("`([A-Z][A-Z0-9]*_[A-Z0-9_]+)`");

  private static String protocolPage() throws IOException {
    Path page = RepositoryRoot.path().resolve("docs/protocol.md");
    assertTrue(Files.isRegularFile(page), "not run from the repository: " + page);
    return Files.readString(page, StandardCharsets.UTF_8);
  }

  @Test
  void everyErrorCode_hasExactlyOneRow() throws IOException {
    TreeMap<String, Integer> rows = rowsOf(protocolPage());
    List<String> missing = new ArrayList<>();
    for (ErrorCode code : ErrorCode.values()) {
      if (!rows.containsKey(code.name())) {
        missing.add(code.name());
      }
    }
    assertEquals(List.of(), missing, "error codes without a row in docs/protocol.md");
    List<String> repeated = rows.entrySet().stream().filter(e -> e.getValue() > 1)
        .map(e -> e.getKey()).toList();
    assertEquals(List.of(), repeated, "error codes with more than one row");
  }

  @Test
  void everyCodeThePageNames_exists() throws IOException {
    assertEquals(Set.of(), unknownCodes(protocolPage()),
        "docs/protocol.md names codes that ErrorCode does not have");
  }

  @Test
  void rowsSayWhetherTheCodeIsRetryable_asTheEnumDoes() throws IOException {
    // The "retryable" column (the fifth) is ErrorCode.isRetryable(), not an opinion.
    Pattern row = Pattern.compile("(?m)^\\| `([A-Z][A-Z0-9_]*)` \\|(.*)$");
    Matcher m = row.matcher(protocolPage());
    List<String> wrong = new ArrayList<>();
    while (m.find()) {
      ErrorCode code = ErrorCode.valueOf(m.group(1));
      String[] cells = m.group(2).split("\\|");
      String retryable = cells.length > 3 ? cells[3].trim() : "";
      if (!retryable.equals(Boolean.toString(code.isRetryable()))) {
        wrong.add(code.name() + " says '" + retryable + "'");
      }
    }
    assertEquals(List.of(), wrong, "retryable column differs from ErrorCode.isRetryable()");
  }

  @Test
  void matchers_takeWholeBacktickedCodesOnly() {
    assertEquals(Set.of("TRANSPORT_WRONG_ROUNDS"),
        unknownCodes("`TRANSPORT_WRONG_ROUNDS` and `TRANSPORT_WRONG_ROUND`"));
    // Wildcards, other upper-case names and unquoted words are not codes.
    assertEquals(Set.of(), unknownCodes("`SNP_*`, `CHIP_ID`, `REPORT_DATA`, NOT_A_CODE"));
    assertEquals(Set.of("CEREMONY_CHIP"), unknownCodes("`CEREMONY_CHIP`"));
    assertEquals(Set.of("TRANSPORT_WRONG_ROUND"),
        rowsOf("| `TRANSPORT_WRONG_ROUND` | x |\n`TRANSPORT_TIMEOUT` in text\n").keySet());
  }

  /** Each code that opens a table row, with the number of its rows. */
  private static TreeMap<String, Integer> rowsOf(String page) {
    TreeMap<String, Integer> rows = new TreeMap<>();
    Matcher m = ROW.matcher(page);
    while (m.find()) {
      rows.merge(m.group(1), 1, Integer::sum);
    }
    return rows;
  }

  /** Backticked names with an error-code prefix that are not constants of {@link ErrorCode}. */
  private static Set<String> unknownCodes(String page) {
    Set<String> prefixes = Arrays.stream(ErrorCode.values())
        .map(c -> c.name().substring(0, c.name().indexOf('_') + 1))
        .collect(Collectors.toSet());
    Set<String> known = Arrays.stream(ErrorCode.values()).map(Enum::name)
        .collect(Collectors.toSet());
    Set<String> unknown = new TreeSet<>();
    Matcher m = BACKTICKED.matcher(page);
    while (m.find()) {
      String name = m.group(1);
      boolean codeLike = prefixes.stream().anyMatch(name::startsWith);
      if (codeLike && !known.contains(name)) {
        unknown.add(name);
      }
    }
    return unknown;
  }
}

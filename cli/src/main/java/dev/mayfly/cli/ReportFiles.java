package dev.mayfly.cli;

import dev.mayfly.snp.abi.AttestationReport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;

/** Reads a report file: raw 1184 bytes, or hex text (as some tools write it). */
final class ReportFiles {
  private ReportFiles() {}

  static byte[] read(Path file) throws IOException {
    byte[] raw = Files.readAllBytes(file);
    if (raw.length == AttestationReport.SIZE_BYTES) {
      return raw;
    }
    String text = new String(raw, StandardCharsets.US_ASCII).replaceAll("\\s", "");
    if (!text.isEmpty() && text.length() % 2 == 0 && text.matches("[0-9a-fA-F]+")) {
      return HexFormat.of().parseHex(text);
    }
    return raw;
  }
}

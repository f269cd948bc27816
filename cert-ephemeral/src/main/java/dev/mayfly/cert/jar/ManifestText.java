package dev.mayfly.cert.jar;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;

/**
 * Writes manifest-format text (JAR File Specification, "Manifest Specification") as the JDK writes
 * it: {@code name: value} headers, CR LF line ends, lines of at most 72 bytes with continuation
 * lines starting with one space, and a blank line ending each section; the one difference is that
 * lines are broken between characters, never inside one (see {@link #header}).
 *
 * <p>Written by hand rather than through {@code java.util.jar.Manifest} because that class keeps
 * its sections in a hash map: the order of the output would then depend on the JDK's hashing, and
 * every party must produce the same bytes.
 */
final class ManifestText {
  private static final int LINE_BYTES = 72;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  /**
   * Writes one header in lines of at most 72 bytes, continuation lines starting with one space.
   * Unlike {@code Manifest.println72}, a line never ends inside a UTF-8 sequence: the JDK's
   * {@code ManifestDigester}, which jarsigner's verifier uses when the manifest digest no longer
   * matches (an entry was added after signing), does not find a section whose name has a
   * character split across lines.
   */
  ManifestText header(String name, String value) {
    byte[] line = (name + ": " + value).getBytes(UTF_8);
    int pos = split(line, 0, LINE_BYTES);
    out.write(line, 0, pos);
    while (pos < line.length) {
      int end = split(line, pos, LINE_BYTES - 1);
      out.write('\r');
      out.write('\n');
      out.write(' ');
      out.write(line, pos, end - pos);
      pos = end;
    }
    out.write('\r');
    out.write('\n');
    return this;
  }

  /** The end of a line starting at {@code from} of at most {@code max} bytes, on a character boundary. */
  private static int split(byte[] line, int from, int max) {
    int end = Math.min(line.length, from + max);
    while (end < line.length && end > from + 1 && (line[end] & 0xC0) == 0x80) {
      end--;
    }
    return end;
  }

  /** Ends the current section with a blank line. */
  ManifestText endSection() {
    out.write('\r');
    out.write('\n');
    return this;
  }

  /** The number of bytes written so far. */
  int length() {
    return out.size();
  }

  byte[] toByteArray() {
    return out.toByteArray();
  }
}

package dev.mayfly.cert.jar;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;

/**
 * Writes manifest-format text (JAR File Specification, "Manifest Specification") byte for byte as
 * the JDK writes it: {@code name: value} headers, CR LF line ends, lines of at most 72 bytes with
 * continuation lines starting with one space, and a blank line ending each section.
 *
 * <p>Written by hand rather than through {@code java.util.jar.Manifest} because that class keeps
 * its sections in a hash map: the order of the output would then depend on the JDK's hashing, and
 * every party must produce the same bytes.
 */
final class ManifestText {
  private static final int LINE_BYTES = 72;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  /** Writes one header, wrapped at 72 bytes as {@code Manifest.println72} does. */
  ManifestText header(String name, String value) {
    byte[] line = (name + ": " + value).getBytes(UTF_8);
    int pos = Math.min(line.length, LINE_BYTES);
    out.write(line, 0, pos);
    while (pos < line.length) {
      int n = Math.min(line.length - pos, LINE_BYTES - 1);
      out.write('\r');
      out.write('\n');
      out.write(' ');
      out.write(line, pos, n);
      pos += n;
    }
    out.write('\r');
    out.write('\n');
    return this;
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

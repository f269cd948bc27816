package dev.mayfly.cert.testing;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/** Builds small JARs for the JAR-signing tests, with fixed entry times. */
public final class TestJars {
  /** The time of every entry the builders write. */
  public static final LocalDateTime TIME = LocalDateTime.of(2026, 1, 2, 3, 4, 6);

  /** A name longer than a manifest line, with two-byte UTF-8 characters around the wrap. */
  public static final String LONG_NAME = "res/" + "x".repeat(61) + "\u00fc\u00e9\u00fc\u00e9"
      + "y".repeat(90) + ".txt";

  /** The sample manifest: main attributes and a section for an entry and one for no entry. */
  public static final String MANIFEST = "Manifest-Version: 1.0\r\n"
      + "Main-Class: dev.mayfly.sample.Main\r\n"
      + "X-Custom: kept as is\r\n"
      + "Created-By: Mayfly tests\r\n"
      + "\r\n"
      + "Name: dev/mayfly/sample/Main.class\r\n"
      + "X-Entry: foo\r\n"
      + "\r\n"
      + "Name: not/in/the/jar\r\n"
      + "X-Other: bar\r\n"
      + "\r\n";

  private TestJars() {}

  /**
   * The sample JAR: a manifest with main and per-entry attributes, directories, a deflated and a
   * stored entry, a META-INF file that must be signed, and a name that wraps in the manifest.
   */
  public static byte[] sample() {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put("META-INF/", new byte[0]);
    entries.put("META-INF/MANIFEST.MF", MANIFEST.getBytes(UTF_8));
    entries.put("META-INF/maven/dev.mayfly/sample/pom.properties",
        "groupId=dev.mayfly\nartifactId=sample\n".getBytes(UTF_8));
    entries.put("dev/", new byte[0]);
    entries.put("dev/mayfly/", new byte[0]);
    entries.put("dev/mayfly/sample/", new byte[0]);
    entries.put("dev/mayfly/sample/Main.class", "not really a class file\n".getBytes(UTF_8));
    entries.put("stored.bin", new byte[] {0, 1, 2, 3, 4, 5, 6, 7});
    entries.put("empty.txt", new byte[0]);
    entries.put(LONG_NAME, "a long name\n".getBytes(UTF_8));
    return zip(entries, "stored.bin");
  }

  /** A ZIP of {@code entries} in order, deflated except the names in {@code stored}. */
  public static byte[] zip(Map<String, byte[]> entries, String... stored) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes, UTF_8)) {
      for (Map.Entry<String, byte[]> e : entries.entrySet()) {
        ZipEntry entry = new ZipEntry(e.getKey());
        entry.setTimeLocal(TIME);
        if (java.util.List.of(stored).contains(e.getKey())) {
          CRC32 crc = new CRC32();
          crc.update(e.getValue());
          entry.setMethod(ZipEntry.STORED);
          entry.setSize(e.getValue().length);
          entry.setCompressedSize(e.getValue().length);
          entry.setCrc(crc.getValue());
        }
        zip.putNextEntry(entry);
        zip.write(e.getValue());
        zip.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** The entries of a ZIP in order, read through the local headers. */
  public static Map<String, byte[]> entries(byte[] zip) {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip), UTF_8)) {
      ZipEntry entry;
      while ((entry = in.getNextEntry()) != null) {
        entries.put(entry.getName(), in.readAllBytes());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return entries;
  }

  /** The ZIP rewritten with its entries changed by {@code change} (all deflated). */
  public static byte[] rewrite(byte[] zip, UnaryOperator<Map<String, byte[]>> change) {
    return zip(change.apply(entries(zip)));
  }

  /** {@code data} with the first {@code count} occurrences of {@code from} replaced by {@code to}. */
  public static byte[] replaceBytes(byte[] data, String from, String to, int count) {
    byte[] f = from.getBytes(UTF_8);
    byte[] t = to.getBytes(UTF_8);
    if (f.length != t.length) {
      throw new IllegalArgumentException("replacement must keep the length");
    }
    byte[] out = data.clone();
    int done = 0;
    for (int i = 0; i + f.length <= out.length && done < count; i++) {
      if (java.util.Arrays.equals(out, i, i + f.length, f, 0, f.length)) {
        System.arraycopy(t, 0, out, i, t.length);
        done++;
        i += f.length - 1;
      }
    }
    if (done != count) {
      throw new IllegalArgumentException("found " + done + " of " + count + " occurrences");
    }
    return out;
  }
}

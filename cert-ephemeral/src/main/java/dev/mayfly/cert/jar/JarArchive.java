package dev.mayfly.cert.jar;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.mayfly.cert.CertMintingException;
import dev.mayfly.common.ErrorCode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import org.jspecify.annotations.Nullable;

/**
 * The entries of a JAR to sign, read once through the local headers (as {@code JarInputStream}
 * sees them) and checked against the central directory (as {@code JarFile} and jarsigner see
 * them), so that both views describe the same archive.
 */
final class JarArchive {
  static final String META_INF = "META-INF/";
  static final String MANIFEST_NAME = "META-INF/MANIFEST.MF";
  /** Manifests larger than this are refused (the JDK reads the whole manifest into memory). */
  static final int MAX_MANIFEST_BYTES = 8 << 20;

  /** One entry as read from the local header and its data. */
  static final class Entry {
    final String name;
    final boolean directory;
    final int method;
    final long javaTime;
    final long size;
    final long crc;
    final byte[] sha256;

    Entry(String name, boolean directory, int method, long javaTime, long size, long crc,
        byte[] sha256) {
      this.name = name;
      this.directory = directory;
      this.method = method;
      this.javaTime = javaTime;
      this.size = size;
      this.crc = crc;
      this.sha256 = sha256;
    }

    boolean isManifest() {
      return MANIFEST_NAME.equals(name);
    }

    /** Whether jarsigner puts a digest of this entry in the manifest. */
    boolean isDigested() {
      return !directory && !isManifest();
    }
  }

  /** Every entry in archive order, the manifest included. */
  final List<Entry> entries;
  final byte @Nullable [] manifest;
  final @Nullable LocalDateTime manifestTime;

  private JarArchive(List<Entry> entries, byte @Nullable [] manifest,
      @Nullable LocalDateTime manifestTime) {
    this.entries = List.copyOf(entries);
    this.manifest = manifest;
    this.manifestTime = manifestTime;
  }

  static JarArchive read(byte[] jar) throws CertMintingException {
    List<Entry> entries = new ArrayList<>();
    Set<String> names = new HashSet<>();
    byte[] manifest = null;
    LocalDateTime manifestTime = null;
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(jar), UTF_8)) {
      ZipEntry entry;
      while ((entry = in.getNextEntry()) != null) {
        String name = entry.getName();
        checkName(name);
        if (!names.add(name)) {
          throw new CertMintingException(ErrorCode.CERT_JAR_DUPLICATE_ENTRY,
              "the JAR holds entry '" + printable(name) + "' more than once");
        }
        String upper = name.toUpperCase(Locale.ROOT);
        if (upper.equals(MANIFEST_NAME) && !name.equals(MANIFEST_NAME)) {
          throw new CertMintingException(ErrorCode.CERT_JAR_ENTRY_UNSIGNABLE,
              "manifest entry is spelled '" + printable(name) + "', expected " + MANIFEST_NAME);
        }
        if (isSignatureRelated(upper) && !upper.equals(MANIFEST_NAME)) {
          throw new CertMintingException(ErrorCode.CERT_JAR_ALREADY_SIGNED,
              "the JAR already holds signature entry '" + printable(name) + "'");
        }
        boolean isManifest = name.equals(MANIFEST_NAME);
        MessageDigest sha256 = sha256();
        CRC32 crc = new CRC32();
        ByteArrayOutputStream kept = isManifest ? new ByteArrayOutputStream() : null;
        long size = 0;
        byte[] buffer = new byte[16384];
        int n;
        while ((n = in.read(buffer)) > 0) {
          sha256.update(buffer, 0, n);
          crc.update(buffer, 0, n);
          size += n;
          if (kept != null) {
            if (size > MAX_MANIFEST_BYTES) {
              throw new CertMintingException(ErrorCode.CERT_JAR_MALFORMED,
                  "manifest is larger than " + MAX_MANIFEST_BYTES + " bytes");
            }
            kept.write(buffer, 0, n);
          }
        }
        if (entry.isDirectory() && size != 0) {
          throw new CertMintingException(ErrorCode.CERT_JAR_ENTRY_UNSIGNABLE,
              "directory entry '" + printable(name) + "' carries " + size
                  + " bytes that no signature would cover");
        }
        if (isManifest) {
          manifest = kept.toByteArray();
          manifestTime = entry.getTimeLocal();
        }
        entries.add(new Entry(name, entry.isDirectory(), entry.getMethod(), entry.getTime(), size,
            crc.getValue(), sha256.digest()));
      }
    } catch (IOException | RuntimeException e) {
      throw new CertMintingException(ErrorCode.CERT_JAR_MALFORMED,
          "the JAR cannot be read as a ZIP archive: " + e.getMessage(), e);
    }
    if (entries.isEmpty()) {
      throw new CertMintingException(ErrorCode.CERT_JAR_MALFORMED,
          "the JAR has no entry at its start (not a ZIP archive, or data before the first entry)");
    }
    checkCentralDirectory(jar, entries);
    return new JarArchive(entries, manifest, manifestTime);
  }

  /**
   * Whether an upper-cased entry name is one jarsigner treats as part of a signature: the
   * manifest, or a signature file, block or {@code SIG-} file directly under META-INF.
   */
  static boolean isSignatureRelated(String upper) {
    if (!upper.startsWith(META_INF)) {
      return false;
    }
    String rest = upper.substring(META_INF.length());
    if (rest.indexOf('/') >= 0) {
      return false;
    }
    return rest.equals("MANIFEST.MF") || rest.startsWith("SIG-") || rest.endsWith(".SF")
        || rest.endsWith(".DSA") || rest.endsWith(".RSA") || rest.endsWith(".EC");
  }

  static void checkName(String name) throws CertMintingException {
    if (name.isEmpty()) {
      throw new CertMintingException(ErrorCode.CERT_JAR_ENTRY_UNSIGNABLE, "an entry has no name");
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == '\0' || c == '\r' || c == '\n') {
        throw new CertMintingException(ErrorCode.CERT_JAR_ENTRY_UNSIGNABLE,
            "entry '" + printable(name) + "' has a NUL, CR or LF in its name, which a manifest "
                + "cannot hold");
      }
    }
  }

  /**
   * Compares the local headers read with the central directory: same names in the same order,
   * same methods, sizes and CRCs. {@code ZipFile} reads only from a file, so the bytes go through
   * a private temporary file that is deleted afterwards.
   */
  private static void checkCentralDirectory(byte[] jar, List<Entry> local)
      throws CertMintingException {
    Path file = null;
    try {
      file = Files.createTempFile("mayfly-jar-", ".zip");
      Files.write(file, jar);
      List<String> problems = new ArrayList<>();
      try (ZipFile zip = new ZipFile(file.toFile(), UTF_8)) {
        Enumeration<? extends ZipEntry> central = zip.entries();
        int i = 0;
        while (central.hasMoreElements()) {
          ZipEntry c = central.nextElement();
          if (i >= local.size()) {
            problems.add("central directory lists '" + printable(c.getName())
                + "' beyond the " + local.size() + " local entries");
            break;
          }
          Entry l = local.get(i);
          if (!c.getName().equals(l.name) || c.getMethod() != l.method || c.getSize() != l.size
              || c.getCrc() != l.crc) {
            problems.add("entry " + i + " is '" + printable(l.name) + "' (" + l.size
                + " bytes) in its local header but '" + printable(c.getName()) + "' ("
                + c.getSize() + " bytes) in the central directory");
            break;
          }
          i++;
        }
        if (problems.isEmpty() && i != local.size()) {
          problems.add("central directory lists " + i + " entries, the local headers "
              + local.size());
        }
      }
      if (!problems.isEmpty()) {
        throw new CertMintingException(ErrorCode.CERT_JAR_MALFORMED,
            "local headers and central directory disagree: " + problems.get(0));
      }
    } catch (IOException | RuntimeException e) {
      throw new CertMintingException(ErrorCode.CERT_JAR_MALFORMED,
          "the JAR's central directory cannot be read: " + e.getMessage(), e);
    } finally {
      if (file != null) {
        try {
          Files.deleteIfExists(file);
        } catch (IOException ignored) {
          // A leftover temporary copy of a public JAR; nothing secret.
        }
      }
    }
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("JDK lacks SHA-256", e);
    }
  }

  /** The name with control characters escaped, for messages. */
  static String printable(String name) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < name.length() && i < 200; i++) {
      char c = name.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        out.append(String.format("\\x%02x", (int) c));
      } else {
        out.append(c);
      }
    }
    return name.length() > 200 ? out + "..." : out.toString();
  }
}

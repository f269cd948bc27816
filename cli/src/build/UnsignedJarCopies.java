import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Enumeration;
import java.util.Locale;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * Build step of the cli module (run by the JDK's source launcher, never shipped): rewrites each
 * signed jar named on the command line in place without its signature files (META-INF/*.SF,
 * *.RSA, *.DSA, *.EC) and without the per-entry digests of its manifest, keeping the main
 * attributes (Multi-Release among them) and every other entry. The JVM's class-data sharing
 * archives no class of a signed jar; the command's copies of Bouncy Castle in target/lib are
 * therefore unsigned (docs/cli.md, "Start-up"). A jar without signature files is left as it is,
 * so that running the step again does not change its time stamp (the archive records it).
 */
public final class UnsignedJarCopies {
  private UnsignedJarCopies() {}

  public static void main(String[] args) throws IOException {
    for (String name : args) {
      Path jar = Path.of(name);
      if (!Files.isRegularFile(jar)) {
        throw new IOException("no such jar: " + jar);
      }
      rewrite(jar);
    }
  }

  private static boolean isSignatureFile(String entry) {
    String upper = entry.toUpperCase(Locale.ROOT);
    if (!upper.startsWith("META-INF/") || upper.indexOf('/', "META-INF/".length()) >= 0) {
      return false;
    }
    return upper.endsWith(".SF") || upper.endsWith(".RSA") || upper.endsWith(".DSA")
        || upper.endsWith(".EC");
  }

  private static void rewrite(Path jar) throws IOException {
    Path copy = jar.resolveSibling(jar.getFileName() + ".unsigned");
    try (JarFile in = new JarFile(jar.toFile(), false)) {
      boolean signed = in.stream().anyMatch(e -> isSignatureFile(e.getName()));
      if (!signed) {
        return;
      }
      Manifest manifest = new Manifest();
      Manifest original = in.getManifest();
      if (original != null) {
        manifest.getMainAttributes().putAll(original.getMainAttributes());
      }
      manifest.getMainAttributes().putIfAbsent(Attributes.Name.MANIFEST_VERSION, "1.0");
      manifest.getMainAttributes().put(new Attributes.Name("Mayfly-Note"),
          "signature files removed for the class-data sharing of the mayfly command");
      try (OutputStream file = Files.newOutputStream(copy);
          JarOutputStream out = new JarOutputStream(file, manifest)) {
        Enumeration<JarEntry> entries = in.entries();
        while (entries.hasMoreElements()) {
          JarEntry entry = entries.nextElement();
          String entryName = entry.getName();
          if (entryName.equalsIgnoreCase(JarFile.MANIFEST_NAME) || isSignatureFile(entryName)) {
            continue;
          }
          JarEntry written = new JarEntry(entryName);
          written.setTime(entry.getTime());
          out.putNextEntry(written);
          try (InputStream data = in.getInputStream(entry)) {
            data.transferTo(out);
          }
          out.closeEntry();
        }
      }
    }
    Files.move(copy, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}

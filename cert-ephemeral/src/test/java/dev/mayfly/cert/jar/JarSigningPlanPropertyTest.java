package dev.mayfly.cert.jar;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mayfly.cert.internal.Crypto;
import dev.mayfly.cert.mint.GroupKeyAlgorithm;
import dev.mayfly.cert.testing.TestJars;
import dev.mayfly.testsupport.Gen;
import dev.mayfly.testsupport.Seeded;
import java.io.ByteArrayInputStream;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;

/**
 * Seeded random JARs (names with one- to four-byte UTF-8 characters, long enough to wrap;
 * contents of random length): the plan is deterministic, its manifest parses to the right digest
 * for every entry, lines stay within 72 bytes and never break inside a character, and each
 * signature file section digests exactly its manifest section.
 */
class JarSigningPlanPropertyTest {
  private static final String[] PIECES = {"a", "Z", "0", "/", "-", "_", ".", "\u00e9", "\u6f22",
      "\ud83d\ude00", "x"};

  @Test
  void create_randomJars_planIsDeterministicAndDigestsEveryEntry() {
    Seeded.forAll(40, JarSigningPlanPropertyTest::planDigestsEveryEntry);
  }

  private static void planDigestsEveryEntry(Gen gen) throws Exception {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    int count = gen.intBetween(1, 12);
    while (entries.size() < count) {
      StringBuilder name = new StringBuilder();
      int length = gen.intBetween(1, gen.bool() ? 12 : 150);
      for (int i = 0; i < length; i++) {
        name.append(gen.oneOf(PIECES));
      }
      String n = name.toString().replace("//", "/");
      if (n.startsWith("/") || n.endsWith("/") || n.toUpperCase(Locale.ROOT).startsWith("META-INF")) {
        continue;
      }
      entries.put(n, gen.bytes(300));
    }
    byte[] jar = TestJars.zip(entries);
    GroupKeyAlgorithm algorithm = gen.oneOf(GroupKeyAlgorithm.class);

    JarSigningPlan plan = JarSigningPlan.create(jar, JarSigningParameters.of(algorithm));
    JarSigningPlan again = JarSigningPlan.create(jar, JarSigningParameters.of(algorithm));

    assertArrayEquals(plan.toBeSigned(), again.toBeSigned());
    assertArrayEquals(plan.manifest(), again.manifest());
    Manifest manifest = new Manifest(new ByteArrayInputStream(plan.manifest()));
    Manifest signatureFile = new Manifest(new ByteArrayInputStream(plan.signatureFile()));
    assertEquals(entries.size(), manifest.getEntries().size());
    for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
      assertEquals(Base64.getEncoder().encodeToString(Crypto.sha256(entry.getValue())),
          manifest.getAttributes(entry.getKey()).getValue("SHA-256-Digest"), entry.getKey());
    }
    checkLines(plan.manifest());
    checkLines(plan.signatureFile());
    for (Map.Entry<String, byte[]> section : rawSections(plan.manifest()).entrySet()) {
      assertEquals(Base64.getEncoder().encodeToString(Crypto.sha256(section.getValue())),
          signatureFile.getAttributes(section.getKey()).getValue("SHA-256-Digest"),
          section.getKey());
    }
  }

  private static void checkLines(byte[] text) {
    int lineStart = 0;
    for (int i = 0; i + 1 < text.length; i++) {
      if (text[i] == '\r' && text[i + 1] == '\n') {
        assertTrue(i - lineStart <= 72, "line of " + (i - lineStart) + " bytes");
        if (i + 2 < text.length && text[i + 2] == ' ') {
          assertNotEquals(0x80, text[i + 3] & 0xC0, "line breaks inside a character");
        }
        lineStart = i + 2;
      }
    }
  }

  /** Splits a manifest into its sections' raw bytes by name, as the JDK's ManifestDigester does. */
  private static Map<String, byte[]> rawSections(byte[] manifest) {
    Map<String, byte[]> sections = new LinkedHashMap<>();
    int start = indexOf(manifest, 0) + 4;
    while (start < manifest.length) {
      int end = indexOf(manifest, start) + 4;
      byte[] section = java.util.Arrays.copyOfRange(manifest, start, end);
      String latin = new String(section, java.nio.charset.StandardCharsets.ISO_8859_1);
      String unwrapped = new String(latin.replace("\r\n ", "")
          .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), UTF_8);
      sections.put(unwrapped.substring(6, unwrapped.indexOf("\r\n")), section);
      start = end;
    }
    return sections;
  }

  private static int indexOf(byte[] data, int from) {
    for (int i = from; i + 3 < data.length; i++) {
      if (data[i] == '\r' && data[i + 1] == '\n' && data[i + 2] == '\r' && data[i + 3] == '\n') {
        return i;
      }
    }
    throw new AssertionError("no blank line after " + from);
  }
}

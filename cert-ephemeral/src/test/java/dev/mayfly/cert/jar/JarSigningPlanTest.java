package dev.mayfly.cert.jar;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mayfly.cert.CertMintingException;
import dev.mayfly.cert.internal.Crypto;
import dev.mayfly.cert.mint.GroupKeyAlgorithm;
import dev.mayfly.cert.testing.TestJars;
import dev.mayfly.common.ErrorCode;
import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.Manifest;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Set;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.CMSAlgorithmProtection;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.cms.Time;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The deterministic half of JAR signing: manifest, signature file and to-be-signed bytes. */
class JarSigningPlanTest {
  private static JarSigningPlan plan(byte[] jar, GroupKeyAlgorithm algorithm) throws Exception {
    return JarSigningPlan.create(jar, JarSigningParameters.of(algorithm));
  }

  @ParameterizedTest
  @EnumSource(GroupKeyAlgorithm.class)
  void create_sameInputsTwice_byteIdenticalOutputs(GroupKeyAlgorithm algorithm) throws Exception {
    JarSigningPlan first = plan(TestJars.sample(), algorithm);
    JarSigningPlan second = plan(TestJars.sample(), algorithm);

    assertArrayEquals(first.manifest(), second.manifest());
    assertArrayEquals(first.signatureFile(), second.signatureFile());
    assertArrayEquals(first.toBeSigned(), second.toBeSigned());
    assertArrayEquals(Crypto.sha256(TestJars.sample()), first.jarSha256());
  }

  @Test
  void create_manifest_keepsAttributesAndDigestsEveryFileEntry() throws Exception {
    byte[] jar = TestJars.sample();
    JarSigningPlan plan = plan(jar, GroupKeyAlgorithm.ED25519);
    Manifest manifest = new Manifest(new ByteArrayInputStream(plan.manifest()));
    Map<String, byte[]> entries = TestJars.entries(jar);

    assertEquals("1.0", manifest.getMainAttributes().getValue("Manifest-Version"));
    assertEquals("dev.mayfly.sample.Main", manifest.getMainAttributes().getValue("Main-Class"));
    assertEquals("kept as is", manifest.getMainAttributes().getValue("X-Custom"));
    assertEquals("foo",
        manifest.getAttributes("dev/mayfly/sample/Main.class").getValue("X-Entry"));
    assertEquals("bar", manifest.getAttributes("not/in/the/jar").getValue("X-Other"));
    List<String> expected = List.of("META-INF/maven/dev.mayfly/sample/pom.properties",
        "dev/mayfly/sample/Main.class", "stored.bin", "empty.txt", TestJars.LONG_NAME);
    assertEquals(expected, plan.signedEntries());
    for (String name : expected) {
      Attributes section = manifest.getAttributes(name);
      assertEquals(Base64.getEncoder().encodeToString(Crypto.sha256(entries.get(name))),
          section.getValue("SHA-256-Digest"), name);
    }
    assertEquals(null, manifest.getAttributes("dev/"));
    String text = new String(plan.manifest(), UTF_8);
    assertTrue(text.startsWith("Manifest-Version: 1.0\r\n"), text);
    byte[] bytes = plan.manifest();
    int lineStart = 0;
    for (int i = 0; i + 1 < bytes.length; i++) {
      if (bytes[i] == '\r' && bytes[i + 1] == '\n') {
        assertTrue(i - lineStart <= 72, "line of " + (i - lineStart) + " bytes at " + lineStart);
        lineStart = i + 2;
      }
    }
    assertTrue(text.contains("\r\n "), "the long name wraps onto a continuation line");
    for (int i = 0; i + 2 < bytes.length; i++) {
      if (bytes[i] == '\n' && bytes[i + 1] == ' ') {
        assertNotEquals(0x80, bytes[i + 2] & 0xC0, "continuation line starts inside a character");
      }
    }
  }

  @Test
  void create_signatureFile_digestsManifestAndSections() throws Exception {
    JarSigningPlan plan = plan(TestJars.sample(), GroupKeyAlgorithm.ECDSA_P256);
    Manifest sf = new Manifest(new ByteArrayInputStream(plan.signatureFile()));
    byte[] manifest = plan.manifest();
    String text = new String(manifest, UTF_8);
    int mainEnd = text.indexOf("\r\n\r\n") + 4;

    assertEquals("META-INF/MAYFLY.SF", plan.signatureFileName());
    assertEquals("META-INF/MAYFLY.EC", plan.signatureBlockName());
    assertEquals("1.0", sf.getMainAttributes().getValue("Signature-Version"));
    assertEquals(b64(Crypto.sha256(manifest)),
        sf.getMainAttributes().getValue("SHA-256-Digest-Manifest"));
    assertEquals(b64(Crypto.sha256(text.substring(0, mainEnd).getBytes(UTF_8))),
        sf.getMainAttributes().getValue("SHA-256-Digest-Manifest-Main-Attributes"));
    String section = sectionOf(text, "Name: stored.bin\r\n");
    assertEquals(b64(Crypto.sha256(section.getBytes(UTF_8))),
        sf.getAttributes("stored.bin").getValue("SHA-256-Digest"));
    assertEquals(5, sf.getEntries().size(), "one section per manifest section naming an entry");
    assertEquals(null, sf.getAttributes("not/in/the/jar"));
  }

  @ParameterizedTest
  @EnumSource(GroupKeyAlgorithm.class)
  void create_toBeSigned_isDerSignedAttributesWithoutSigningTime(GroupKeyAlgorithm algorithm)
      throws Exception {
    JarSigningPlan plan = plan(TestJars.sample(), algorithm);
    ASN1Set set = ASN1Set.getInstance(plan.toBeSigned());
    AttributeTable table = new AttributeTable(set);
    boolean ed25519 = algorithm == GroupKeyAlgorithm.ED25519;

    assertArrayEquals(set.getEncoded("DER"), plan.toBeSigned());
    assertEquals(3, set.size());
    assertEquals(CMSObjectIdentifiers.data, value(table, CMSAttributes.contentType));
    byte[] digest = Crypto.digest(ed25519 ? "SHA-512" : "SHA-256", plan.signatureFile());
    assertArrayEquals(digest,
        ASN1OctetString.getInstance(value(table, CMSAttributes.messageDigest)).getOctets());
    CMSAlgorithmProtection protection =
        CMSAlgorithmProtection.getInstance(value(table, CMSAttributes.cmsAlgorithmProtect));
    assertEquals(ed25519 ? NISTObjectIdentifiers.id_sha512 : NISTObjectIdentifiers.id_sha256,
        protection.getDigestAlgorithm().getAlgorithm());
    assertEquals(dev.mayfly.cert.internal.Crypto.signatureAlgorithm(algorithm).getAlgorithm(),
        protection.getSignatureAlgorithm().getAlgorithm());
    assertEquals(null, table.get(CMSAttributes.signingTime));
  }

  @Test
  void create_fixedSigningTime_isSignedAndDeterministic() throws Exception {
    Instant time = Instant.parse("2026-03-04T05:06:07Z");
    JarSigningParameters parameters =
        JarSigningParameters.builder(GroupKeyAlgorithm.ED25519).signingTime(time).build();
    JarSigningPlan first = JarSigningPlan.create(TestJars.sample(), parameters);
    JarSigningPlan second = JarSigningPlan.create(TestJars.sample(), parameters);
    JarSigningPlan later = JarSigningPlan.create(TestJars.sample(),
        JarSigningParameters.builder(GroupKeyAlgorithm.ED25519)
            .signingTime(time.plusSeconds(1)).build());

    AttributeTable table = new AttributeTable(ASN1Set.getInstance(first.toBeSigned()));
    assertEquals(time, Time.getInstance(value(table, CMSAttributes.signingTime)).getDate()
        .toInstant());
    assertArrayEquals(first.toBeSigned(), second.toBeSigned());
    assertNotEquals(Base64.getEncoder().encodeToString(first.toBeSigned()),
        Base64.getEncoder().encodeToString(later.toBeSigned()));
  }

  @Test
  void create_otherEntryContent_otherToBeSigned() throws Exception {
    byte[] other = TestJars.rewrite(TestJars.sample(), entries -> {
      entries.put("stored.bin", new byte[] {9});
      return entries;
    });

    assertFalse(java.util.Arrays.equals(plan(TestJars.sample(), GroupKeyAlgorithm.ED25519)
        .toBeSigned(), plan(other, GroupKeyAlgorithm.ED25519).toBeSigned()));
  }

  @Test
  void create_noManifest_writesOne() throws Exception {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put("a.txt", "a".getBytes(UTF_8));

    JarSigningPlan plan = plan(TestJars.zip(entries), GroupKeyAlgorithm.ED25519);

    assertEquals("Manifest-Version: 1.0\r\n\r\nName: a.txt\r\nSHA-256-Digest: "
        + b64(Crypto.sha256("a".getBytes(UTF_8))) + "\r\n\r\n", new String(plan.manifest(), UTF_8));
  }

  @Test
  void create_signatureFilePresent_throwsAlreadySigned() {
    for (String name : List.of("META-INF/OTHER.SF", "META-INF/OTHER.RSA", "META-INF/other.ec",
        "META-INF/OTHER.DSA", "META-INF/SIG-OTHER")) {
      byte[] jar = TestJars.rewrite(TestJars.sample(), entries -> {
        entries.put(name, new byte[] {1});
        return entries;
      });
      CertMintingException e = assertThrows(CertMintingException.class,
          () -> plan(jar, GroupKeyAlgorithm.ED25519), name);
      assertEquals(ErrorCode.CERT_JAR_ALREADY_SIGNED, e.code(), name);
    }
  }

  @Test
  void create_manifestWithDigests_throwsAlreadySigned() {
    byte[] jar = TestJars.rewrite(TestJars.sample(), entries -> {
      entries.put("META-INF/MANIFEST.MF", (TestJars.MANIFEST
          + "Name: stored.bin\r\nSHA1-Digest: AAAA\r\n\r\n").getBytes(UTF_8));
      return entries;
    });

    CertMintingException e =
        assertThrows(CertMintingException.class, () -> plan(jar, GroupKeyAlgorithm.ED25519));

    assertEquals(ErrorCode.CERT_JAR_ALREADY_SIGNED, e.code());
  }

  @Test
  void create_duplicateEntryName_throwsDuplicateEntry() {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put("one.txt", "1".getBytes(UTF_8));
    entries.put("two.txt", "2".getBytes(UTF_8));
    // Renames two.txt to one.txt in its local header and in the central directory.
    byte[] jar = TestJars.replaceBytes(TestJars.zip(entries), "two.txt", "one.txt", 2);

    CertMintingException e =
        assertThrows(CertMintingException.class, () -> plan(jar, GroupKeyAlgorithm.ED25519));

    assertEquals(ErrorCode.CERT_JAR_DUPLICATE_ENTRY, e.code());
  }

  @Test
  void create_localHeaderNameDiffersFromCentralDirectory_throwsMalformed() {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put("one.txt", "1".getBytes(UTF_8));
    entries.put("two.txt", "2".getBytes(UTF_8));
    // Only the local header says evil.tx; jarsigner would read two.txt from the directory.
    byte[] jar = TestJars.replaceBytes(TestJars.zip(entries), "two.txt", "evil.tx", 1);

    CertMintingException e =
        assertThrows(CertMintingException.class, () -> plan(jar, GroupKeyAlgorithm.ED25519));

    assertEquals(ErrorCode.CERT_JAR_MALFORMED, e.code());
  }

  @Test
  void create_dataBeforeFirstEntryOrNotZip_throwsMalformed() {
    byte[] sample = TestJars.sample();
    byte[] prefixed = new byte[sample.length + 16];
    System.arraycopy(sample, 0, prefixed, 16, sample.length);
    byte[] truncated = java.util.Arrays.copyOf(sample, sample.length - 30);

    for (byte[] jar : List.of(prefixed, "not a zip".getBytes(UTF_8), truncated, new byte[0])) {
      CertMintingException e =
          assertThrows(CertMintingException.class, () -> plan(jar, GroupKeyAlgorithm.ED25519));
      assertEquals(ErrorCode.CERT_JAR_MALFORMED, e.code());
    }
  }

  @Test
  void create_unparsableManifest_throwsMalformed() {
    byte[] jar = TestJars.rewrite(TestJars.sample(), entries -> {
      entries.put("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\r\nno colon here\r\n\r\n"
          .getBytes(UTF_8));
      return entries;
    });

    CertMintingException e =
        assertThrows(CertMintingException.class, () -> plan(jar, GroupKeyAlgorithm.ED25519));

    assertEquals(ErrorCode.CERT_JAR_MALFORMED, e.code());
  }

  @Test
  void create_unsignableNames_throwEntryUnsignable() {
    for (String name : List.of("line\nbreak.txt", "carriage\rreturn.txt", "nul\0.txt",
        "meta-inf/manifest.mf")) {
      Map<String, byte[]> entries = new LinkedHashMap<>();
      entries.put(name, "x".getBytes(UTF_8));
      CertMintingException e = assertThrows(CertMintingException.class,
          () -> plan(TestJars.zip(entries), GroupKeyAlgorithm.ED25519), name);
      assertEquals(ErrorCode.CERT_JAR_ENTRY_UNSIGNABLE, e.code(), name);
    }
  }

  @Test
  void create_directoryWithContent_throwsEntryUnsignable() {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put("dir/", "hidden".getBytes(UTF_8));

    CertMintingException e = assertThrows(CertMintingException.class,
        () -> plan(TestJars.zip(entries), GroupKeyAlgorithm.ED25519));

    assertEquals(ErrorCode.CERT_JAR_ENTRY_UNSIGNABLE, e.code());
  }

  @Test
  void parameters_badSignerNameOrFractionalTime_throwIllegalArgument() {
    JarSigningParameters.Builder builder = JarSigningParameters.builder(GroupKeyAlgorithm.ED25519);
    for (String name : List.of("", "lower", "NINECHARS", "A.B", "A/B")) {
      assertThrows(IllegalArgumentException.class, () -> builder.signerName(name), name);
    }
    assertThrows(IllegalArgumentException.class,
        () -> builder.signingTime(Instant.parse("2026-01-01T00:00:00.5Z")));
    assertEquals("META-INF/REL_1-2.SF", JarSigningPlan.class.getSimpleName().isEmpty() ? ""
        : "META-INF/" + builder.signerName("REL_1-2").build().signerName() + ".SF");
  }

  private static ASN1Encodable value(AttributeTable table,
      org.bouncycastle.asn1.ASN1ObjectIdentifier type) {
    Attribute attribute = table.get(type);
    assertEquals(1, attribute.getAttrValues().size());
    return attribute.getAttrValues().getObjectAt(0);
  }

  private static String sectionOf(String manifest, String start) {
    int from = manifest.indexOf(start);
    return manifest.substring(from, manifest.indexOf("\r\n\r\n", from) + 4);
  }

  private static String b64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }
}

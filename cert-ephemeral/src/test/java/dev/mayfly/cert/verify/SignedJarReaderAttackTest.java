package dev.mayfly.cert.verify;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.mayfly.cert.CertVerificationException;
import dev.mayfly.cert.testing.TestJars;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.CertPath;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipFile;
import jdk.security.jarsigner.JarSigner;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hostile relay or mirror changes a JAR signed in the JAR format: what reaches the user must be
 * exactly the signed content plus the signature. Each case keeps the one signature verifying and
 * adds or changes something the signature does not cover; {@link SignedJarReader#read} must
 * refuse it with a typed error. (Review of today's verifySignedJar; several of these fail.)
 */
class SignedJarReaderAttackTest {
  @TempDir
  static Path dir;

  private static byte[] signed;

  @BeforeAll
  static void sign() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair pair = generator.generateKeyPair();
    X500Name name = new X500Name("CN=review signer");
    X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(
        new JcaX509v3CertificateBuilder(name, BigInteger.ONE,
            new Date(System.currentTimeMillis() - 3_600_000L),
            new Date(System.currentTimeMillis() + 3_600_000L), name, pair.getPublic())
            .build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
    CertPath path = CertificateFactory.getInstance("X.509").generateCertPath(List.of(certificate));
    // The sample without its long name: the JDK's per-section fallback (what a changed manifest
    // falls back to) does not match the section of a name wrapped inside a UTF-8 character.
    Path unsigned = Files.write(dir.resolve("unsigned.jar"), TestJars.rewrite(TestJars.sample(),
        entries -> {
          Map<String, byte[]> kept = new LinkedHashMap<>(entries);
          kept.remove(TestJars.LONG_NAME);
          return kept;
        }));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipFile zip = new ZipFile(unsigned.toFile())) {
      new JarSigner.Builder(pair.getPrivate(), path).digestAlgorithm("SHA-256")
          .signatureAlgorithm("SHA256withECDSA").signerName("REVIEW").build().sign(zip, out);
    }
    signed = out.toByteArray();
  }

  private static Map<String, byte[]> with(Map<String, byte[]> entries, String name, String data) {
    Map<String, byte[]> changed = new LinkedHashMap<>(entries);
    changed.put(name, data.getBytes(UTF_8));
    return changed;
  }

  /**
   * Where the name {@code stored.bin} starts in the first header of {@code jar} with signature
   * {@code PK<kind1><kind2>} (local: 3 4, central: 1 2), whose name length is at {@code
   * lengthAt} and name at {@code nameAt} from the header's start.
   */
  private static int nameIn(byte[] jar, int kind1, int kind2, int lengthAt, int nameAt) {
    byte[] name = "stored.bin".getBytes(UTF_8);
    for (int i = 0; i + nameAt + name.length < jar.length; i++) {
      boolean header = jar[i] == 'P' && jar[i + 1] == 'K' && jar[i + 2] == kind1
          && jar[i + 3] == kind2;
      int length = (jar[i + lengthAt] & 0xff) | (jar[i + lengthAt + 1] & 0xff) << 8;
      if (header && length == name.length
          && Arrays.equals(jar, i + nameAt, i + nameAt + length, name, 0, name.length)) {
        return i + nameAt;
      }
    }
    throw new AssertionError("no header names stored.bin");
  }

  @Test
  void theSignedJarAsSigned_isRead() throws Exception {
    SignedJarReader.read(signed);
    SignedJarReader.read(TestJars.rewrite(signed, entries -> entries));
  }

  @Test
  void anExtraSigFileUnderMetaInf_withArbitraryContent_isRefused() {
    byte[] jar = TestJars.rewrite(signed,
        entries -> with(entries, "META-INF/SIG-PAYLOAD", "unsigned bytes the relay added\n"));
    assertThrows(CertVerificationException.class, () -> SignedJarReader.read(jar));
  }

  @Test
  void aDirectoryEntryCarryingData_isRefused() {
    byte[] jar = TestJars.rewrite(signed,
        entries -> with(entries, "payload/", "unsigned bytes in a directory entry\n"));
    assertThrows(CertVerificationException.class, () -> SignedJarReader.read(jar));
  }

  @Test
  void aSecondManifestInLowerCase_isRefused() {
    // Extracted on a case-insensitive file system, it replaces the signed manifest.
    byte[] jar = TestJars.rewrite(signed, entries -> with(entries, "meta-inf/manifest.mf",
        "Manifest-Version: 1.0\r\nMain-Class: evil.Main\r\n\r\n"));
    // Held: the JDK treats a JAR with two manifest names as unsigned (CERT_JAR_UNSIGNED_ENTRY).
    assertThrows(CertVerificationException.class, () -> SignedJarReader.read(jar));
  }

  @Test
  void anUnsignedManifestSectionWithoutDigest_isRefused() {
    // Package attributes (sealing, versions) come from sections named by the package path.
    byte[] jar = TestJars.rewrite(signed, entries -> {
      String manifest = new String(entries.get("META-INF/MANIFEST.MF"), UTF_8)
          + "Name: dev/mayfly/sample/\r\nSealed: false\r\nImplementation-Version: 6.6.6\r\n\r\n";
      return with(entries, "META-INF/MANIFEST.MF", manifest);
    });
    assertThrows(CertVerificationException.class, () -> SignedJarReader.read(jar));
  }

  @Test
  void anInvalidUtf8NameInALocalHeaderOnly_isATypedError() throws Exception {
    byte[] jar = signed.clone();
    int at = nameIn(jar, 3, 4, 26, 30);
    jar[at] = (byte) 0xff; // the central directory still names stored.bin
    assertThrows(CertVerificationException.class, () -> SignedJarReader.read(jar));
  }
  @Test
  void anInvalidUtf8NameInTheCentralDirectoryOnly_isATypedError() {
    byte[] jar = signed.clone();
    int at = nameIn(jar, 1, 2, 28, 46);
    jar[at] = (byte) 0xff;
    assertThrows(CertVerificationException.class, () -> SignedJarReader.read(jar));
  }

  @Test
  void anotherSignersBlockAlongside_orALowerCaseSignatureFile_isRefused() {
    byte[] block = TestJars.rewrite(signed,
        entries -> with(entries, "META-INF/OTHER.RSA", "another signer's block"));
    assertThrows(CertVerificationException.class, () -> SignedJarReader.read(block));
    byte[] lower = TestJars.rewrite(signed, entries -> {
      Map<String, byte[]> changed = new LinkedHashMap<>(entries);
      changed.put("meta-inf/other.sf", entries.get("META-INF/REVIEW.SF"));
      return changed;
    });
    assertThrows(CertVerificationException.class, () -> SignedJarReader.read(lower));
  }

  @Test
  void aZipComment_isAcceptedAsNotPartOfTheSignedContent() throws Exception {
    // Accepted, as jarsigner and the JDK accept it: the archive comment is no entry, nothing
    // loads it, and tools show it as a comment (docs/verification.md says so).
    byte[] jar = signed.clone();
    int end = jar.length - 22;
    assertEquals(0x06054b50, (jar[end] & 0xff) | (jar[end + 1] & 0xff) << 8
        | (jar[end + 2] & 0xff) << 16 | (jar[end + 3] & 0xff) << 24);
    byte[] comment = "unsigned comment".getBytes(UTF_8);
    byte[] commented = Arrays.copyOf(jar, jar.length + comment.length);
    commented[end + 20] = (byte) comment.length;
    System.arraycopy(comment, 0, commented, jar.length, comment.length);
    SignedJarReader.read(commented);
  }
}

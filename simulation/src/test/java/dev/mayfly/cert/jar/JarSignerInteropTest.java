package dev.mayfly.cert.jar;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mayfly.cert.internal.Crypto;
import dev.mayfly.cert.mint.GroupKeyAlgorithm;
import dev.mayfly.cert.mint.MintedCertificate;
import dev.mayfly.cert.mint.SigningFunction;
import dev.mayfly.cert.testing.JdkTools;
import dev.mayfly.cert.testing.OpenSsl;
import dev.mayfly.cert.testing.TestJars;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Map;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.tsp.TimeStampToken;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * JARs signed by a threshold key (2-of-3 FROST Ed25519 and DKLs23 ECDSA P-256) under a CA-issued
 * certificate that expired before verification, with a timestamp inside its validity, checked by
 * the JDK's {@code jarsigner -verify -strict} against a truststore of the test CA and TSA root,
 * by Bouncy Castle and by {@code openssl cms -verify}.
 */
class JarSignerInteropTest {
  // Per class, not in a shared base class: the build may run test classes side by side.
  private static JarSigningFixture fixture;

  @BeforeAll
  static void keys() throws Exception {
    fixture = new JarSigningFixture();
  }

  @AfterAll
  static void destroyShares() {
    fixture.close();
  }

  @TempDir Path dir;

  /** A signed sample JAR, written to {@code signed.jar}, with its certificate. */
  private record Signed(SignedJar jar, MintedCertificate certificate, JarSigningPlan plan) {}

  private Signed sign(GroupKeyAlgorithm algorithm) throws Exception {
    SigningFunction signer = fixture.thresholdSigner(algorithm);
    MintedCertificate minted = fixture.mint(signer);
    JarSigningPlan plan =
        JarSigningPlan.create(TestJars.sample(), JarSigningParameters.of(algorithm));
    SignedJar signed =
        JarSignatureAssembler.sign(plan, signer, fixture.chainWithRoot(minted), fixture.timestamper);
    Files.write(dir.resolve("signed.jar"), signed.bytes());
    fixture.truststore(dir);
    return new Signed(signed, minted, plan);
  }

  private OpenSsl.Result jarsignerVerify(String jar) throws Exception {
    return JdkTools.run(dir, "jarsigner", "-verify", "-strict", "-verbose",
        "-keystore", "truststore.p12", "-storetype", "PKCS12",
        "-storepass", JarSigningFixture.STORE_PASSWORD, jar);
  }

  @ParameterizedTest
  @EnumSource(GroupKeyAlgorithm.class)
  void jarsigner_expiredCertificateTimestampInside_verifiesStrict(GroupKeyAlgorithm algorithm)
      throws Exception {
    Signed signed = sign(algorithm);
    X509Certificate leaf = signed.certificate().leaf();
    Instant stamped = signed.jar().timestamp().time();

    assertTrue(leaf.getNotAfter().toInstant().isBefore(Instant.now()), "certificate expired");
    assertFalse(stamped.isBefore(leaf.getNotBefore().toInstant()));
    assertFalse(stamped.isAfter(leaf.getNotAfter().toInstant()));
    OpenSsl.Result result = jarsignerVerify("signed.jar");
    assertEquals(0, result.exitCode(), result.output());
    assertTrue(result.output().contains("jar verified."), result.output());
    for (String bad : new String[] {"chain is invalid", "not been integrity-checked",
        "unsigned entries", "Warning", "has expired", "not signed by", "self-signed"}) {
      assertFalse(result.output().contains(bad), bad + " in:\n" + result.output());
    }
    assertTrue(result.output().contains("Timestamped by"), result.output());
    for (String name : signed.plan().signedEntries()) {
      assertTrue(result.output().lines().anyMatch(line -> line.startsWith("smk")
          && line.endsWith(name)), name + " signed, in manifest, in keystore:\n" + result.output());
    }
  }

  @ParameterizedTest
  @EnumSource(GroupKeyAlgorithm.class)
  void jarsigner_tamperedEntry_fails(GroupKeyAlgorithm algorithm) throws Exception {
    Signed signed = sign(algorithm);
    Files.write(dir.resolve("tampered.jar"), TestJars.rewrite(signed.jar().bytes(), entries -> {
      entries.put("stored.bin", new byte[] {0, 1, 2, 3, 4, 5, 6, 8});
      return entries;
    }));

    OpenSsl.Result result = jarsignerVerify("tampered.jar");

    assertEquals(1, result.exitCode(), result.output());
    assertTrue(result.output().contains("SHA-256 digest error for stored.bin"), result.output());
  }

  @ParameterizedTest
  @EnumSource(GroupKeyAlgorithm.class)
  void jarsigner_entryAddedAfterSigning_reportedUnsigned(GroupKeyAlgorithm algorithm)
      throws Exception {
    Signed signed = sign(algorithm);
    Files.write(dir.resolve("added.jar"), TestJars.rewrite(signed.jar().bytes(), entries -> {
      entries.put("added.txt", "not signed\n".getBytes(UTF_8));
      return entries;
    }));

    OpenSsl.Result result = jarsignerVerify("added.jar");

    assertEquals(16, result.exitCode(), "hasUnsignedEntry under -strict: " + result.output());
    assertTrue(result.output().contains("unsigned entries"), result.output());
    assertTrue(result.output().lines().anyMatch(line -> line.startsWith("smk")
        && line.endsWith("stored.bin")), result.output());
  }

  /**
   * An entry added together with its own manifest section (as a later signer would add it):
   * the manifest digest no longer matches, so the JDK falls back to the signature file's digests
   * of the main attributes and of each section, which must still vouch for the signed entries.
   */
  @ParameterizedTest
  @EnumSource(GroupKeyAlgorithm.class)
  void jarsigner_sectionAppendedToManifest_signedEntriesVerifyBySectionDigests(
      GroupKeyAlgorithm algorithm) throws Exception {
    Signed signed = sign(algorithm);
    byte[] added = "not signed\n".getBytes(UTF_8);
    Files.write(dir.resolve("appended.jar"), TestJars.rewrite(signed.jar().bytes(), entries -> {
      String manifest = new String(entries.get("META-INF/MANIFEST.MF"), UTF_8)
          + "Name: added.txt\r\nSHA-256-Digest: "
          + java.util.Base64.getEncoder().encodeToString(Crypto.sha256(added)) + "\r\n\r\n";
      entries.put("META-INF/MANIFEST.MF", manifest.getBytes(UTF_8));
      entries.put("added.txt", added);
      return entries;
    }));

    OpenSsl.Result result = jarsignerVerify("appended.jar");

    assertEquals(16, result.exitCode(), "hasUnsignedEntry under -strict: " + result.output());
    assertTrue(result.output().contains("unsigned entries"), result.output());
    assertFalse(result.output().contains("SecurityException"), result.output());
    for (String name : signed.plan().signedEntries()) {
      assertTrue(result.output().lines().anyMatch(line -> line.startsWith("smk")
          && line.endsWith(name)), name + ":\n" + result.output());
    }
  }

  @ParameterizedTest
  @EnumSource(GroupKeyAlgorithm.class)
  void signatureBlock_bouncyCastleAndOpenSslVerify(GroupKeyAlgorithm algorithm)
      throws Exception {
    Signed signed = sign(algorithm);
    Map<String, byte[]> entries = TestJars.entries(signed.jar().bytes());
    byte[] sf = entries.get("META-INF/MAYFLY.SF");
    byte[] block = entries.get("META-INF/MAYFLY.EC");
    X509Certificate leaf = signed.certificate().leaf();

    assertArrayEquals(signed.plan().signatureFile(), sf);
    assertArrayEquals(signed.jar().signatureBlock(), block);
    assertEquals(java.util.List.of("META-INF/MANIFEST.MF", "META-INF/MAYFLY.SF",
        "META-INF/MAYFLY.EC"), entries.keySet().stream().limit(3).toList());
    CMSSignedData cms = new CMSSignedData(new CMSProcessableByteArray(sf), block);
    SignerInformation signer = cms.getSignerInfos().getSigners().iterator().next();
    assertTrue(signer.verify(new JcaSimpleSignerInfoVerifierBuilder().setProvider(Crypto.BC)
        .build(leaf)));
    assertArrayEquals(signed.plan().toBeSigned(), signer.getEncodedSignedAttributes());
    assertEquals(1, signer.getVersion());
    Attribute stamp = signer.getUnsignedAttributes()
        .get(PKCSObjectIdentifiers.id_aa_signatureTimeStampToken);
    TimeStampToken token = new TimeStampToken(
        ContentInfo.getInstance(stamp.getAttrValues().getObjectAt(0)));
    token.validate(new JcaSimpleSignerInfoVerifierBuilder().setProvider(Crypto.BC)
        .build(fixture.tsa.tsaCertificate()));
    assertArrayEquals(Crypto.sha256(signer.getSignature()),
        token.getTimeStampInfo().getMessageImprintDigest());
    assertTrue(cms.getCertificates().getMatches(null).contains(new X509CertificateHolder(
        leaf.getEncoded())));

    if (algorithm == GroupKeyAlgorithm.ED25519) {
      // OpenSSL 3.0 cannot check an Ed25519 CMS signature with signed attributes ("eddsa_digest_
      // signverify_init: invalid digest"), the JDK jarsigner's own Ed25519 blocks included.
      return;
    }
    Files.write(dir.resolve("MAYFLY.SF"), sf);
    Files.write(dir.resolve("MAYFLY.EC"), block);
    OpenSsl.writePem(dir.resolve("ca.pem"), fixture.ca.rootCertificate());
    long inside = leaf.getNotBefore().toInstant().plusSeconds(60).getEpochSecond();
    OpenSsl.Result result = OpenSsl.run(dir, "cms", "-verify", "-inform", "DER",
        "-in", "MAYFLY.EC", "-content", "MAYFLY.SF", "-binary", "-CAfile", "ca.pem",
        "-purpose", "any", "-attime", Long.toString(inside), "-out", "verified.sf");
    assertEquals(0, result.exitCode(), result.output());
    assertTrue(result.output().contains("Verification successful"), result.output());
    assertArrayEquals(sf, Files.readAllBytes(dir.resolve("verified.sf")));
  }
}

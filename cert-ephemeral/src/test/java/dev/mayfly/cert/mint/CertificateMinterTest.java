package dev.mayfly.cert.mint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mayfly.cert.CertMintingException;
import dev.mayfly.cert.CertVerificationException;
import dev.mayfly.cert.testing.OpenSsl;
import dev.mayfly.cert.testing.PlainSigner;
import dev.mayfly.cert.testing.Profiles;
import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.PartyId;
import dev.mayfly.common.ProtocolException;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertificateMinterTest {
  private static final Instant START = Instant.parse("2026-03-01T12:00:00.750Z");

  @TempDir Path dir;

  @Test
  void mint_selfAttestedEd25519_parsesWithJdkAndVerifiesUnderGroupKey() throws Exception {
    PlainSigner signer = PlainSigner.ed25519();
    CertificateProfile profile = Profiles.sample(signer.groupPublicKey(), START).build();

    MintedCertificate minted = CertificateMinter.selfAttested().mint(profile, signer);

    X509Certificate jdk = (X509Certificate) CertificateFactory.getInstance("X.509")
        .generateCertificate(new ByteArrayInputStream(minted.leaf().getEncoded()));
    jdk.verify(signer.groupPublicKey().publicKey());
    jdk.verify(jdk.getPublicKey());
    assertEquals(IssuanceMode.SELF_ATTESTED, minted.mode());
    assertEquals(jdk.getSubjectX500Principal(), jdk.getIssuerX500Principal());
    assertEquals(Instant.parse("2026-03-01T12:00:00Z"), jdk.getNotBefore().toInstant());
    assertEquals(Instant.parse("2026-03-01T12:10:00Z"), jdk.getNotAfter().toInstant());
    assertEquals(CertificateTemplates.serialNumber(profile.sessionId()), jdk.getSerialNumber());
    assertTrue(jdk.getKeyUsage()[0]);
    assertEquals(List.of("1.3.6.1.5.5.7.3.3"), jdk.getExtendedKeyUsage());
    assertTrue(jdk.getCriticalExtensionOIDs().contains("2.5.29.15"));
    assertFalse(jdk.getCriticalExtensionOIDs().stream().anyMatch(o -> o.startsWith("2.25.")));
    MayflyExtensions read = MayflyExtensions.read(new X509CertificateHolder(jdk.getEncoded()).getExtensions());
    assertArrayEquals(profile.sessionId(), read.sessionId());
    assertArrayEquals(profile.extensions().teePolicyHash(), read.teePolicyHash());
    assertArrayEquals(profile.extensions().evidenceDigest(), read.evidenceDigest());
    assertArrayEquals(profile.extensions().approvalsDigest(), read.approvalsDigest());
    assertEquals(2, read.threshold());
    assertEquals(3, read.parties());
    assertEquals("FROST(Ed25519, SHA-512)", read.protocol());
    MayflyExtensions fromCertificate = MayflyExtensions.read(jdk);
    assertArrayEquals(read.sessionId(), fromCertificate.sessionId());
    assertEquals(read.toString(), fromCertificate.toString());
    assertTrue(jdk.getNonCriticalExtensionOIDs().containsAll(List.of(MayflyExtensions.SESSION_ID,
        MayflyExtensions.TEE_POLICY_HASH, MayflyExtensions.EVIDENCE_DIGEST,
        MayflyExtensions.APPROVALS_DIGEST, MayflyExtensions.THRESHOLD)));
  }

  @Test
  void readCertificate_withoutMayflyExtensions_throwsProfileViolation() throws Exception {
    PlainSigner signer = PlainSigner.ed25519();
    X509Certificate plain = new JcaX509CertificateConverter().getCertificate(
        new JcaX509v3CertificateBuilder(new X500Name("CN=plain"), java.math.BigInteger.ONE,
            java.util.Date.from(START), java.util.Date.from(START.plusSeconds(600)),
            new X500Name("CN=plain"), signer.groupPublicKey().publicKey())
            .addExtension(org.bouncycastle.asn1.x509.Extension.basicConstraints, true,
                new org.bouncycastle.asn1.x509.BasicConstraints(false))
            .build(dev.mayfly.cert.internal.ThresholdContentSigner.of(signer)));

    CertVerificationException e = assertThrows(CertVerificationException.class,
        () -> MayflyExtensions.read(plain));

    assertEquals(ErrorCode.CERT_PROFILE_VIOLATION, e.code());
  }

  @Test
  void mint_selfAttested_opensslTextShowsProfile() throws Exception {
    PlainSigner signer = PlainSigner.ed25519();
    MintedCertificate minted = CertificateMinter.selfAttested()
        .mint(Profiles.sample(signer.groupPublicKey(), START).simulated(true).build(), signer);
    Path pem = OpenSsl.writePem(dir.resolve("leaf.pem"), minted.leaf());

    OpenSsl.Result text = OpenSsl.run(dir, "x509", "-in", pem.toString(), "-noout", "-text");

    assertEquals(0, text.exitCode(), text.output());
    String out = text.output();
    assertTrue(out.contains("Signature Algorithm: ED25519"), out);
    assertTrue(out.contains("X509v3 Key Usage: critical"), out);
    assertTrue(out.contains("Digital Signature"), out);
    assertTrue(out.contains("Code Signing"), out);
    assertTrue(out.contains("X509v3 Subject Key Identifier"), out);
    assertTrue(out.contains("SIMULATED attestation"), out);
    for (int i = 1; i <= 5; i++) {
      assertTrue(out.contains(MayflyExtensions.ARC + "." + i + ":"), "extension ." + i + "\n" + out);
    }
    OpenSsl.Result self = OpenSsl.run(dir, "verify", "-attime",
        String.valueOf(START.getEpochSecond() + 60), "-CAfile", pem.toString(), pem.toString());
    assertTrue(self.output().contains("OK"), self.output());
  }

  @Test
  void mint_ecdsaP256SelfAttested_verifiesUnderGroupKey() throws Exception {
    PlainSigner signer = PlainSigner.p256();
    MintedCertificate minted = CertificateMinter.selfAttested()
        .mint(Profiles.sample(signer.groupPublicKey(), START).build(), signer);

    minted.leaf().verify(signer.groupPublicKey().publicKey());
    assertEquals("1.2.840.10045.4.3.2", minted.leaf().getSigAlgOID());
  }

  @Test
  void mint_signerThrows_throwsSigningFailedNamingCulprits() {
    PlainSigner plain = PlainSigner.ed25519();
    SigningFunction failing = new SigningFunction() {
      @Override
      public GroupPublicKey groupPublicKey() {
        return plain.groupPublicKey();
      }

      @Override
      public byte[] sign(byte[] message) throws ProtocolException {
        throw new ProtocolException(ErrorCode.TRANSPORT_TIMEOUT, "party 3 went silent",
            PartyId.of(3));
      }
    };
    CertificateProfile profile = Profiles.sample(plain.groupPublicKey(), START).build();

    CertMintingException e = assertThrows(CertMintingException.class,
        () -> CertificateMinter.selfAttested().mint(profile, failing));

    assertEquals(ErrorCode.CERT_SIGNING_FAILED, e.code());
    assertEquals(List.of(PartyId.of(3)), e.culprits());
  }

  @Test
  void mint_signerReturnsWrongSignature_throwsSignatureInvalid() {
    PlainSigner plain = PlainSigner.ed25519();
    SigningFunction cheating = new SigningFunction() {
      @Override
      public GroupPublicKey groupPublicKey() {
        return plain.groupPublicKey();
      }

      @Override
      public byte[] sign(byte[] message) {
        byte[] signature = plain.sign(message);
        signature[5] ^= 1;
        return signature;
      }
    };
    CertificateProfile profile = Profiles.sample(plain.groupPublicKey(), START).build();

    CertMintingException e = assertThrows(CertMintingException.class,
        () -> CertificateMinter.selfAttested().mint(profile, cheating));

    assertEquals(ErrorCode.CERT_SIGNATURE_INVALID, e.code());
    assertEquals(List.of(), e.culprits());
  }

  @Test
  void certificationRequestInfo_carriesMayflyExtensionsInExtensionRequest() throws Exception {
    PlainSigner signer = PlainSigner.p256();
    CertificateProfile profile = Profiles.sample(signer.groupPublicKey(), START).build();
    byte[] info = CertificateTemplates.certificationRequestInfo(profile);
    PKCS10CertificationRequest csr = new PKCS10CertificationRequest(
        CertificateTemplates.assembleCertificationRequest(
            info, GroupKeyAlgorithm.ECDSA_P256, signer.sign(info)));

    Extensions requested = Extensions.getInstance(csr.getAttributes(
        PKCSObjectIdentifiers.pkcs_9_at_extensionRequest)[0].getAttrValues().getObjectAt(0));

    assertArrayEquals(profile.extensions().evidenceDigest(), MayflyExtensions.read(requested).evidenceDigest());
    Files.write(dir.resolve("req.der"), csr.getEncoded());
    OpenSsl.Result check = OpenSsl.run(dir, "req", "-inform", "DER", "-in", "req.der", "-verify",
        "-noout");
    assertEquals(0, check.exitCode(), check.output());
  }
}

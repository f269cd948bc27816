package dev.mayfly.cert.mint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mayfly.cert.internal.Crypto;
import dev.mayfly.cert.testing.PlainSigner;
import dev.mayfly.cert.testing.Profiles;
import dev.mayfly.common.ErrorCode;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import dev.mayfly.cert.internal.ThresholdContentSigner;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.junit.jupiter.api.Test;

class CertificateTemplatesTest {
  private static final Instant START = Instant.parse("2026-03-01T12:00:00Z");

  @Test
  void tbsCertificate_sameProfileTwice_identicalBytes() {
    PlainSigner signer = PlainSigner.ed25519();
    byte[] first = CertificateTemplates.tbsCertificate(
        Profiles.sample(signer.groupPublicKey(), START).build());
    byte[] second = CertificateTemplates.tbsCertificate(
        Profiles.sample(signer.groupPublicKey(), START).build());

    assertArrayEquals(first, second);
  }

  @Test
  void tbsCertificate_otherEvidenceDigest_differentBytes() {
    PlainSigner signer = PlainSigner.ed25519();
    byte[] first = CertificateTemplates.tbsCertificate(
        Profiles.sample(signer.groupPublicKey(), START).build());
    byte[] second = CertificateTemplates.tbsCertificate(
        Profiles.sample(signer.groupPublicKey(), START).evidenceDigest(Profiles.bytes32(7)).build());

    assertFalse(java.util.Arrays.equals(first, second));
  }

  @Test
  void contentSigner_bouncyCastleCertificateBuilder_producesTheMintedCertificate() throws Exception {
    PlainSigner signer = PlainSigner.ed25519();
    CertificateProfile profile = Profiles.sample(signer.groupPublicKey(), START).build();
    MintedCertificate minted = CertificateMinter.selfAttested().mint(profile, signer);

    X509CertificateHolder rebuilt = new X509v3CertificateBuilder(
        new JcaX509CertificateHolder(minted.leaf()))
        .build(ThresholdContentSigner.of(signer));

    assertArrayEquals(minted.leaf().getEncoded(), rebuilt.getEncoded());
  }

  @Test
  void contentSigner_pkcs10Builder_producesVerifiableRequest() throws Exception {
    PlainSigner signer = PlainSigner.ed25519();
    PKCS10CertificationRequest csr = new JcaPKCS10CertificationRequestBuilder(
        new X500Name("CN=test"), signer.groupPublicKey().publicKey())
        .build(ThresholdContentSigner.of(signer));

    assertTrue(csr.isSignatureValid(
        new org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder()
            .setProvider(Crypto.BC).build(signer.groupPublicKey().publicKey())));
  }

  @Test
  void contentSigner_cmsGenerator_producesVerifiableSignedData() throws Exception {
    PlainSigner signer = PlainSigner.p256();
    MintedCertificate minted = CertificateMinter.selfAttested()
        .mint(Profiles.sample(signer.groupPublicKey(), Instant.now()).build(), signer);
    CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
    generator.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(
        new JcaDigestCalculatorProviderBuilder().setProvider(Crypto.BC).build())
        .build(ThresholdContentSigner.of(signer), minted.leaf()));

    CMSSignedData signed = generator.generate(new CMSProcessableByteArray(new byte[] {1, 2, 3}), true);

    SignerInformation info = signed.getSignerInfos().getSigners().iterator().next();
    assertTrue(info.verify(new JcaSimpleSignerInfoVerifierBuilder().setProvider(Crypto.BC)
        .build(minted.leaf())));
  }

  @Test
  void contentSigner_badSignature_throwsSigningFailureWithCode() {
    PlainSigner plain = PlainSigner.ed25519();
    SigningFunction wrongKey = new SigningFunction() {
      private final PlainSigner other = PlainSigner.ed25519();

      @Override
      public GroupPublicKey groupPublicKey() {
        return plain.groupPublicKey();
      }

      @Override
      public byte[] sign(byte[] message) {
        return other.sign(message);
      }
    };

    ThresholdContentSigner.SigningFailure e = assertThrows(
        ThresholdContentSigner.SigningFailure.class,
        () -> new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=test"),
            plain.groupPublicKey().publicKey()).build(ThresholdContentSigner.of(wrongKey)));

    assertEquals(ErrorCode.CERT_SIGNATURE_INVALID, e.failure().code());
    assertEquals(List.of(), e.failure().culprits());
  }

  @Test
  void serialNumber_anySessionId_positiveAndAtMost20Octets() {
    for (long seed = 0; seed < 200; seed++) {
      BigInteger serial = CertificateTemplates.serialNumber(Profiles.bytes32(seed));
      assertEquals(1, serial.signum(), "seed " + seed);
      assertTrue(serial.toByteArray().length <= 20, "seed " + seed);
    }
  }

  @Test
  void build_validityAboveCap_throwsIllegalArgument() {
    PlainSigner signer = PlainSigner.ed25519();
    assertThrows(IllegalArgumentException.class, () -> Profiles.sample(signer.groupPublicKey(), START)
        .validity(Duration.ofMinutes(11)).build());
    assertThrows(IllegalArgumentException.class, () -> Profiles.sample(signer.groupPublicKey(), START)
        .maxValidity(Duration.ofHours(25)).validity(Duration.ofHours(1)).build());
    assertThrows(IllegalArgumentException.class, () -> Profiles.sample(signer.groupPublicKey(), START)
        .threshold(3, 2).build());
    assertThrows(NullPointerException.class,
        () -> CertificateProfile.builder().groupKey(signer.groupPublicKey()).build());
  }
}

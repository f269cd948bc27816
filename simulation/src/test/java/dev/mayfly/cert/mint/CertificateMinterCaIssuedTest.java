package dev.mayfly.cert.mint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mayfly.cert.CertMintingException;
import dev.mayfly.cert.testing.OpenSsl;
import dev.mayfly.cert.testing.PlainSigner;
import dev.mayfly.cert.testing.Profiles;
import dev.mayfly.common.ErrorCode;
import dev.mayfly.simulation.cert.TestCertificateAuthority;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CA-issued minting through the in-process test CA (moved here from cert-ephemeral's {@code
 * CertificateMinterTest}, which keeps the self-attested cases).
 */
class CertificateMinterCaIssuedTest {
  @TempDir Path dir;

  @Test
  void mint_caIssued_opensslVerifyAccepts() throws Exception {
    PlainSigner signer = PlainSigner.ed25519();
    TestCertificateAuthority ca = TestCertificateAuthority.generate();
    CertificateProfile profile = Profiles.sample(signer.groupPublicKey(), Instant.now()).build();

    MintedCertificate minted = CertificateMinter.caIssued(ca).mint(profile, signer);

    assertEquals(IssuanceMode.CA_ISSUED, minted.mode());
    minted.leaf().verify(ca.rootCertificate().getPublicKey());
    PKCS10CertificationRequest csr = new PKCS10CertificationRequest(minted.request().orElseThrow());
    assertArrayEquals(CertificateTemplates.certificationRequestInfo(profile),
        csr.toASN1Structure().getCertificationRequestInfo().getEncoded("DER"));
    Path caPem = OpenSsl.writePem(dir.resolve("testca.pem"), ca.rootCertificate());
    Path leafPem = OpenSsl.writePem(dir.resolve("leaf.pem"), minted.leaf());
    OpenSsl.Result verify = OpenSsl.run(dir, "verify", "-CAfile", caPem.toString(), leafPem.toString());
    assertEquals(0, verify.exitCode(), verify.output());
    assertTrue(verify.output().contains("leaf.pem: OK"), verify.output());
  }

  @Test
  void mint_issuerCertifiesOtherRequest_throwsIssuedCertificateInvalid() {
    PlainSigner signer = PlainSigner.ed25519();
    TestCertificateAuthority ca = TestCertificateAuthority.generate();
    CertificateProfile profile = Profiles.sample(signer.groupPublicKey(), Instant.now()).build();
    CertificateProfile other = Profiles.sample(signer.groupPublicKey(), Instant.now())
        .evidenceDigest(Profiles.bytes32(99)).build();
    CertificateIssuer swapping = request -> {
      byte[] info = CertificateTemplates.certificationRequestInfo(other);
      return ca.issue(new IssuanceRequest(CertificateTemplates.assembleCertificationRequest(
          info, GroupKeyAlgorithm.ED25519, signer.sign(info)), request.notBefore(),
          request.validity()));
    };

    CertMintingException e = assertThrows(CertMintingException.class,
        () -> CertificateMinter.caIssued(swapping).mint(profile, signer));

    assertEquals(ErrorCode.CERT_ISSUED_CERTIFICATE_INVALID, e.code());
    assertEquals(List.of(), e.culprits());
  }

  @Test
  void issue_csrSignedByOtherKey_throwsCsrInvalid() {
    PlainSigner signer = PlainSigner.ed25519();
    PlainSigner intruder = PlainSigner.ed25519();
    CertificateProfile profile = Profiles.sample(signer.groupPublicKey(), Instant.now()).build();
    byte[] info = CertificateTemplates.certificationRequestInfo(profile);
    byte[] forged = CertificateTemplates.assembleCertificationRequest(
        info, GroupKeyAlgorithm.ED25519, intruder.sign(info));

    CertMintingException e = assertThrows(CertMintingException.class,
        () -> TestCertificateAuthority.generate().issue(
            new IssuanceRequest(forged, profile.notBefore(), profile.validity())));

    assertEquals(ErrorCode.CERT_CSR_INVALID, e.code());
    assertEquals(List.of(), e.culprits());
  }

  @Test
  void issue_validityAboveCap_throwsCsrInvalid() {
    PlainSigner signer = PlainSigner.ed25519();
    CertificateProfile profile = Profiles.sample(signer.groupPublicKey(), Instant.now())
        .maxValidity(Duration.ofHours(1)).validity(Duration.ofHours(1)).build();

    CertMintingException e = assertThrows(CertMintingException.class,
        () -> CertificateMinter.caIssued(TestCertificateAuthority.generate()).mint(profile, signer));

    assertEquals(ErrorCode.CERT_CSR_INVALID, e.code());
  }
}

package dev.mayfly.cert.jar;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.mayfly.cert.CertMintingException;
import dev.mayfly.cert.mint.GroupKeyAlgorithm;
import dev.mayfly.cert.mint.GroupPublicKey;
import dev.mayfly.cert.mint.MintedCertificate;
import dev.mayfly.cert.mint.SigningFunction;
import dev.mayfly.cert.testing.PlainSigner;
import dev.mayfly.cert.testing.TestJars;
import dev.mayfly.cert.tsa.VerifiedTimestamp;
import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.PartyId;
import dev.mayfly.common.ProtocolException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Assembly of the signed JAR: what it accepts as signature, chain and timestamp. */
class JarSignatureAssemblerTest {
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

  private static JarSigningPlan plan(GroupKeyAlgorithm algorithm) throws CertMintingException {
    return JarSigningPlan.create(TestJars.sample(), JarSigningParameters.of(algorithm));
  }

  @Test
  void assemble_signatureAndTimestampFromSign_sameJar() throws Exception {
    PlainSigner signer = PlainSigner.ed25519();
    MintedCertificate minted = fixture.mint(signer);
    JarSigningPlan plan = plan(GroupKeyAlgorithm.ED25519);
    SignedJar signed = JarSignatureAssembler.sign(plan, signer, minted.chain(), fixture.timestamper);

    SignedJar assembled = JarSignatureAssembler.assemble(
        plan(GroupKeyAlgorithm.ED25519), signed.signature(), minted.chain(), signed.timestamp());

    assertArrayEquals(signer.sign(plan.toBeSigned()), signed.signature());
    assertArrayEquals(signed.bytes(), assembled.bytes());
  }

  @Test
  void assemble_thresholdEcdsaSignatureOverToBeSigned_writesJar() throws Exception {
    SigningFunction signer = fixture.thresholdSigner(GroupKeyAlgorithm.ECDSA_P256);
    MintedCertificate minted = fixture.mint(signer);
    JarSigningPlan plan = plan(GroupKeyAlgorithm.ECDSA_P256);
    byte[] signature = signer.sign(plan.toBeSigned());
    VerifiedTimestamp timestamp = fixture.timestamper.timestamp(signature);

    SignedJar assembled =
        JarSignatureAssembler.assemble(plan, signature, minted.chain(), timestamp);

    assertArrayEquals(signature, assembled.signature());
    assertEquals(plan.signedEntries(), assembled.signedEntries());
    assertEquals("META-INF/MAYFLY.EC", assembled.signatureBlockName());
  }

  @Test
  void assemble_signatureByOtherKey_throwsSignatureInvalid() throws Exception {
    PlainSigner signer = PlainSigner.p256();
    MintedCertificate minted = fixture.mint(signer);
    JarSigningPlan plan = plan(GroupKeyAlgorithm.ECDSA_P256);
    byte[] forged = PlainSigner.p256().sign(plan.toBeSigned());
    VerifiedTimestamp timestamp = fixture.timestamper.timestamp(forged);

    CertMintingException e = assertThrows(CertMintingException.class,
        () -> JarSignatureAssembler.assemble(plan, forged, minted.chain(), timestamp));

    assertEquals(ErrorCode.CERT_SIGNATURE_INVALID, e.code());
  }

  @Test
  void assemble_signatureOverOtherBytes_throwsSignatureInvalid() throws Exception {
    PlainSigner signer = PlainSigner.ed25519();
    MintedCertificate minted = fixture.mint(signer);
    JarSigningPlan plan = plan(GroupKeyAlgorithm.ED25519);
    byte[] other = signer.sign(plan.signatureFile());
    VerifiedTimestamp timestamp = fixture.timestamper.timestamp(other);

    CertMintingException e = assertThrows(CertMintingException.class,
        () -> JarSignatureAssembler.assemble(plan, other, minted.chain(), timestamp));

    assertEquals(ErrorCode.CERT_SIGNATURE_INVALID, e.code());
  }

  @Test
  void assemble_timestampOverOtherSignature_throwsTimestampInvalid() throws Exception {
    PlainSigner signer = PlainSigner.ed25519();
    MintedCertificate minted = fixture.mint(signer);
    JarSigningPlan plan = plan(GroupKeyAlgorithm.ED25519);
    byte[] signature = signer.sign(plan.toBeSigned());
    VerifiedTimestamp stampOfOther = fixture.timestamper.timestamp(new byte[64]);

    CertMintingException e = assertThrows(CertMintingException.class,
        () -> JarSignatureAssembler.assemble(plan, signature, minted.chain(), stampOfOther));

    assertEquals(ErrorCode.CERT_TIMESTAMP_INVALID, e.code());
  }

  @Test
  void sign_timestampAfterCertificateExpired_throwsTimestampOutsideValidity() throws Exception {
    PlainSigner signer = PlainSigner.p256();
    MintedCertificate minted = fixture.mint(signer);
    fixture.tsaClock.set(fixture.start.plus(Duration.ofMinutes(11)));
    try {
      CertMintingException e = assertThrows(CertMintingException.class,
          () -> JarSignatureAssembler.sign(plan(GroupKeyAlgorithm.ECDSA_P256), signer,
              minted.chain(), fixture.timestamper));

      assertEquals(ErrorCode.CERT_TIMESTAMP_OUTSIDE_VALIDITY, e.code());
    } finally {
      fixture.tsaClock.set(fixture.start.plus(Duration.ofMinutes(2)));
    }
  }

  @Test
  void sign_thresholdSigningAborts_throwsSigningFailedWithCulprits() throws Exception {
    PlainSigner plain = PlainSigner.ed25519();
    MintedCertificate minted = fixture.mint(plain);
    SigningFunction aborting = new SigningFunction() {
      @Override
      public GroupPublicKey groupPublicKey() {
        return plain.groupPublicKey();
      }

      @Override
      public byte[] sign(byte[] message) throws ProtocolException {
        throw new ProtocolException(ErrorCode.MPC_INVALID_SIGNATURE_SHARE, "bad share",
            List.of(PartyId.of(2)));
      }
    };

    CertMintingException e = assertThrows(CertMintingException.class,
        () -> JarSignatureAssembler.sign(plan(GroupKeyAlgorithm.ED25519), aborting,
            minted.chain(), fixture.timestamper));

    assertEquals(ErrorCode.CERT_SIGNING_FAILED, e.code());
    assertEquals(List.of(PartyId.of(2)), e.culprits());
  }

  @Test
  void sign_chainOfOtherAlgorithmOrKey_throwsIllegalArgument() throws Exception {
    PlainSigner ed25519 = PlainSigner.ed25519();
    MintedCertificate edCertificate = fixture.mint(ed25519);
    MintedCertificate otherEdCertificate = fixture.mint(PlainSigner.ed25519());

    assertThrows(IllegalArgumentException.class, () -> JarSignatureAssembler.sign(
        plan(GroupKeyAlgorithm.ECDSA_P256), ed25519, edCertificate.chain(), fixture.timestamper));
    assertThrows(IllegalArgumentException.class, () -> JarSignatureAssembler.sign(
        plan(GroupKeyAlgorithm.ED25519), ed25519, otherEdCertificate.chain(),
        fixture.timestamper));
    assertThrows(IllegalArgumentException.class, () -> JarSignatureAssembler.sign(
        plan(GroupKeyAlgorithm.ED25519), ed25519, List.of(), fixture.timestamper));
  }
}

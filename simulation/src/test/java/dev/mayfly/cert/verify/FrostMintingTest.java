package dev.mayfly.cert.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mayfly.cert.mint.CertificateMinter;
import dev.mayfly.cert.mint.CertificateTemplates;
import dev.mayfly.cert.mint.MintedCertificate;
import dev.mayfly.cert.mint.SigningFunction;
import dev.mayfly.cert.testing.CeremonyFixture;
import dev.mayfly.cert.testing.OpenSsl;
import dev.mayfly.cert.testing.Profiles;
import dev.mayfly.cert.testing.ThresholdSigners;
import dev.mayfly.common.PartyId;
import dev.mayfly.common.ProtocolException;
import dev.mayfly.mpc.InProcessFrost;
import dev.mayfly.mpc.ciphersuite.Ciphersuite;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Minting and signing with a real FROST(Ed25519, SHA-512) group key from mpc-core's DKG. */
class FrostMintingTest {
  private static InProcessFrost frost;

  @TempDir Path dir;

  @BeforeAll
  static void runDkg() throws ProtocolException {
    frost = InProcessFrost.generate(Ciphersuite.ed25519Sha512(), 2, 3, new SecureRandom());
  }

  @AfterAll
  static void destroyShares() {
    frost.close();
  }

  /** A signing function running a FROST signing round among {@code signers}. */
  private static SigningFunction frostSigner(List<PartyId> signers) {
    return ThresholdSigners.frost(frost, signers);
  }

  @Test
  void mint_frostGroupKey_jdkParsesAndVerifiesAndOpensslShowsProfile() throws Exception {
    SigningFunction signer = frostSigner(List.of(PartyId.of(1), PartyId.of(3)));
    MintedCertificate minted = CertificateMinter.selfAttested()
        .mint(Profiles.sample(signer.groupPublicKey(), Instant.now()).build(), signer);

    X509Certificate jdk = (X509Certificate) CertificateFactory.getInstance("X.509")
        .generateCertificate(new ByteArrayInputStream(minted.leaf().getEncoded()));
    jdk.verify(signer.groupPublicKey().publicKey());
    assertEquals("1.3.101.112", jdk.getSigAlgOID());
    Path pem = OpenSsl.writePem(dir.resolve("frost.pem"), jdk);
    OpenSsl.Result text = OpenSsl.run(dir, "x509", "-in", pem.toString(), "-noout", "-text");
    assertTrue(text.output().contains("Code Signing"), text.output());
  }

  @Test
  void verify_frostSignedCeremonyOutput_returnsProofAndOpensslAcceptsRawSignature()
      throws Exception {
    CeremonyFixture f = new CeremonyFixture(50);
    f.signer = frostSigner(List.of(PartyId.of(2), PartyId.of(3)));
    f.run();

    VerifiedArtifact ok = BundleVerifier.create(BundleVerifierOptions.builder()
        .trustedRoot(f.trustedRoot()).teePolicyHash(f.teePolicy.hash())
        .approvalPolicy(f.approvalPolicy).allowSimulatedEvidenceInsecure().build())
        .verify(f.artifact, f.bundleJson(), f.evidenceJson());

    assertEquals(List.of(PartyId.of(1), PartyId.of(2), PartyId.of(3)), ok.parties());
    assertEquals(CertificateTemplates.serialNumber(f.sessionId),
        ok.certificate().getSerialNumber());
    OpenSsl.writePem(dir.resolve("leaf.pem"), f.minted.leaf());
    Files.write(dir.resolve("artifact.bin"), f.artifact);
    Files.write(dir.resolve("artifact.sig"), f.artifactSignature);
    OpenSsl.run(dir, "x509", "-in", "leaf.pem", "-pubkey", "-noout", "-out", "pub.pem");
    OpenSsl.Result verified = OpenSsl.run(dir, "pkeyutl", "-verify", "-rawin", "-pubin",
        "-inkey", "pub.pem", "-in", "artifact.bin", "-sigfile", "artifact.sig");
    assertEquals(0, verified.exitCode(), verified.output());
  }
}

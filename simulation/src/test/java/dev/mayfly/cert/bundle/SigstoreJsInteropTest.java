package dev.mayfly.cert.bundle;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mayfly.cert.internal.Crypto;
import dev.mayfly.cert.mint.CertificateMinter;
import dev.mayfly.cert.mint.MintedCertificate;
import dev.mayfly.cert.testing.PlainSigner;
import dev.mayfly.cert.testing.Profiles;
import dev.mayfly.cert.testing.SigstoreJs;
import dev.mayfly.cert.tsa.TimestampVerifier;
import dev.mayfly.cert.tsa.Timestamper;
import dev.mayfly.cert.tsa.VerifiedTimestamp;
import dev.mayfly.simulation.cert.TestCertificateAuthority;
import dev.mayfly.simulation.cert.TestTimestampAuthority;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The official Sigstore JavaScript verifier accepts Mayfly's CA-issued bundles, offline. */
class SigstoreJsInteropTest {
  private static final byte[] ARTIFACT =
      "mayfly interop artifact\n".getBytes(StandardCharsets.UTF_8);

  @TempDir Path dir;

  private final TestCertificateAuthority ca = TestCertificateAuthority.generate();
  private final TestTimestampAuthority tsa = TestTimestampAuthority.generate(Clock.systemUTC());
  private Path artifact;
  private Path trustedRoot;

  @BeforeEach
  void writeTrustedRoot() throws Exception {
    artifact = Files.write(dir.resolve("artifact.txt"), ARTIFACT);
    trustedRoot = Files.write(dir.resolve("trusted_root.json"),
        TrustedRoot.of(List.of(List.of(ca.rootCertificate())), List.of(tsa.chain())).toJsonBytes());
  }

  @Test
  void ecdsaMessageSignatureBundle_caIssued_verifiedBySigstoreJs() throws Exception {
    Path bundle = writeEcdsaBundle(tsa);

    SigstoreJs.Result result = SigstoreJs.verify(bundle, trustedRoot, artifact);

    assertTrue(result.verified(), result.output());
  }

  @Test
  void ecdsaMessageSignatureBundle_changedArtifact_refusedBySigstoreJs() throws Exception {
    Path bundle = writeEcdsaBundle(tsa);
    Path changed = Files.write(dir.resolve("changed.txt"), "mayfly interop artifacT\n".getBytes());

    SigstoreJs.Result result = SigstoreJs.verify(bundle, trustedRoot, changed);

    assertFalse(result.verified(), result.output());
    assertTrue(result.output().startsWith("REFUSED SIGNATURE_ERROR"), result.output());
  }

  @Test
  void ecdsaMessageSignatureBundle_flippedSignatureByte_refusedBySigstoreJs() throws Exception {
    Path bundle = writeEcdsaBundle(tsa);
    String json = Files.readString(bundle);
    SigstoreBundle parsed = SigstoreBundle.parseJson(json.getBytes(StandardCharsets.UTF_8));
    byte[] signature = parsed.signature();
    byte[] flipped = signature.clone();
    flipped[flipped.length / 2] ^= 0x01;
    Files.writeString(bundle, json.replace(Base64.getEncoder().encodeToString(signature),
        Base64.getEncoder().encodeToString(flipped)));

    SigstoreJs.Result result = SigstoreJs.verify(bundle, trustedRoot, artifact);

    assertFalse(result.verified(), result.output());
    assertTrue(result.output().startsWith("REFUSED TIMESTAMP_ERROR"), result.output());
  }

  @Test
  void ecdsaMessageSignatureBundle_timestampAfterValidity_refusedBySigstoreJs() throws Exception {
    TestTimestampAuthority late = TestTimestampAuthority.generate(
        Clock.offset(Clock.systemUTC(), Duration.ofHours(2)),
        Instant.now().minus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(30)));
    trustedRoot = Files.write(dir.resolve("trusted_root.json"),
        TrustedRoot.of(List.of(List.of(ca.rootCertificate())), List.of(late.chain())).toJsonBytes());
    Path bundle = writeEcdsaBundle(late);

    SigstoreJs.Result result = SigstoreJs.verify(bundle, trustedRoot, artifact);

    assertFalse(result.verified(), result.output());
    assertTrue(result.output().startsWith("REFUSED CERTIFICATE_ERROR"), result.output());
  }

  @Test
  void ed25519DsseBundle_caIssued_verifiedBySigstoreJs() throws Exception {
    Path bundle = writeEd25519Bundle();

    SigstoreJs.Result result = SigstoreJs.verify(bundle, trustedRoot, artifact);

    assertTrue(result.verified(), result.output());
  }

  @Test
  void ed25519DsseBundle_changedArtifact_refusedBySigstoreJs() throws Exception {
    Path bundle = writeEd25519Bundle();
    Path changed = Files.write(dir.resolve("changed.txt"), "mayfly interop artifacT\n".getBytes());

    SigstoreJs.Result result = SigstoreJs.verify(bundle, trustedRoot, changed);

    assertTrue(result.output().startsWith("REFUSED SUBJECT_MISMATCH"), result.output());
  }

  @Test
  void ed25519DsseBundle_flippedSignatureByte_refusedBySigstoreJs() throws Exception {
    Path bundle = writeEd25519Bundle();
    String json = Files.readString(bundle);
    byte[] signature = SigstoreBundle.parseJson(json.getBytes(StandardCharsets.UTF_8)).signature();
    byte[] flipped = signature.clone();
    flipped[3] ^= 0x40;
    Files.writeString(bundle, json.replace(Base64.getEncoder().encodeToString(signature),
        Base64.getEncoder().encodeToString(flipped)));

    SigstoreJs.Result result = SigstoreJs.verify(bundle, trustedRoot, artifact);

    assertFalse(result.verified(), result.output());
    assertTrue(result.output().startsWith("REFUSED"), result.output());
  }

  /** Mints a CA-issued Ed25519 certificate, signs the DSSE statement, timestamps, writes it. */
  private Path writeEd25519Bundle() throws Exception {
    PlainSigner signer = PlainSigner.ed25519();
    MintedCertificate minted = CertificateMinter.caIssued(ca).mint(
        Profiles.sample(signer.groupPublicKey(), Instant.now().minusSeconds(30)).build(), signer);
    byte[] statement = SigstoreBundles.artifactStatement(
        "artifact.txt", Crypto.sha256(ARTIFACT), Profiles.bytes32(1));
    byte[] signature = signer.sign(SigstoreBundles.statementPreAuthEncoding(statement));
    VerifiedTimestamp stamp = Timestamper.create(tsa, TimestampVerifier.create(tsa.chain()))
        .timestamp(signature);
    SigstoreBundle bundle = SigstoreBundles.dsseStatement(minted.leaf(), statement, signature, stamp);
    return Files.write(dir.resolve("bundle.sigstore.json"), bundle.toJsonBytes());
  }

  /** Mints a CA-issued P-256 certificate, signs and timestamps; writes bundle.sigstore.json. */
  private Path writeEcdsaBundle(TestTimestampAuthority authority) throws Exception {
    PlainSigner signer = PlainSigner.p256();
    MintedCertificate minted = CertificateMinter.caIssued(ca).mint(
        Profiles.sample(signer.groupPublicKey(), Instant.now().minusSeconds(30)).build(), signer);
    byte[] signature = signer.sign(ARTIFACT);
    VerifiedTimestamp stamp = Timestamper.create(authority,
        TimestampVerifier.create(authority.chain())).timestamp(signature);
    // Written without SigstoreBundles' checks so that a late timestamp can be tried too.
    SigstoreBundle bundle = SigstoreBundle.messageSignature(
        minted.leaf(), Crypto.sha256(ARTIFACT), signature, List.of(stamp.response()));
    return Files.write(dir.resolve("bundle.sigstore.json"), bundle.toJsonBytes());
  }
}

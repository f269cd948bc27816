package dev.mayfly.cert.bundle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.mayfly.cert.CertMintingException;
import dev.mayfly.cert.CertVerificationException;
import dev.mayfly.cert.internal.Crypto;
import dev.mayfly.cert.mint.CertificateMinter;
import dev.mayfly.cert.mint.MintedCertificate;
import dev.mayfly.cert.testing.PlainSigner;
import dev.mayfly.cert.testing.Profiles;
import dev.mayfly.cert.tsa.TimestampVerifier;
import dev.mayfly.cert.tsa.Timestamper;
import dev.mayfly.cert.tsa.VerifiedTimestamp;
import dev.mayfly.common.ErrorCode;
import dev.mayfly.simulation.cert.TestTimestampAuthority;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class SigstoreBundleTest {
  private static final Instant START = Instant.parse("2026-05-01T08:00:00Z");
  private static final byte[] ARTIFACT = "artifact".getBytes(StandardCharsets.UTF_8);

  private final PlainSigner signer = PlainSigner.p256();
  private final TestTimestampAuthority tsa =
      TestTimestampAuthority.generate(Clock.fixed(START.plusSeconds(60), ZoneOffset.UTC));

  private MintedCertificate mint() throws CertMintingException {
    return CertificateMinter.selfAttested()
        .mint(Profiles.sample(signer.groupPublicKey(), START).build(), signer);
  }

  private VerifiedTimestamp stamp(TestTimestampAuthority authority, byte[] signature)
      throws CertMintingException {
    return Timestamper.create(authority, TimestampVerifier.create(authority.chain()))
        .timestamp(signature);
  }

  @Test
  void messageSignature_roundTripsThroughJson() throws Exception {
    byte[] signature = signer.sign(ARTIFACT);
    SigstoreBundle bundle = SigstoreBundles.messageSignature(mint().leaf(), ARTIFACT, signature,
        stamp(tsa, signature));

    SigstoreBundle parsed = SigstoreBundle.parseJson(bundle.toJsonBytes());

    assertEquals(SigstoreBundle.Kind.MESSAGE_SIGNATURE, parsed.kind());
    assertArrayEquals(signature, parsed.signature());
    assertArrayEquals(Crypto.sha256(ARTIFACT), parsed.messageDigest().orElseThrow());
    assertEquals(bundle.certificate(), parsed.certificate());
    assertArrayEquals(bundle.timestamps().get(0), parsed.timestamps().get(0));
    JsonObject json = JsonParser.parseString(new String(bundle.toJsonBytes(),
        StandardCharsets.UTF_8)).getAsJsonObject();
    assertEquals(SigstoreBundle.MEDIA_TYPE, json.get("mediaType").getAsString());
    assertTrue(json.getAsJsonObject("verificationMaterial").getAsJsonArray("tlogEntries").isEmpty());
  }

  @Test
  void messageSignature_wrongSignature_throwsSignatureInvalid() throws Exception {
    byte[] signature = signer.sign("other".getBytes(StandardCharsets.UTF_8));
    MintedCertificate minted = mint();
    VerifiedTimestamp stamp = stamp(tsa, signature);

    CertMintingException e = assertThrows(CertMintingException.class,
        () -> SigstoreBundles.messageSignature(minted.leaf(), ARTIFACT, signature, stamp));

    assertEquals(ErrorCode.CERT_SIGNATURE_INVALID, e.code());
  }

  @Test
  void messageSignature_timestampAfterValidity_throwsOutsideValidity() throws Exception {
    TestTimestampAuthority late = TestTimestampAuthority.generate(
        Clock.fixed(START.plus(Duration.ofMinutes(11)), ZoneOffset.UTC));
    byte[] signature = signer.sign(ARTIFACT);
    MintedCertificate minted = mint();
    VerifiedTimestamp stamp = stamp(late, signature);

    CertMintingException e = assertThrows(CertMintingException.class,
        () -> SigstoreBundles.messageSignature(minted.leaf(), ARTIFACT, signature, stamp));

    assertEquals(ErrorCode.CERT_TIMESTAMP_OUTSIDE_VALIDITY, e.code());
  }

  @Test
  void messageSignature_timestampOverOtherSignature_throwsTimestampInvalid() throws Exception {
    byte[] signature = signer.sign(ARTIFACT);
    MintedCertificate minted = mint();
    VerifiedTimestamp stamp = stamp(tsa, signer.sign(ARTIFACT));

    CertMintingException e = assertThrows(CertMintingException.class,
        () -> SigstoreBundles.messageSignature(minted.leaf(), ARTIFACT, signature, stamp));

    assertEquals(ErrorCode.CERT_TIMESTAMP_INVALID, e.code());
  }

  @Test
  void parseJson_brokenRules_throwsBundleMalformed() throws Exception {
    byte[] signature = signer.sign(ARTIFACT);
    byte[] good = SigstoreBundles.messageSignature(mint().leaf(), ARTIFACT, signature,
        stamp(tsa, signature)).toJsonBytes();
    List<Consumer<JsonObject>> breakers = List.of(
        j -> j.addProperty("mediaType", "application/vnd.dev.sigstore.bundle+json;version=0.2"),
        j -> j.getAsJsonObject("verificationMaterial").getAsJsonArray("tlogEntries")
            .add(new JsonObject()),
        j -> j.getAsJsonObject("verificationMaterial").add("x509CertificateChain", new JsonObject()),
        j -> j.getAsJsonObject("messageSignature").getAsJsonObject("messageDigest")
            .addProperty("algorithm", "SHA2_384"),
        j -> j.add("dsseEnvelope", new JsonObject()),
        j -> j.remove("messageSignature"),
        j -> j.getAsJsonObject("verificationMaterial").getAsJsonObject("certificate")
            .addProperty("rawBytes", "AAAA"),
        j -> j.getAsJsonObject("messageSignature").add("signature", new JsonArray()));
    for (int i = 0; i < breakers.size(); i++) {
      JsonObject json = JsonParser.parseString(new String(good, StandardCharsets.UTF_8))
          .getAsJsonObject();
      breakers.get(i).accept(json);
      byte[] bad = json.toString().getBytes(StandardCharsets.UTF_8);
      CertVerificationException e = assertThrows(CertVerificationException.class,
          () -> SigstoreBundle.parseJson(bad), "breaker " + i);
      assertEquals(ErrorCode.CERT_BUNDLE_MALFORMED, e.code(), "breaker " + i);
    }
  }

  @Test
  void trustedRoot_roundTripsThroughJson() throws Exception {
    TrustedRoot root = TrustedRoot.of(List.of(List.of(mint().leaf())), List.of(tsa.chain()));

    TrustedRoot parsed = TrustedRoot.parseJson(root.toJsonBytes());

    assertEquals(root.certificateAuthorities(), parsed.certificateAuthorities());
    assertEquals(tsa.chain(), parsed.timestampAuthorities().get(0));
    CertVerificationException e = assertThrows(CertVerificationException.class,
        () -> TrustedRoot.parseJson("{\"mediaType\":\"x\"}".getBytes(StandardCharsets.UTF_8)));
    assertEquals(ErrorCode.CERT_BUNDLE_MALFORMED, e.code());
  }
}

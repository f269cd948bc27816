package dev.mayfly.bench.snp;

import dev.mayfly.bench.BenchmarkDefaults;
import dev.mayfly.snp.AttestationException;
import dev.mayfly.snp.verify.SnpVerifier;
import dev.mayfly.snp.verify.SnpVerifyOptions;
import dev.mayfly.snp.verify.VerifiedReport;
import java.io.IOException;
import java.io.InputStream;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.digests.SHA384Digest;
import org.bouncycastle.crypto.generators.ECKeyPairGenerator;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECKeyGenerationParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;

/**
 * Cost of verifying a real SEV-SNP report (vector P5, Azure Milan, embedded AMD roots) against
 * one Bouncy Castle ECDSA P-384/SHA-384 verification of 672 bytes on Bouncy Castle's fast P-384
 * curve, in the same run: {@link #bcEcdsaP384Verify672} under a key used again and again (the
 * warm path's situation) and {@link #bcEcdsaP384Verify672FreshKey} under a key seen for the first
 * time (the cold path's). Targets (issue 4, docs/benchmarks.md): warm at most 1.3x, cold at most
 * 2.5x one verification.
 */
public class VerifyBenchmark extends BenchmarkDefaults {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2025-09-01T00:00:00Z"), ZoneOffset.UTC);

  private byte[] report;
  private List<byte[]> chain;
  private SnpVerifier warm;
  private SnpVerifyOptions options;
  private byte[] message;
  private java.math.BigInteger[] signature;
  private ECPublicKeyParameters publicKey;
  private byte[] encodedPublicKey;

  @Setup(Level.Trial)
  public void setUp() throws IOException, AttestationException {
    report = resource("derived/trustee-az-milan-hcl-snp-report.bin");
    chain = dev.mayfly.snp.verify.CertificateEncoding.decodeAll(
        resource("trustee/az-snp-vtpm/vcek.pem")).subList(0, 1);
    options = SnpVerifyOptions.builder().clock(CLOCK).build();
    warm = SnpVerifier.create(options);
    warm.verify(report, chain);

    // Bouncy Castle's fastest P-384 (the custom curve), the one SnpVerifier uses too.
    X9ECParameters curve = CustomNamedCurves.getByName("secp384r1");
    ECDomainParameters domain = new ECDomainParameters(curve);
    ECKeyPairGenerator generator = new ECKeyPairGenerator();
    generator.init(new ECKeyGenerationParameters(domain, new SecureRandom()));
    AsymmetricCipherKeyPair pair = generator.generateKeyPair();
    publicKey = (ECPublicKeyParameters) pair.getPublic();
    encodedPublicKey = publicKey.getQ().getEncoded(false);
    message = Arrays.copyOf(report, 672);
    ECDSASigner signer = new ECDSASigner();
    signer.init(true, pair.getPrivate());
    signature = signer.generateSignature(sha384(message));
  }

  private static byte[] resource(String path) throws IOException {
    try (InputStream in = VerifyBenchmark.class.getResourceAsStream("/vectors/snp/" + path)) {
      if (in == null) {
        throw new IOException("missing vector " + path);
      }
      return in.readAllBytes();
    }
  }

  private static byte[] sha384(byte[] data) {
    SHA384Digest digest = new SHA384Digest();
    digest.update(data, 0, data.length);
    byte[] out = new byte[48];
    digest.doFinal(out, 0);
    return out;
  }

  /**
   * Baseline for the cold path: the same verification under a key decoded just before, as a cold
   * verification meets the VCEK's key for the first time. Bouncy Castle builds large
   * precomputation tables for a point it sees again and again, so a first-time key costs about
   * twice a repeated one.
   */
  @Benchmark
  public boolean bcEcdsaP384Verify672FreshKey() {
    ECPublicKeyParameters fresh = new ECPublicKeyParameters(
        publicKey.getParameters().getCurve().decodePoint(encodedPublicKey),
        publicKey.getParameters());
    ECDSASigner verifier = new ECDSASigner();
    verifier.init(false, fresh);
    return verifier.verifySignature(sha384(message), signature[0], signature[1]);
  }

  /**
   * Baseline for the warm path: SHA-384 of 672 bytes and one BC lightweight ECDSA P-384
   * verification under a key used again and again.
   */
  @Benchmark
  public boolean bcEcdsaP384Verify672() {
    ECDSASigner verifier = new ECDSASigner();
    verifier.init(false, publicKey);
    return verifier.verifySignature(sha384(message), signature[0], signature[1]);
  }

  /** A report whose chain this verifier already verified and cached. */
  @Benchmark
  public VerifiedReport verifyWarm() throws AttestationException {
    return warm.verify(report, chain);
  }

  /** A fresh verifier: VCEK parsing, extensions, VCEK-by-ASK signature, then the report. */
  @Benchmark
  public VerifiedReport verifyCold() throws AttestationException {
    return SnpVerifier.create(options).verify(report, chain);
  }
}

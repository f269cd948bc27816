package dev.mayfly.bench.cert;

import dev.mayfly.bench.BenchmarkDefaults;
import dev.mayfly.cert.mint.CertificateMinter;
import dev.mayfly.cert.mint.CertificateProfile;
import dev.mayfly.cert.mint.GroupPublicKey;
import dev.mayfly.cert.mint.MintedCertificate;
import dev.mayfly.cert.mint.SigningFunction;
import dev.mayfly.cert.tsa.TimestampVerifier;
import dev.mayfly.cert.tsa.Timestamper;
import dev.mayfly.cert.tsa.VerifiedTimestamp;
import dev.mayfly.common.MayflyException;
import dev.mayfly.simulation.cert.TestTimestampAuthority;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Instant;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * Minting cost without the threshold protocol: a self-attested certificate signed by a plain
 * JCA key (so the numbers isolate profile building, DER encoding and the signature check), and
 * one RFC 3161 round trip with the in-process test TSA. Compare with
 * {@code BaselineBenchmark.bcEd25519SignVerify} from the same run.
 */
public class MintBenchmark extends BenchmarkDefaults {
  @Param({"ed25519", "ecdsa-p256"})
  public String algorithm;

  private SigningFunction signer;
  private CertificateProfile profile;
  private Timestamper timestamper;
  private byte[] signature;

  @Setup(Level.Trial)
  public void setUp() throws GeneralSecurityException, MayflyException {
    KeyPair keys;
    String jca;
    if ("ed25519".equals(algorithm)) {
      keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
      jca = "Ed25519";
    } else {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
      keys = generator.generateKeyPair();
      jca = "SHA256withECDSA";
    }
    signer = new PlainSigningFunction(keys, jca);
    GroupPublicKey key = signer.groupPublicKey();
    byte[] filler = new byte[32];
    new SecureRandom().nextBytes(filler);
    profile = CertificateProfile.builder().sessionId(filler).startTime(Instant.now())
        .groupKey(key).teePolicyHash(filler).evidenceDigest(filler).approvalsDigest(filler)
        .threshold(2, 3).build();
    TestTimestampAuthority tsa = TestTimestampAuthority.generate(Clock.systemUTC());
    timestamper = Timestamper.create(tsa, TimestampVerifier.create(tsa.chain()));
    signature = signer.sign(filler);
  }

  /** Builds the TBSCertificate, signs it, verifies the signature and parses the result. */
  @Benchmark
  public MintedCertificate mintSelfAttested() throws MayflyException {
    return CertificateMinter.selfAttested().mint(profile, signer);
  }

  /** Requests, receives and verifies one timestamp from the in-process test TSA. */
  @Benchmark
  public VerifiedTimestamp timestampInProcess() throws MayflyException {
    return timestamper.timestamp(signature);
  }
}

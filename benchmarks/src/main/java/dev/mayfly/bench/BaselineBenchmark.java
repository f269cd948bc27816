package dev.mayfly.bench;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.generators.ECKeyPairGenerator;
import org.bouncycastle.crypto.generators.Ed25519KeyPairGenerator;
import org.bouncycastle.crypto.params.Ed25519KeyGenerationParameters;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECKeyGenerationParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;

/**
 * Baselines that every ratio in {@code docs/benchmarks.md} divides by. Run them in the same JMH
 * invocation as the benchmark they are compared with.
 */
public class BaselineBenchmark extends BenchmarkDefaults {
  private Ed25519PrivateKeyParameters ed25519Private;
  private Ed25519PublicKeyParameters ed25519Public;
  private final byte[] message = "mayfly baseline message".getBytes(StandardCharsets.UTF_8);
  private ECPrivateKeyParameters p256Private;
  private ECPublicKeyParameters p256Public;
  private SecureRandom random;

  @Setup(Level.Trial)
  public void setUp() {
    Ed25519KeyPairGenerator generator = new Ed25519KeyPairGenerator();
    generator.init(new Ed25519KeyGenerationParameters(new SecureRandom()));
    AsymmetricCipherKeyPair pair = generator.generateKeyPair();
    ed25519Private = (Ed25519PrivateKeyParameters) pair.getPrivate();
    ed25519Public = (Ed25519PublicKeyParameters) pair.getPublic();
    random = new SecureRandom();
    X9ECParameters p256 = CustomNamedCurves.getByName("P-256");
    ECDomainParameters domain = new ECDomainParameters(p256.getCurve(), p256.getG(),
        p256.getN(), p256.getH());
    ECKeyPairGenerator ec = new ECKeyPairGenerator();
    ec.init(new ECKeyGenerationParameters(domain, random));
    AsymmetricCipherKeyPair ecPair = ec.generateKeyPair();
    p256Private = (ECPrivateKeyParameters) ecPair.getPrivate();
    p256Public = (ECPublicKeyParameters) ecPair.getPublic();
  }

  /**
   * One Bouncy Castle ECDSA P-256 signature over SHA-256 of the message plus its verification, on
   * Bouncy Castle's fast P-256 curve ({@code CustomNamedCurves}, {@code SecP256R1Curve}), with a
   * key used again and again (the baseline of the threshold ECDSA ratios).
   */
  @Benchmark
  public boolean bcEcdsaP256SignVerify() {
    SHA256Digest sha = new SHA256Digest();
    sha.update(message, 0, message.length);
    byte[] digest = new byte[32];
    sha.doFinal(digest, 0);
    ECDSASigner signer = new ECDSASigner();
    signer.init(true, new ParametersWithRandom(p256Private, random));
    BigInteger[] rs = signer.generateSignature(digest);
    ECDSASigner verifier = new ECDSASigner();
    verifier.init(false, p256Public);
    return verifier.verifySignature(digest, rs[0], rs[1]);
  }

  /** One Bouncy Castle Ed25519 signature plus its verification. */
  @Benchmark
  public boolean bcEd25519SignVerify() {
    Ed25519Signer signer = new Ed25519Signer();
    signer.init(true, ed25519Private);
    signer.update(message, 0, message.length);
    byte[] signature = signer.generateSignature();
    Ed25519Signer verifier = new Ed25519Signer();
    verifier.init(false, ed25519Public);
    verifier.update(message, 0, message.length);
    return verifier.verifySignature(signature);
  }
}

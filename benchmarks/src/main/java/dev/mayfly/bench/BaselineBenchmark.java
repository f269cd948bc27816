package dev.mayfly.bench;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.generators.Ed25519KeyPairGenerator;
import org.bouncycastle.crypto.params.Ed25519KeyGenerationParameters;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
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

  @Setup(Level.Trial)
  public void setUp() {
    Ed25519KeyPairGenerator generator = new Ed25519KeyPairGenerator();
    generator.init(new Ed25519KeyGenerationParameters(new SecureRandom()));
    AsymmetricCipherKeyPair pair = generator.generateKeyPair();
    ed25519Private = (Ed25519PrivateKeyParameters) pair.getPrivate();
    ed25519Public = (Ed25519PublicKeyParameters) pair.getPublic();
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

package dev.mayfly.bench.cert;

import dev.mayfly.cert.mint.GroupPublicKey;
import dev.mayfly.cert.mint.SigningFunction;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.Signature;

/**
 * A {@link SigningFunction} over an ordinary JDK key pair, for benchmarks that measure what
 * happens around the signature (minting, JAR assembly), not the threshold signing itself.
 */
final class PlainSigningFunction implements SigningFunction {
  private final KeyPair keys;
  private final String jcaAlgorithm;
  private final GroupPublicKey key;

  /** Signs with {@code keys} under {@code jcaAlgorithm} ("Ed25519" or "SHA256withECDSA"). */
  PlainSigningFunction(KeyPair keys, String jcaAlgorithm) {
    this.keys = keys;
    this.jcaAlgorithm = jcaAlgorithm;
    this.key = GroupPublicKey.of(keys.getPublic());
  }

  @Override
  public GroupPublicKey groupPublicKey() {
    return key;
  }

  @Override
  public byte[] sign(byte[] message) {
    try {
      Signature s = Signature.getInstance(jcaAlgorithm);
      s.initSign(keys.getPrivate());
      s.update(message);
      return s.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}

package dev.mayfly.mpc.sign;

import static java.util.Objects.requireNonNull;

import dev.mayfly.common.InsecureSecretAccess;
import dev.mayfly.mpc.ciphersuite.internal.SuiteMath;
import dev.mayfly.mpc.keygen.KeyShare;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * FROST round one, commitment (RFC 9591 §5.1).
 *
 * @since 0.1.0
 */
public final class Round1 {
  private Round1() {}

  /**
   * Draws fresh hiding and binding nonces with {@code nonce_generate} (RFC 9591 §4.1: H3 of 32
   * random bytes and the signing share) and commits to them.
   *
   * <p><b>Security:</b> the nonces are single-use; keep them secret and pass them to exactly one
   * {@link Round2#sign} call. Mixing the share into the nonce hash protects against a weak
   * {@code random}.
   */
  public static SigningNonces commit(KeyShare keyShare, SecureRandom random) {
    requireNonNull(keyShare, "keyShare");
    requireNonNull(random, "random");
    byte[] hidingRandomness = new byte[32];
    byte[] bindingRandomness = new byte[32];
    random.nextBytes(hidingRandomness);
    random.nextBytes(bindingRandomness);
    try {
      return commitWithRandomness(keyShare, hidingRandomness, bindingRandomness);
    } finally {
      Arrays.fill(hidingRandomness, (byte) 0);
      Arrays.fill(bindingRandomness, (byte) 0);
    }
  }

  /** Round one with given randomness; the test vectors fix it. */
  static SigningNonces commitWithRandomness(KeyShare keyShare, byte[] hidingRandomness,
      byte[] bindingRandomness) {
    SuiteMath math = SuiteMath.of(keyShare.ciphersuite());
    byte[] secret = keyShare.signingShareBytes(InsecureSecretAccess.get());
    try {
      int[] hiding = nonceGenerate(math, hidingRandomness, secret);
      int[] binding = nonceGenerate(math, bindingRandomness, secret);
      SigningCommitments commitments = new SigningCommitments(keyShare.ciphersuite(),
          keyShare.id(), math.mulBase(hiding), math.mulBase(binding));
      return new SigningNonces(keyShare.id(), hiding, binding, commitments);
    } finally {
      Arrays.fill(secret, (byte) 0);
    }
  }

  /** nonce_generate (RFC 9591 §4.1): {@code H3(random_bytes || SerializeScalar(secret))}. */
  private static int[] nonceGenerate(SuiteMath math, byte[] randomness, byte[] secret) {
    byte[] input = new byte[randomness.length + secret.length];
    System.arraycopy(randomness, 0, input, 0, randomness.length);
    System.arraycopy(secret, 0, input, randomness.length, secret.length);
    try {
      return math.h3(input);
    } finally {
      Arrays.fill(input, (byte) 0);
    }
  }
}

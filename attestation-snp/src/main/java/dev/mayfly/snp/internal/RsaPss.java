package dev.mayfly.snp.internal;

import org.bouncycastle.crypto.digests.SHA384Digest;
import org.bouncycastle.crypto.engines.RSAEngine;
import org.bouncycastle.crypto.params.RSAKeyParameters;
import org.bouncycastle.crypto.signers.PSSSigner;

/**
 * RSASSA-PSS with SHA-384, MGF1-SHA-384 and a 48-byte salt (RFC 8017 §8.1), as AMD signs.
 * Verification only: the simulated keys of the simulation module sign on their own.
 */
public final class RsaPss {
  private static final int SALT_BYTES = 48;

  private RsaPss() {}

  /** Whether {@code signature} is a valid signature of {@code message} under {@code key}. */
  public static boolean verifySha384(RSAKeyParameters key, byte[] message, byte[] signature) {
    PSSSigner verifier = new PSSSigner(
        new RSAEngine(), new SHA384Digest(), new SHA384Digest(), SALT_BYTES);
    try {
      verifier.init(false, key);
      verifier.update(message, 0, message.length);
      return verifier.verifySignature(signature);
    } catch (RuntimeException e) {
      return false;
    }
  }
}

package dev.mayfly.transport.internal;

import org.bouncycastle.crypto.digests.SHA256Digest;

/** SHA-256 through Bouncy Castle's lightweight API (no JCA provider lookup in hot paths). */
public final class Sha256 {
  public static final int DIGEST_BYTES = 32;

  private Sha256() {}

  /** SHA-256 of the concatenation of {@code parts}. */
  public static byte[] hash(byte[]... parts) {
    SHA256Digest digest = new SHA256Digest();
    for (byte[] part : parts) {
      digest.update(part, 0, part.length);
    }
    byte[] out = new byte[DIGEST_BYTES];
    digest.doFinal(out, 0);
    return out;
  }
}

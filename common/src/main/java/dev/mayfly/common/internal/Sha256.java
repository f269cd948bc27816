package dev.mayfly.common.internal;

import static java.util.Objects.requireNonNull;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** SHA-256 for every module. Internal: not API, may change in any release. */
public final class Sha256 {
  /** The length of a digest. */
  public static final int DIGEST_BYTES = 32;

  private Sha256() {}

  /** SHA-256 of the concatenation of {@code parts}. */
  public static byte[] hash(byte[]... parts) {
    MessageDigest digest = newDigest();
    for (byte[] part : parts) {
      digest.update(requireNonNull(part, "part"));
    }
    return digest.digest();
  }

  /** A fresh SHA-256 digest, for hashing in steps. */
  public static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}

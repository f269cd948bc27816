package dev.mayfly.cert.testing;

import dev.mayfly.cert.mint.CertificateProfile;
import dev.mayfly.cert.mint.GroupPublicKey;
import java.time.Instant;
import java.util.Random;

/** Seeded sample profiles for tests. */
public final class Profiles {
  private Profiles() {}

  /** 32 bytes from a seeded generator. */
  public static byte[] bytes32(long seed) {
    byte[] bytes = new byte[32];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  /** A 2-of-3 profile for {@code key} starting at {@code start}. */
  public static CertificateProfile.Builder sample(GroupPublicKey key, Instant start) {
    return CertificateProfile.builder()
        .sessionId(bytes32(1))
        .startTime(start)
        .groupKey(key)
        .teePolicyHash(bytes32(2))
        .evidenceDigest(bytes32(3))
        .approvalsDigest(bytes32(4))
        .threshold(2, 3);
  }
}

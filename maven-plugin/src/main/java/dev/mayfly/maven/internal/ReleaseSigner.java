package dev.mayfly.maven.internal;

import dev.mayfly.common.MayflyException;
import java.util.Map;
import java.util.Set;

/** Signs a whole release in one ceremony: one approval, one key, one certificate. */
public interface ReleaseSigner {
  /**
   * Signs every artifact of {@code artifacts} (published name to content, in signing order) in
   * one session, and those named in {@code jars} also in the JAR signature format.
   *
   * @throws MayflyException with the agreed code when the ceremony aborts, the configuration is
   *     unusable or the output does not verify; nothing is returned then
   * @throws InterruptedException if interrupted while waiting for the parties
   */
  SignedRelease sign(Map<String, byte[]> artifacts, Set<String> jars)
      throws MayflyException, InterruptedException;
}

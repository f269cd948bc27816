package dev.mayfly.common;

import static java.util.Objects.requireNonNull;

import dev.mayfly.common.internal.Hex;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One artifact of a release, as approvals, proposals and evidence name it: its name and its
 * SHA-256 (DESIGN.md sections 1 and 6). A release is a list of these, with distinct names, signed
 * in one ceremony.
 *
 * <p>Immutable; the digest is copied in and out. Two values are equal when name and digest are.
 *
 * @since 0.2.0
 */
public final class ArtifactDigest {
  /** The most artifacts one release (approval, proposal, session) may list. */
  public static final int MAX_ARTIFACTS = 256;
  /** The longest name, in UTF-8 bytes. */
  public static final int MAX_NAME_BYTES = 1024;
  /** The digest length. */
  public static final int SHA256_BYTES = 32;

  private final String name;
  private final byte[] sha256;

  private ArtifactDigest(String name, byte[] sha256) {
    this.name = name;
    this.sha256 = sha256;
  }

  /**
   * The artifact {@code name} with digest {@code sha256}.
   *
   * @throws IllegalArgumentException if the name is empty, longer than {@value #MAX_NAME_BYTES}
   *     UTF-8 bytes, holds a control character or a lone surrogate, or the digest is not 32 bytes
   */
  public static ArtifactDigest create(String name, byte[] sha256) {
    requireNonNull(name, "name");
    requireNonNull(sha256, "sha256");
    String problem = nameProblem(name);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
    if (sha256.length != SHA256_BYTES) {
      throw new IllegalArgumentException("an artifact's SHA-256 is 32 bytes, got " + sha256.length);
    }
    return new ArtifactDigest(name, sha256.clone());
  }

  /**
   * Why {@code name} is not a valid artifact name, or null if it is: 1 to {@value
   * #MAX_NAME_BYTES} UTF-8 bytes, no control characters, no lone surrogates.
   */
  public static @Nullable String nameProblem(String name) {
    requireNonNull(name, "name");
    if (name.isEmpty() || name.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
      return "an artifact name must be 1 to " + MAX_NAME_BYTES + " UTF-8 bytes";
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (Character.isISOControl(c)) {
        return "an artifact name must not hold control characters";
      }
      if (Character.isHighSurrogate(c) && i + 1 < name.length()
          && Character.isLowSurrogate(name.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return "an artifact name must not hold a lone surrogate";
      }
    }
    return null;
  }

  /**
   * Checks a release list: 1 to {@value #MAX_ARTIFACTS} entries with distinct names, and returns
   * an immutable copy.
   *
   * @throws IllegalArgumentException otherwise
   */
  public static List<ArtifactDigest> checkRelease(List<ArtifactDigest> artifacts) {
    List<ArtifactDigest> copy = List.copyOf(requireNonNull(artifacts, "artifacts"));
    String problem = releaseProblem(copy);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
    return copy;
  }

  /** Why {@code artifacts} is not a valid release list, or null if it is. */
  public static @Nullable String releaseProblem(List<ArtifactDigest> artifacts) {
    if (artifacts.isEmpty() || artifacts.size() > MAX_ARTIFACTS) {
      return "a release lists 1 to " + MAX_ARTIFACTS + " artifacts, got " + artifacts.size();
    }
    Set<String> names = new HashSet<>();
    for (ArtifactDigest artifact : artifacts) {
      if (!names.add(artifact.name())) {
        return "the artifact name \"" + artifact.name() + "\" is listed twice";
      }
    }
    return null;
  }

  /**
   * Whether two release lists name the same artifacts: the same (name, digest) pairs, in any
   * order. Each list is assumed to have distinct names.
   */
  public static boolean sameRelease(List<ArtifactDigest> a, List<ArtifactDigest> b) {
    return a.size() == b.size() && Set.copyOf(a).equals(Set.copyOf(b));
  }

  /**
   * Collects the artifacts of a builder (an approval's, a proposal's) as given, and checks them
   * all at once in {@link #build()}, so that a builder's setters never throw on content.
   *
   * <p>Not thread-safe, like the builders that hold one.
   *
   * @since 0.2.0
   */
  public static final class Collector {
    private final java.util.List<String> names = new java.util.ArrayList<>();
    private final java.util.List<byte[]> digests = new java.util.ArrayList<>();

    /** An empty collector. */
    public Collector() {}

    /** One artifact, replacing any given before. */
    public void set(String name, byte[] sha256) {
      clear();
      add(name, sha256);
    }

    /** Adds one artifact after those given before. */
    public void add(String name, byte[] sha256) {
      names.add(requireNonNull(name, "name"));
      digests.add(requireNonNull(sha256, "sha256").clone());
    }

    /** The artifacts of {@code release}, in order, replacing any given before. */
    public void setAll(List<ArtifactDigest> release) {
      List<ArtifactDigest> copy = List.copyOf(requireNonNull(release, "release"));
      clear();
      copy.forEach(a -> add(a.name, a.sha256));
    }

    /** Whether nothing was given. */
    public boolean isEmpty() {
      return names.isEmpty();
    }

    private void clear() {
      names.clear();
      digests.clear();
    }

    /**
     * The release list, checked: each name and digest as {@link #create}, 1 to {@link
     * #MAX_ARTIFACTS} entries, distinct names.
     *
     * @throws IllegalArgumentException naming the first problem
     */
    public List<ArtifactDigest> build() {
      java.util.List<ArtifactDigest> release = new java.util.ArrayList<>();
      for (int i = 0; i < names.size(); i++) {
        release.add(create(names.get(i), digests.get(i)));
      }
      return checkRelease(release);
    }
  }

  /** The name (the in-toto subject name, the output files' base name). */
  public String name() {
    return name;
  }

  /** A copy of the SHA-256. */
  public byte[] sha256() {
    return sha256.clone();
  }

  /** The SHA-256 in lowercase hex. */
  public String sha256Hex() {
    return Hex.encode(sha256);
  }

  /** Whether this artifact's digest is {@code digest} (constant-time comparison). */
  public boolean hasDigest(byte[] digest) {
    return java.security.MessageDigest.isEqual(sha256, requireNonNull(digest, "digest"));
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof ArtifactDigest other && name.equals(other.name)
        && Arrays.equals(sha256, other.sha256);
  }

  @Override
  public int hashCode() {
    return name.hashCode() * 31 + Arrays.hashCode(sha256);
  }

  @Override
  public String toString() {
    return name + " sha256:" + Hex.encode(sha256);
  }
}

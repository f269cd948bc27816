package dev.mayfly.ceremony;

import static java.util.Objects.requireNonNull;

import dev.mayfly.common.ArtifactDigest;

/**
 * An artifact to sign, with its bytes: its name in the session (the in-toto subject name, the base
 * name of its output files) and its content. A release is a list of these with distinct names.
 *
 * <p>Immutable; the bytes are copied in and out.
 *
 * @since 0.2.0
 */
public final class NamedArtifact {
  private final String name;
  private final byte[] bytes;
  private final ArtifactDigest digest;

  private NamedArtifact(String name, byte[] bytes) {
    this.name = name;
    this.bytes = bytes;
    this.digest = ArtifactDigest.create(name, Document.sha256(bytes));
  }

  /**
   * The artifact {@code name} with content {@code bytes}.
   *
   * @throws IllegalArgumentException if the name is not a valid artifact name (see {@link
   *     ArtifactDigest#nameProblem})
   */
  public static NamedArtifact of(String name, byte[] bytes) {
    requireNonNull(name, "name");
    requireNonNull(bytes, "bytes");
    return new NamedArtifact(name, bytes.clone());
  }

  /** The name. */
  public String name() {
    return name;
  }

  /** A copy of the content. */
  public byte[] bytes() {
    return bytes.clone();
  }

  /** The content's length in bytes. */
  public int length() {
    return bytes.length;
  }

  /** The name and the content's SHA-256, as approvals and proposals list it. */
  public ArtifactDigest digest() {
    return digest;
  }

  @Override
  public String toString() {
    return "NamedArtifact[" + name + ", " + bytes.length + " bytes]";
  }
}

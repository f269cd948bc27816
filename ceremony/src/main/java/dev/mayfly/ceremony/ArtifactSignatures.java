package dev.mayfly.ceremony;

import static java.util.Objects.requireNonNull;

import dev.mayfly.common.ArtifactDigest;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What a session signed for one of its artifacts: the artifact (name and digest as approved), the
 * raw signature for its {@code .sig} file, and the in-toto statement naming it with the signature
 * over the statement's DSSE pre-authentication encoding (Ed25519 sessions and statement mode),
 * and for a JAR signed in the JAR format the signature over its signature block's attributes.
 *
 * <p>Immutable; arrays are copied in and out.
 *
 * @since 0.2.0
 */
public final class ArtifactSignatures {
  private final ArtifactDigest artifact;
  private final byte[] signature;
  private final byte @Nullable [] statement;
  private final byte @Nullable [] statementSignature;
  private final byte @Nullable [] jarSignature;

  ArtifactSignatures(ArtifactDigest artifact, byte[] signature, byte @Nullable [] statement,
      byte @Nullable [] statementSignature, byte @Nullable [] jarSignature) {
    this.artifact = requireNonNull(artifact, "artifact");
    this.signature = requireNonNull(signature, "signature").clone();
    this.statement = statement == null ? null : statement.clone();
    this.statementSignature = statementSignature == null ? null : statementSignature.clone();
    this.jarSignature = jarSignature == null ? null : jarSignature.clone();
  }

  /** The artifact, as the proposal names it. */
  public ArtifactDigest artifact() {
    return artifact;
  }

  /** The artifact's name. */
  public String name() {
    return artifact.name();
  }

  /**
   * The raw signature for the {@code .sig} file: over the artifact bytes in {@link
   * ArtifactMode#RAW}, over the statement's DSSE pre-authentication encoding in {@link
   * ArtifactMode#STATEMENT}.
   */
  public byte[] signature() {
    return signature.clone();
  }

  /** The in-toto statement naming this artifact, if the session signed one. */
  public Optional<byte[]> statement() {
    return Optional.ofNullable(statement).map(byte[]::clone);
  }

  /** The signature over {@link #statement()}'s DSSE pre-authentication encoding. */
  public Optional<byte[]> statementSignature() {
    return Optional.ofNullable(statementSignature).map(byte[]::clone);
  }

  /**
   * For a JAR signed in the JAR format, the signature over its signature block's signed
   * attributes ({@code JarSigningPlan.toBeSigned()}); {@link BundleAssembler} writes the signed
   * JAR from it.
   */
  public Optional<byte[]> jarSignature() {
    return Optional.ofNullable(jarSignature).map(byte[]::clone);
  }

  @Override
  public String toString() {
    return "ArtifactSignatures[" + artifact + "]";
  }
}

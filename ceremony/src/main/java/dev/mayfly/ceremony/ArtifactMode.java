package dev.mayfly.ceremony;

/**
 * What the parties sign for the artifact (DESIGN.md section 1, "Agreement on what is signed").
 *
 * @since 0.1.0
 */
public enum ArtifactMode {
  /**
   * Every party receives the artifact bytes, checks their digest and signs them, so plain {@code
   * openssl pkeyutl -verify -rawin} accepts the signature. The default up to {@link
   * CeremonyOptions#rawArtifactMaxBytes()}.
   */
  RAW,
  /**
   * The parties sign a DSSE envelope of an in-toto statement that names the artifact's SHA-256;
   * for artifacts too large to hand to every party.
   */
  STATEMENT
}

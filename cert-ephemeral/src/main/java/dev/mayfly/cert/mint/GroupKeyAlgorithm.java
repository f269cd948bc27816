package dev.mayfly.cert.mint;

import static java.util.Objects.requireNonNull;


/**
 * The signature algorithm of a group key (DESIGN.md section 7) and how it appears in X.509.
 *
 * @since 0.1.0
 */
public enum GroupKeyAlgorithm {
  /**
   * Ed25519 (RFC 8032) as produced by FROST(Ed25519, SHA-512), RFC 9591: 32-byte public keys,
   * 64-byte signatures over the message itself; X.509 algorithm id-Ed25519 (RFC 8410 §3).
   */
  ED25519("ed25519", "Ed25519", "FROST(Ed25519, SHA-512)"),

  /**
   * ECDSA over P-256 with SHA-256 (FIPS 186-5), as produced by threshold ECDSA: DER signatures;
   * X.509 algorithm ecdsa-with-SHA256 without parameters (RFC 5758 §3.2).
   */
  ECDSA_P256("ecdsa-p256", "SHA256withECDSA", "DKLs23(P-256)");

  private final String id;
  private final String jcaSignatureName;
  private final String defaultProtocol;

  GroupKeyAlgorithm(String id, String jcaSignatureName, String defaultProtocol) {
    this.id = id;
    this.jcaSignatureName = jcaSignatureName;
    this.defaultProtocol = defaultProtocol;
  }

  /** The stable name used in JSON and on the command line: {@code ed25519} or {@code ecdsa-p256}. */
  public String id() {
    return id;
  }

  /** The JCA signature algorithm name. */
  public String jcaSignatureName() {
    return jcaSignatureName;
  }

  /** The threshold protocol written into extension {@code .5} unless the profile names another. */
  public String defaultProtocol() {
    return defaultProtocol;
  }

  /**
   * The algorithm with this {@link #id()}.
   *
   * @throws IllegalArgumentException for an unknown name
   */
  public static GroupKeyAlgorithm fromId(String id) {
    requireNonNull(id, "id");
    for (GroupKeyAlgorithm algorithm : values()) {
      if (algorithm.id.equals(id)) {
        return algorithm;
      }
    }
    throw new IllegalArgumentException("unknown group key algorithm " + id);
  }
}

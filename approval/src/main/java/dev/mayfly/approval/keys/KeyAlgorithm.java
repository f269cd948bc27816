package dev.mayfly.approval.keys;

import static java.util.Objects.requireNonNull;

import java.util.Locale;

/**
 * The signature algorithms an approver key may use.
 *
 * @since 0.1.0
 */
public enum KeyAlgorithm {
  /** Ed25519 (RFC 8032 §5.1), pure mode: the signature is 64 bytes over the message itself. */
  ED25519("ed25519"),

  /**
   * ECDSA over NIST P-256 with SHA-256 (FIPS 186-5): the signature is DER
   * {@code SEQUENCE {r, s}} over the SHA-256 of the message; signing uses deterministic nonces
   * (RFC 6979 §3.2).
   */
  ECDSA_P256("ecdsa-p256");

  private final String id;

  KeyAlgorithm(String id) {
    this.id = id;
  }

  /** The stable lower-case name used in files and on the command line. */
  public String id() {
    return id;
  }

  /**
   * The algorithm named {@code id} ({@code ed25519} or {@code ecdsa-p256}, any case).
   *
   * @throws IllegalArgumentException for any other name
   */
  public static KeyAlgorithm fromId(String id) {
    requireNonNull(id, "id");
    for (KeyAlgorithm a : values()) {
      if (a.id.equals(id.toLowerCase(Locale.ROOT))) {
        return a;
      }
    }
    throw new IllegalArgumentException("unknown key algorithm \"" + id + "\", use ed25519 or ecdsa-p256");
  }
}

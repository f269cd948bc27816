package dev.mayfly.cert.mint;

/**
 * How an ephemeral certificate gets its issuer (DESIGN.md section 5).
 *
 * @since 0.1.0
 */
public enum IssuanceMode {
  /**
   * Self-signed by the group key (the default): the certificate carries no trust of its own; trust
   * comes from the evidence document its extensions pin.
   */
  SELF_ATTESTED,

  /** Issued by a certificate authority from a PKCS #10 request signed by the group key. */
  CA_ISSUED
}

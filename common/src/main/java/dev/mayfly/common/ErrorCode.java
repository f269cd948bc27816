package dev.mayfly.common;

/**
 * Every stable failure code of Mayfly.
 *
 * <p>Names are stable and are never reused or renamed; new codes are only added. Each constant's
 * Javadoc says what failed and whether retrying can help ({@link #isRetryable()}). Codes are
 * grouped by the module that raises them; the prefix names the area.
 *
 * @since 0.1.0
 */
public enum ErrorCode {
  // ---------------------------------------------------------------- transport-spi

  /** An envelope's bytes do not follow the encoding (length, version, trailing bytes). Not retryable. */
  TRANSPORT_MALFORMED_ENVELOPE(false),

  /** An envelope belongs to another session. Names the sender. Not retryable. */
  TRANSPORT_WRONG_SESSION(false),

  /** An envelope carries a protocol or round tag the receiver is not expecting. Names the sender. */
  TRANSPORT_WRONG_ROUND(false),

  /** An envelope names a sender outside the session's roster. Not retryable. */
  TRANSPORT_UNKNOWN_SENDER(false),

  /** An envelope is addressed to another party. Names the sender. Not retryable. */
  TRANSPORT_WRONG_RECIPIENT(false),

  /** An envelope's Ed25519 signature does not verify under the sender's identity key. */
  TRANSPORT_BAD_SIGNATURE(false),

  /** An envelope reuses a sequence number already seen from that sender (replay). */
  TRANSPORT_REPLAYED_SEQUENCE(false),

  /** The sender advertises a TEE policy hash other than the local pin. Names the sender. */
  TRANSPORT_POLICY_HASH_MISMATCH(false),

  /** Echo-broadcast found that a sender sent different broadcasts to different parties. */
  TRANSPORT_EQUIVOCATION(false),

  /** No message arrived before the deadline; names the silent parties. Retrying may help. */
  TRANSPORT_TIMEOUT(true),

  /** The transport was closed or cancelled; nothing more can be sent or received on it. */
  TRANSPORT_CLOSED(false),

  /** No transport was passed in and no usable provider was found by discovery. */
  TRANSPORT_NO_PROVIDER(false),


  // ---------------------------------------------------------------- mpc-core

  // ---------------------------------------------------------------- attestation-snp

  // ---------------------------------------------------------------- cert-ephemeral

  /** The threshold signing function failed to produce a signature; see culprits(). A new session may succeed. */
  CERT_SIGNING_FAILED(false),

  /** A signature (certificate, CSR or artifact) does not verify under the group or issuer key. Not retryable. */
  CERT_SIGNATURE_INVALID(false),

  /** A certificate signing request is malformed, badly signed or asks for another profile. Not retryable. */
  CERT_CSR_INVALID(false),

  /** The issuer returned a certificate that does not match the request (key, extensions, validity, chain). */
  CERT_ISSUED_CERTIFICATE_INVALID(false),

  /** The time-stamping authority could not be reached or answered with an HTTP error. Retrying may help. */
  CERT_TSA_UNAVAILABLE(true),

  /** The time-stamping authority refused the request (PKIStatus rejection). Not retryable as is. */
  CERT_TSA_REJECTED(false),

  /** An RFC 3161 timestamp is malformed, untrusted, badly signed, or over other data. Not retryable. */
  CERT_TIMESTAMP_INVALID(false),

  /** The timestamp's time lies outside the certificate's validity window. Not retryable. */
  CERT_TIMESTAMP_OUTSIDE_VALIDITY(false),

  /** The bundle has no timestamp and the verifier requires one. Not retryable. */
  CERT_TIMESTAMP_MISSING(false),

  /** The certificate is not valid at the verification time and no timestamp vouches for it. Not retryable. */
  CERT_EXPIRED(false),

  /** A Sigstore bundle or trusted root cannot be parsed or breaks the bundle rules. Not retryable. */
  CERT_BUNDLE_MALFORMED(false),

  /** The certificate breaks the ephemeral certificate profile (key usage, validity cap, extensions). */
  CERT_PROFILE_VIOLATION(false),

  /** A CA-issued certificate does not chain to a trusted certificate authority. Not retryable. */
  CERT_CHAIN_UNTRUSTED(false),

  /** The artifact's digest differs from the one the bundle or statement signs. Not retryable. */
  CERT_ARTIFACT_MISMATCH(false),

  /** The signature over the artifact (or its DSSE statement) does not verify under the certificate's key. */
  CERT_ARTIFACT_SIGNATURE_INVALID(false),

  /** An evidence document cannot be parsed or has an unknown version. Not retryable. */
  CERT_EVIDENCE_MALFORMED(false),

  /** The evidence document's session part does not hash to the digest it states. Not retryable. */
  CERT_EVIDENCE_TAMPERED(false),

  /** The certificate's evidence digest extension differs from the evidence document's digest. */
  CERT_EVIDENCE_DIGEST_MISMATCH(false),

  /** The certificate's approvals digest extension differs from the digest of the evidence's approvals. */
  CERT_APPROVALS_DIGEST_MISMATCH(false),

  /** A Mayfly extension (session id, threshold) differs from the evidence document. Not retryable. */
  CERT_EXTENSION_MISMATCH(false),

  /** The TEE policy hash (certificate, evidence or policy document) differs from the pin. Not retryable. */
  CERT_POLICY_HASH_MISMATCH(false),

  /** A party's attestation report does not bind the session keys it claims; see culprits(). */
  CERT_REPORT_DATA_MISMATCH(false),

  /** A party's destruction receipt is missing, invalid or bound to another transcript; see culprits(). */
  CERT_DESTRUCTION_RECEIPT_INVALID(false),

  /** The evidence is simulated and the verifier was not told to accept simulated evidence. */
  CERT_SIMULATED_EVIDENCE_REFUSED(false),

  // ---------------------------------------------------------------- ceremony

  // ---------------------------------------------------------------- approval

  /**
   * An approval input does not follow its format: DSSE envelope JSON, in-toto statement, approval
   * predicate, approver set or policy file, or an approver key (PEM, SPKI, PKCS#8). Not retryable.
   */
  APPROVAL_MALFORMED(false),

  /** A DSSE signature does not verify under the approver key it names (or any trusted key). */
  APPROVAL_BAD_SIGNATURE(false),

  /**
   * An approval names a key id that is not in the configured approver set, or names an approver id
   * other than the one configured for the key that signed it. Not retryable.
   */
  APPROVAL_UNKNOWN_APPROVER(false),

  /** An approval is for another artifact: its subject name or sha256 digest differs. */
  APPROVAL_WRONG_DIGEST(false),

  /** An approval names a TEE policy hash other than the one the ceremony pins. Not retryable. */
  APPROVAL_WRONG_POLICY(false),

  /** The check time is after the approval's notAfter; a fresh approval is needed. */
  APPROVAL_EXPIRED(false),

  /** The check time is before the approval's notBefore. Retrying later can help. */
  APPROVAL_NOT_YET_VALID(true),

  /** A second approval from an approver key or approver id that already counted. Not retryable. */
  APPROVAL_DUPLICATE_APPROVER(false),

  /**
   * Fewer distinct configured approvers than the quorum approved, and the discounted approvals (if
   * any) are too few to explain the shortfall: approvals are missing. Not retryable as is.
   */
  APPROVAL_QUORUM_NOT_MET(false),

  ;

  private final boolean retryable;

  ErrorCode(boolean retryable) {
    this.retryable = retryable;
  }

  /**
   * Whether the same operation may succeed when tried again (an outage, a timeout), as opposed to
   * input that will always be refused.
   */
  public boolean isRetryable() {
    return retryable;
  }
}

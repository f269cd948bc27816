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

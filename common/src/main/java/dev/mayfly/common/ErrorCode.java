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

  /**
   * An envelope's (or an echo's) bytes do not follow the encoding: wrong length, version, field
   * range or trailing bytes. Names the party the bytes came from. Not retryable.
   */
  TRANSPORT_MALFORMED_ENVELOPE(false),

  /** A signed envelope belongs to another session. Names the sender. Not retryable. */
  TRANSPORT_WRONG_SESSION(false),

  /**
   * A signed envelope is for an earlier round, a round not in the receiver's schedule, or a round
   * its sender takes no part in. Names the sender. Not retryable.
   */
  TRANSPORT_WRONG_ROUND(false),

  /**
   * An envelope names a sender outside the session's roster, the receiver itself, or a party whose
   * identity key is not admitted. Names the party the bytes came from. Not retryable.
   */
  TRANSPORT_UNKNOWN_SENDER(false),

  /** A signed envelope is addressed to another party. Names the sender. Not retryable. */
  TRANSPORT_WRONG_RECIPIENT(false),

  /**
   * An envelope's Ed25519 signature does not verify under the sender's identity key (forged or
   * corrupted in transit). Names the party the bytes came from. Not retryable.
   */
  TRANSPORT_BAD_SIGNATURE(false),

  /**
   * A sender signed two different envelopes with one sequence number (replay). Names the sender.
   * Not retryable.
   */
  TRANSPORT_REPLAYED_SEQUENCE(false),

  /** The sender advertises a TEE policy hash other than the local pin. Names the sender. Not retryable. */
  TRANSPORT_POLICY_HASH_MISMATCH(false),

  /**
   * A sender sent different envelopes for one round: echo broadcast found that parties saw
   * different broadcasts, or one receiver got two. Names the sender(s). Not retryable.
   */
  TRANSPORT_EQUIVOCATION(false),

  /** No message arrived before the deadline; names the silent parties. Retrying may help. */
  TRANSPORT_TIMEOUT(true),

  /** The transport was closed or cancelled; nothing more can be sent or received on it. Not retryable. */
  TRANSPORT_CLOSED(false),

  /**
   * No transport was passed in and no usable provider was found by discovery; the message says
   * what to add. Not retryable.
   */
  TRANSPORT_NO_PROVIDER(false),

  /**
   * A party sent more envelopes for rounds not reached yet than the receiver buffers (flooding).
   * Names the party the bytes came from. Not retryable.
   */
  TRANSPORT_TOO_MANY_MESSAGES(false),


  // ---------------------------------------------------------------- mpc-core

  // ---------------------------------------------------------------- attestation-snp

  // ---------------------------------------------------------------- cert-ephemeral

  // ---------------------------------------------------------------- ceremony

  // ---------------------------------------------------------------- approval

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

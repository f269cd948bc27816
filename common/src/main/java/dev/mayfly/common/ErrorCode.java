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

  /**
   * A protocol message's bytes do not follow its encoding: unknown format version or message
   * type, wrong length, trailing bytes, or a commitment count that differs from the threshold.
   * Names the sender when the header could be read. Not retryable.
   */
  MPC_MALFORMED_MESSAGE(false),

  /** A message names another ciphersuite than the session runs. Names the sender. Not retryable. */
  MPC_WRONG_CIPHERSUITE(false),

  /**
   * A group element is not the canonical encoding of a point of the prime-order group, or is the
   * identity or a small-order point (RFC 9591 §4, DeserializeElement). Names the sender. Not
   * retryable.
   */
  MPC_INVALID_ELEMENT(false),

  /**
   * A scalar is not a canonical encoding below the group order (RFC 9591 §4, DeserializeScalar).
   * Names the sender. Not retryable.
   */
  MPC_INVALID_SCALAR(false),

  /**
   * A message came from a party outside the roster or signer set, repeats a sender already heard
   * in that round, is addressed to another party, or arrived in a state that cannot take it.
   * Names the sender. Not retryable.
   */
  MPC_UNEXPECTED_MESSAGE(false),

  /** A DKG round-1 Schnorr proof of knowledge does not verify. Names the sender. Not retryable. */
  MPC_INVALID_PROOF_OF_KNOWLEDGE(false),

  /**
   * A DKG round-2 secret share does not match its sender's Feldman commitments. Names the sender.
   * Not retryable.
   */
  MPC_INVALID_SECRET_SHARE(false),

  /**
   * A FROST signature share fails verification (RFC 9591 §5.4); the culprits are the signers whose
   * shares failed. Not retryable with the same shares.
   */
  MPC_INVALID_SIGNATURE_SHARE(false),

  /**
   * A signing package is inconsistent: the signer's own commitment is missing or different, a
   * signer is listed twice or is not in the key, or fewer than the threshold sign. Not retryable.
   */
  MPC_INVALID_SIGNING_PACKAGE(false),

  /** A Schnorr signature does not verify under the given public key. Not retryable. */
  MPC_INVALID_SIGNATURE(false),

  /**
   * Single-use signing nonces were used a second time (or after they were destroyed); names the
   * party whose nonces they were. Not retryable: start a new signing session with fresh nonces.
   */
  MPC_NONCE_REUSED(false),

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

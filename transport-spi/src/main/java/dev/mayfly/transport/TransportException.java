package dev.mayfly.transport;

import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.MayflyException;
import dev.mayfly.common.PartyId;
import java.util.List;

/**
 * A message could not be sent, received or accepted: a malformed or forged envelope, a wrong
 * session or round, a replay, an equivocation, a timeout, a closed transport, or no transport at
 * all.
 *
 * <p>{@link #culprits()} names a party only when there is proof: the signed envelopes in {@link
 * #evidence()} that show the fault, which anyone holding the sender's identity key can check
 * again. A timeout names the silent parties as the receiver's unproven report. Bytes that could not
 * be authenticated name nobody ({@link EnvelopeVerifier}); {@link Inbox} drops and counts them.
 * {@link #isRetryable()} is true only for {@link ErrorCode#TRANSPORT_TIMEOUT}.
 *
 * @since 0.1.0
 */
public class TransportException extends MayflyException {
  private static final long serialVersionUID = 1L;

  private final transient List<Envelope> evidence;

  /** A failure with no party to blame. */
  public TransportException(ErrorCode code, String message) {
    super(code, message);
    this.evidence = List.of();
  }

  /** A failure with no party to blame, wrapping a lower-level cause. */
  public TransportException(ErrorCode code, String message, Throwable cause) {
    super(code, message, cause);
    this.evidence = List.of();
  }

  /** A failure blamed on one party. */
  public TransportException(ErrorCode code, String message, PartyId culprit) {
    super(code, message, List.of(culprit), null);
    this.evidence = List.of();
  }

  /** A failure blamed on several parties (sorted and deduplicated in {@link #culprits()}). */
  public TransportException(ErrorCode code, String message, List<PartyId> culprits) {
    super(code, message, culprits, null);
    this.evidence = List.of();
  }

  /** A failure blamed on several parties, wrapping a lower-level cause. */
  public TransportException(
      ErrorCode code, String message, List<PartyId> culprits, Throwable cause) {
    super(code, message, culprits, cause);
    this.evidence = List.of();
  }

  /**
   * A provable fault of {@code culprit}: {@code evidence} are the envelopes it signed that show
   * the fault.
   */
  public TransportException(
      ErrorCode code, String message, PartyId culprit, List<Envelope> evidence) {
    super(code, message, List.of(culprit), null);
    this.evidence = List.copyOf(evidence);
  }

  /**
   * The signed envelopes that prove the fault of {@link #culprits()}, as received; empty when the
   * exception names nobody or only reports (a timeout).
   */
  public List<Envelope> evidence() {
    return evidence == null ? List.of() : evidence;
  }
}

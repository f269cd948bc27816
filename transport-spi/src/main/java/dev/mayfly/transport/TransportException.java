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
 * <p>{@link #culprits()} names the parties to blame: for checks made after the signature verified,
 * the authenticated sender; for bytes that could not be authenticated (malformed, unknown sender,
 * bad signature), the party the transport received them from; for a timeout, the silent parties.
 * {@link #isRetryable()} is true only for {@link ErrorCode#TRANSPORT_TIMEOUT}.
 *
 * @since 0.1.0
 */
public class TransportException extends MayflyException {
  private static final long serialVersionUID = 1L;

  /** A failure with no party to blame. */
  public TransportException(ErrorCode code, String message) {
    super(code, message);
  }

  /** A failure with no party to blame, wrapping a lower-level cause. */
  public TransportException(ErrorCode code, String message, Throwable cause) {
    super(code, message, cause);
  }

  /** A failure blamed on one party. */
  public TransportException(ErrorCode code, String message, PartyId culprit) {
    super(code, message, List.of(culprit), null);
  }

  /** A failure blamed on several parties (sorted and deduplicated in {@link #culprits()}). */
  public TransportException(ErrorCode code, String message, List<PartyId> culprits) {
    super(code, message, culprits, null);
  }

  /** A failure blamed on several parties, wrapping a lower-level cause. */
  public TransportException(
      ErrorCode code, String message, List<PartyId> culprits, Throwable cause) {
    super(code, message, culprits, cause);
  }
}

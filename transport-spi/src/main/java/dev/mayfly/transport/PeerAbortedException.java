package dev.mayfly.transport;

import static java.util.Objects.requireNonNull;

import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.PartyId;

/**
 * A peer's authenticated abort envelope arrived while collecting a round: the peer gave up on
 * the session, and so should the receiver.
 *
 * <p>The code is always {@link ErrorCode#TRANSPORT_PEER_ABORTED} and {@link #culprits()} is
 * empty: the reporter is not to blame for reporting. What the peer reported (its own error code
 * and culprits) is in {@link #abortEnvelope()}'s payload, whose format belongs to the protocol on
 * top (the ceremony).
 *
 * @since 0.1.0
 */
public final class PeerAbortedException extends TransportException {
  private static final long serialVersionUID = 1L;

  private final transient VerifiedEnvelope abortEnvelope;

  /** Wraps the verified abort envelope of {@code abortEnvelope.sender()}. */
  public PeerAbortedException(VerifiedEnvelope abortEnvelope) {
    super(ErrorCode.TRANSPORT_PEER_ABORTED,
        requireNonNull(abortEnvelope, "abortEnvelope").sender() + " aborted the session");
    this.abortEnvelope = abortEnvelope;
  }

  /** The party that announced the abort. */
  public PartyId reporter() {
    return abortEnvelope.sender();
  }

  /** The verified abort envelope; its payload says why the peer aborted. */
  public VerifiedEnvelope abortEnvelope() {
    return abortEnvelope;
  }
}

package dev.mayfly.transport;

import static java.util.Objects.requireNonNull;

import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.PartyId;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * A peer's authenticated abort envelope arrived while collecting a round: the peer gave up on
 * the session, and so should the receiver (see {@link Inbox#nextAbort} for the ones that follow).
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
  private final List<PartyId> awaited;

  /**
   * Wraps the verified abort envelope of {@code abortEnvelope.sender()}.
   *
   * @param awaited the parties the interrupted collection was still waiting for
   */
  public PeerAbortedException(VerifiedEnvelope abortEnvelope, Collection<PartyId> awaited) {
    super(ErrorCode.TRANSPORT_PEER_ABORTED,
        requireNonNull(abortEnvelope, "abortEnvelope").sender() + " aborted the session");
    this.abortEnvelope = abortEnvelope;
    this.awaited = List.copyOf(new TreeSet<>(requireNonNull(awaited, "awaited")));
  }

  /**
   * The parties the interrupted collection was still waiting for, ascending: the receiver's own
   * view of who was silent when the announcement arrived.
   */
  public List<PartyId> awaited() {
    return awaited;
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

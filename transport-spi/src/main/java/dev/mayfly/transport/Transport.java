package dev.mayfly.transport;

import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.PartyId;
import java.time.Duration;
import java.util.List;

/**
 * Moves signed envelopes between the parties of a session: one party's endpoint.
 *
 * <p>A transport only carries bytes. It does not verify envelopes, order them, or remove
 * duplicates; {@link Inbox} does that on top of any transport. What every implementation must
 * guarantee (and {@code TransportConformanceTest} checks):
 *
 * <ul>
 *   <li>{@link #send} delivers the envelope's encoding to its recipient only; {@link #broadcast}
 *       delivers it to every peer, not to the sender itself;
 *   <li>{@link #receive} returns each delivered frame to exactly one caller, blocks at most until
 *       its timeout and then throws {@link ErrorCode#TRANSPORT_TIMEOUT};
 *   <li>concurrent senders and receivers lose nothing;
 *   <li>after {@link #close()} (the way to cancel), every call fails fast with {@link
 *       ErrorCode#TRANSPORT_CLOSED}, and receivers blocked at that moment wake up with it.
 * </ul>
 *
 * <p>Delivery may be delayed, reordered, duplicated or lost; callers treat those as faults that
 * end in a timeout or are ignored as duplicates. Mistakes of the caller (an envelope from another
 * sender, to an unknown party) throw {@link IllegalArgumentException}.
 *
 * <p><b>Security:</b> a transport is not trusted with anything but availability. Payloads of
 * point-to-point secrets are encrypted by the caller before they are put in an envelope.
 *
 * <p>Thread-safety: implementations must be safe for concurrent use by any number of threads.
 *
 * @since 0.1.0
 */
public interface Transport extends AutoCloseable {
  /** The local party. */
  PartyId self();

  /** Every other party this transport can reach, in ascending order. */
  List<PartyId> peers();

  /**
   * Sends a point-to-point envelope to its recipient.
   *
   * @throws IllegalArgumentException if the envelope is a broadcast, its sender is not
   *     {@link #self()}, or its recipient is not one of {@link #peers()}
   * @throws TransportException {@link ErrorCode#TRANSPORT_CLOSED} after {@link #close()}, or a
   *     transport-specific failure to hand the bytes over
   */
  void send(Envelope envelope) throws TransportException;

  /**
   * Sends a broadcast envelope to every peer.
   *
   * @throws IllegalArgumentException if the envelope is not a broadcast or its sender is not
   *     {@link #self()}
   * @throws TransportException {@link ErrorCode#TRANSPORT_CLOSED} after {@link #close()}, or a
   *     transport-specific failure to hand the bytes over
   */
  void broadcast(Envelope envelope) throws TransportException;

  /**
   * Returns the next frame delivered to this party, waiting at most {@code timeout}.
   * {@link Duration#ZERO} polls without waiting.
   *
   * @throws IllegalArgumentException if {@code timeout} is negative
   * @throws TransportException {@link ErrorCode#TRANSPORT_TIMEOUT} (retryable, no culprit) when
   *     nothing arrived in time; {@link ErrorCode#TRANSPORT_CLOSED} after or during
   *     {@link #close()}
   * @throws InterruptedException if the waiting thread is interrupted
   */
  Frame receive(Duration timeout) throws TransportException, InterruptedException;

  /** Whether {@link #close()} was called. */
  boolean isClosed();

  /**
   * Closes this endpoint and cancels every pending {@link #receive}. Idempotent; never throws.
   * Frames not yet received are discarded.
   */
  @Override
  void close();
}

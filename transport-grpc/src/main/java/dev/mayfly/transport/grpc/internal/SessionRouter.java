package dev.mayfly.transport.grpc.internal;

import static java.util.Objects.requireNonNull;

import dev.mayfly.common.PartyId;
import dev.mayfly.transport.Envelope;
import dev.mayfly.transport.Frame;
import dev.mayfly.transport.SessionId;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Routes the frames a node receives to the session endpoints by the session id in the envelope
 * header (bytes 1..32 of format version 1); it reads nothing else of the envelope: the session's
 * {@code Inbox} checks the rest.
 *
 * <p>Frames of a session not opened yet wait in a pending buffer, bounded per session (the
 * per-session frame limit), in total (a byte budget shared with the open sessions' mailboxes,
 * and a number of pending sessions) and in time (the pending timeout); beyond a bound a frame is
 * refused, after the timeout it is dropped, and both are counted. Frames of a session closed on
 * this node are dropped. Thread-safe.
 */
public final class SessionRouter {
  /** How many closed session ids are remembered, to drop their late frames. */
  static final int REMEMBERED_CLOSED = 4096;

  /** What became of one routed frame. */
  public enum Outcome {
    /** Queued for an open session. */
    DELIVERED,
    /** Held for a session not opened yet. */
    BUFFERED,
    /** Discarded: the session was closed here. */
    DROPPED,
    /** Refused: a bound is reached. */
    FULL,
    /** Refused: the origin is not a party of the open session. */
    NOT_MEMBER,
    /** Refused: too short, too long or not format version 1. */
    MALFORMED
  }

  private record Pending(PartyId origin, byte[] bytes, long arrivedNanos) {}

  private final PartyId self;
  private final int maxFramesPerSession;
  private final long maxBufferedBytes;
  private final int maxPendingSessions;
  private final long pendingTimeoutNanos;
  private final EnvelopeSender sender;

  private final Object lock = new Object();
  // Guarded by lock.
  private final Map<SessionId, SessionTransport> open = new HashMap<>();
  private final Map<SessionId, ArrayDeque<Pending>> pending = new LinkedHashMap<>();
  private final LinkedHashMap<SessionId, Boolean> closed = new LinkedHashMap<>() {
    private static final long serialVersionUID = 1L;

    @Override
    protected boolean removeEldestEntry(Map.Entry<SessionId, Boolean> eldest) {
      return size() > REMEMBERED_CLOSED;
    }
  };
  private boolean shutDown;

  private final AtomicLong bufferedBytes = new AtomicLong();
  private final AtomicLong delivered = new AtomicLong();
  private final AtomicLong buffered = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong refused = new AtomicLong();

  /** A router for the node of {@code self} with these bounds. */
  public SessionRouter(PartyId self, int maxFramesPerSession, long maxBufferedBytes,
      int maxPendingSessions, Duration pendingTimeout, EnvelopeSender sender) {
    this.self = requireNonNull(self, "self");
    this.maxFramesPerSession = maxFramesPerSession;
    this.maxBufferedBytes = maxBufferedBytes;
    this.maxPendingSessions = maxPendingSessions;
    this.pendingTimeoutNanos = pendingTimeout.toNanos();
    this.sender = requireNonNull(sender, "sender");
  }

  /**
   * Opens the endpoint of session {@code id} for {@code parties} (sorted, the local party
   * included) and hands it the frames buffered for it from those parties.
   *
   * @throws IllegalStateException if the session is open or was opened before on this node, or
   *     the router is shut down
   */
  public SessionTransport open(SessionId id, List<PartyId> parties) {
    requireNonNull(id, "id");
    synchronized (lock) {
      if (shutDown) {
        throw new IllegalStateException("the node is closed");
      }
      if (open.containsKey(id) || closed.containsKey(id)) {
        throw new IllegalStateException(id + " was already opened on this node");
      }
      SessionTransport transport =
          new SessionTransport(id, self, parties, maxFramesPerSession, sender, this);
      ArrayDeque<Pending> early = pending.remove(id);
      if (early != null) {
        long now = System.nanoTime();
        for (Pending frame : early) {
          boolean fresh = now - frame.arrivedNanos() <= pendingTimeoutNanos;
          if (!fresh || !parties.contains(frame.origin())
              || !transport.offer(Frame.of(frame.origin(), frame.bytes()))) {
            discard(frame.bytes().length);
          }
        }
      }
      open.put(id, transport);
      return transport;
    }
  }

  /** Routes bytes that arrived from {@code origin}. */
  public Outcome route(PartyId origin, byte[] bytes) {
    SessionId id = sessionIdOf(bytes);
    if (id == null) {
      refused.incrementAndGet();
      return Outcome.MALFORMED;
    }
    synchronized (lock) {
      SessionTransport transport = open.get(id);
      if (transport != null) {
        return deliver(transport, origin, bytes);
      }
      if (shutDown || closed.containsKey(id)) {
        dropped.incrementAndGet();
        return Outcome.DROPPED;
      }
      ArrayDeque<Pending> queue = pending.get(id);
      if (queue == null) {
        if (pending.size() >= maxPendingSessions) {
          sweepLocked(System.nanoTime());
        }
        if (pending.size() >= maxPendingSessions) {
          return refuse();
        }
        queue = new ArrayDeque<>();
      }
      if (queue.size() >= maxFramesPerSession || !reserve(bytes.length)) {
        return refuse();
      }
      queue.add(new Pending(origin, bytes, System.nanoTime()));
      pending.putIfAbsent(id, queue);
      buffered.incrementAndGet();
      return Outcome.BUFFERED;
    }
  }

  private Outcome deliver(SessionTransport transport, PartyId origin, byte[] bytes) {
    if (!transport.parties().contains(origin)) {
      refused.incrementAndGet();
      return Outcome.NOT_MEMBER;
    }
    if (!reserve(bytes.length)) {
      return refuse();
    }
    if (!transport.offer(Frame.of(origin, bytes))) {
      bufferedBytes.addAndGet(-bytes.length);
      if (transport.isClosed()) {
        dropped.incrementAndGet();
        return Outcome.DROPPED;
      }
      return refuse();
    }
    delivered.incrementAndGet();
    return Outcome.DELIVERED;
  }

  private Outcome refuse() {
    refused.incrementAndGet();
    return Outcome.FULL;
  }

  private boolean reserve(int length) {
    while (true) {
      long now = bufferedBytes.get();
      if (now + length > maxBufferedBytes) {
        return false;
      }
      if (bufferedBytes.compareAndSet(now, now + length)) {
        return true;
      }
    }
  }

  private void discard(int length) {
    bufferedBytes.addAndGet(-length);
    dropped.incrementAndGet();
  }

  /** The session id of a version-1 envelope of plausible length, or null. */
  static SessionId sessionIdOf(byte[] bytes) {
    if (bytes.length < Envelope.MIN_ENCODED_BYTES || bytes.length > Envelope.MAX_ENCODED_BYTES
        || bytes[0] != Envelope.FORMAT_VERSION) {
      return null;
    }
    return SessionId.create(Arrays.copyOfRange(bytes, 1, 1 + SessionId.LENGTH_BYTES));
  }

  /** A session endpoint handed a frame to its caller; its bytes leave the budget. */
  void release(int length) {
    bufferedBytes.addAndGet(-length);
  }

  /** A session endpoint closed, discarding {@code mailboxBytes} of unread frames. */
  void closed(SessionId id, long mailboxBytes) {
    bufferedBytes.addAndGet(-mailboxBytes);
    synchronized (lock) {
      open.remove(id);
      closed.put(id, Boolean.TRUE);
    }
  }

  /** Drops pending frames older than the pending timeout. */
  public void sweep() {
    synchronized (lock) {
      sweepLocked(System.nanoTime());
    }
  }

  private void sweepLocked(long now) {
    Iterator<ArrayDeque<Pending>> queues = pending.values().iterator();
    while (queues.hasNext()) {
      ArrayDeque<Pending> queue = queues.next();
      while (!queue.isEmpty() && now - queue.peek().arrivedNanos() > pendingTimeoutNanos) {
        discard(queue.poll().bytes().length);
      }
      if (queue.isEmpty()) {
        queues.remove();
      }
    }
  }

  /** Closes every open session endpoint and drops every pending frame; routes nothing after. */
  public void shutDown() {
    List<SessionTransport> endpoints;
    synchronized (lock) {
      shutDown = true;
      endpoints = new ArrayList<>(open.values());
      pending.values().forEach(q -> q.forEach(p -> discard(p.bytes().length)));
      pending.clear();
    }
    endpoints.forEach(SessionTransport::close);
  }

  /** Frames queued for open sessions so far. */
  public long delivered() {
    return delivered.get();
  }

  /** Frames held for sessions not opened yet so far. */
  public long buffered() {
    return buffered.get();
  }

  /** Frames dropped so far: expired while pending, for closed sessions, or from non-members. */
  public long dropped() {
    return dropped.get();
  }

  /** Frames refused so far: malformed, from a non-member, or over a bound. */
  public long refused() {
    return refused.get();
  }

  /** Bytes held now in mailboxes and pending buffers. */
  public long bufferedBytes() {
    return bufferedBytes.get();
  }
}

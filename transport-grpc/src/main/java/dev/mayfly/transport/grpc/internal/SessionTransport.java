package dev.mayfly.transport.grpc.internal;

import static java.util.Objects.requireNonNull;

import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.PartyId;
import dev.mayfly.transport.Envelope;
import dev.mayfly.transport.Frame;
import dev.mayfly.transport.SessionId;
import dev.mayfly.transport.Transport;
import dev.mayfly.transport.TransportArguments;
import dev.mayfly.transport.TransportException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One session's endpoint on a party node: sends go over the node's per-peer links, and the
 * router puts the frames of this session (by the session id in their header) into a bounded
 * mailbox that {@link #receive} drains.
 *
 * <p>Thread-safe. Closing it forgets its frames and does not touch the node or other sessions.
 */
public final class SessionTransport implements Transport {
  private final SessionId sessionId;
  private final PartyId self;
  private final List<PartyId> parties;
  private final List<PartyId> peers;
  private final int maxFrames;
  private final EnvelopeSender sender;
  private final SessionRouter router;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition arrived = lock.newCondition();
  // Guarded by lock.
  private final ArrayDeque<Frame> mailbox = new ArrayDeque<>();
  private long mailboxBytes;
  private volatile boolean closed;

  SessionTransport(SessionId sessionId, PartyId self, List<PartyId> parties, int maxFrames,
      EnvelopeSender sender, SessionRouter router) {
    this.sessionId = sessionId;
    this.self = self;
    this.parties = List.copyOf(parties);
    this.peers = parties.stream().filter(p -> !p.equals(self)).toList();
    this.maxFrames = maxFrames;
    this.sender = sender;
    this.router = router;
  }

  /** The session this endpoint belongs to. */
  public SessionId sessionId() {
    return sessionId;
  }

  /** Every party of the session, the local one included, ascending. */
  public List<PartyId> parties() {
    return parties;
  }

  @Override
  public PartyId self() {
    return self;
  }

  @Override
  public List<PartyId> peers() {
    return peers;
  }

  @Override
  public void send(Envelope envelope) throws TransportException {
    requireNonNull(envelope, "envelope");
    checkOpen();
    checkSession(envelope);
    PartyId recipient = TransportArguments.recipientOf(envelope, self, peers);
    sender.deliver(recipient, envelope.encode());
  }

  @Override
  public void broadcast(Envelope envelope) throws TransportException {
    requireNonNull(envelope, "envelope");
    checkOpen();
    checkSession(envelope);
    TransportArguments.requireBroadcast(envelope, self);
    sender.deliverToAll(peers, envelope.encode());
  }

  private void checkSession(Envelope envelope) {
    if (!envelope.sessionId().equals(sessionId)) {
      throw new IllegalArgumentException(
          "envelope belongs to " + envelope.sessionId() + ", this transport to " + sessionId);
    }
  }

  private void checkOpen() throws TransportException {
    if (closed) {
      throw new TransportException(ErrorCode.TRANSPORT_CLOSED,
          "transport of " + self + " for " + sessionId + " is closed");
    }
  }

  /** Queues a frame the router accepted; false if closed or full (the caller keeps the bytes). */
  boolean offer(Frame frame) {
    lock.lock();
    try {
      if (closed || mailbox.size() >= maxFrames) {
        return false;
      }
      mailbox.add(frame);
      mailboxBytes += frame.length();
      arrived.signalAll();
      return true;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Frame receive(Duration timeout) throws TransportException, InterruptedException {
    requireNonNull(timeout, "timeout");
    if (timeout.isNegative()) {
      throw new IllegalArgumentException("timeout must not be negative, got " + timeout);
    }
    long deadline = System.nanoTime() + saturatedNanos(timeout);
    lock.lockInterruptibly();
    try {
      while (true) {
        checkOpen();
        Frame head = mailbox.poll();
        if (head != null) {
          mailboxBytes -= head.length();
          router.release(head.length());
          return head;
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new TransportException(ErrorCode.TRANSPORT_TIMEOUT, "nothing arrived for "
              + self + " in " + sessionId + " within " + timeout.toMillis() + " ms");
        }
        arrived.await(left, TimeUnit.NANOSECONDS);
      }
    } finally {
      lock.unlock();
    }
  }

  private static long saturatedNanos(Duration timeout) {
    try {
      return Math.min(timeout.toNanos(), Long.MAX_VALUE / 4);
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE / 4;
    }
  }

  @Override
  public boolean isClosed() {
    return closed;
  }

  @Override
  public void close() {
    long released;
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      released = mailboxBytes;
      mailboxBytes = 0;
      mailbox.clear();
      arrived.signalAll();
    } finally {
      lock.unlock();
    }
    router.closed(sessionId, released);
  }

  @Override
  public String toString() {
    return "GrpcTransport[" + self + ", " + sessionId + (closed ? ", closed" : "") + "]";
  }
}

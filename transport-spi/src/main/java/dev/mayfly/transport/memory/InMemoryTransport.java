package dev.mayfly.transport.memory;

import static java.util.Objects.requireNonNull;

import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.PartyId;
import dev.mayfly.transport.Envelope;
import dev.mayfly.transport.Frame;
import dev.mayfly.transport.Transport;
import dev.mayfly.transport.TransportArguments;
import dev.mayfly.transport.TransportException;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One party's endpoint on an {@link InMemoryNetwork}: a mailbox ordered by delivery time, with no
 * threads of its own (delays are waited out by the receiver).
 */
final class InMemoryTransport implements Transport {
  private final InMemoryNetwork network;
  private final PartyId self;
  private final List<PartyId> peers;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  // Guarded by lock.
  private final PriorityQueue<Queued> mailbox = new PriorityQueue<>(Queued.ORDER);
  private long arrivals;
  private volatile boolean closed;

  private record Queued(PartyId origin, byte[] bytes, long deliverAtNanos, long orderKey,
      long arrival) {
    static final Comparator<Queued> ORDER = (a, b) -> {
      int c = Long.compare(a.deliverAtNanos - b.deliverAtNanos, 0);
      if (c == 0) {
        c = Long.compare(a.orderKey, b.orderKey);
      }
      return c != 0 ? c : Long.compare(a.arrival, b.arrival);
    };
  }

  InMemoryTransport(InMemoryNetwork network, PartyId self, List<PartyId> peers) {
    this.network = network;
    this.self = self;
    this.peers = List.copyOf(peers);
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
    PartyId recipient = TransportArguments.recipientOf(envelope, self, peers);
    network.dispatch(self, envelope, List.of(recipient));
  }

  @Override
  public void broadcast(Envelope envelope) throws TransportException {
    requireNonNull(envelope, "envelope");
    checkOpen();
    TransportArguments.requireBroadcast(envelope, self);
    network.dispatch(self, envelope, peers);
  }

  private void checkOpen() throws TransportException {
    if (closed) {
      throw new TransportException(ErrorCode.TRANSPORT_CLOSED, "transport of " + self + " is closed");
    }
  }

  /** Queues bytes from {@code origin}; discarded if this endpoint is closed. */
  void enqueue(PartyId origin, byte[] bytes, long deliverAtNanos, long orderKey) {
    lock.lock();
    try {
      if (closed) {
        return;
      }
      mailbox.add(new Queued(origin, bytes, deliverAtNanos, orderKey, arrivals++));
      changed.signalAll();
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
    long start = System.nanoTime();
    long budget = saturatedNanos(timeout);
    lock.lockInterruptibly();
    try {
      while (true) {
        checkOpen();
        long now = System.nanoTime();
        Queued head = mailbox.peek();
        if (head != null && head.deliverAtNanos() - now <= 0) {
          mailbox.poll();
          return Frame.of(head.origin(), head.bytes());
        }
        long left = budget - (now - start);
        if (left <= 0) {
          throw new TransportException(ErrorCode.TRANSPORT_TIMEOUT,
              "nothing arrived for " + self + " within " + timeout.toMillis() + " ms");
        }
        long wait = head == null ? left : Math.min(left, head.deliverAtNanos() - now);
        changed.await(wait, TimeUnit.NANOSECONDS);
      }
    } finally {
      lock.unlock();
    }
  }

  private static long saturatedNanos(Duration timeout) {
    try {
      return timeout.toNanos();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }

  @Override
  public boolean isClosed() {
    return closed;
  }

  @Override
  public void close() {
    lock.lock();
    try {
      closed = true;
      mailbox.clear();
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public String toString() {
    return "InMemoryTransport[" + self + (closed ? ", closed" : "") + "]";
  }
}

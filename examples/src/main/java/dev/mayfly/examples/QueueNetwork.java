package dev.mayfly.examples;

import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.PartyId;
import dev.mayfly.transport.Envelope;
import dev.mayfly.transport.Frame;
import dev.mayfly.transport.Transport;
import dev.mayfly.transport.TransportException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A host's own transport, written against the {@link Transport} SPI alone: one in-memory queue of
 * frames per party, nothing else. A real host would move the same bytes over its own network (a
 * message bus, sockets); the party signs and checks every envelope, so the transport is trusted
 * with availability only. It passes the SPI's conformance suite ({@code
 * QueueNetworkConformanceTest}).
 */
public final class QueueNetwork implements AutoCloseable {
  /** What a closed endpoint's queue holds, so that a receiver blocked on it wakes up. */
  private static final Frame CLOSED = Frame.of(PartyId.of(1), new byte[0]);

  private final Map<PartyId, Endpoint> endpoints = new TreeMap<>();

  /** A network of {@code parties}, each with an endpoint. */
  public QueueNetwork(List<PartyId> parties) {
    for (PartyId party : parties) {
      endpoints.put(party, new Endpoint(party));
    }
  }

  /** {@code party}'s endpoint. */
  public Transport endpoint(PartyId party) {
    Endpoint endpoint = endpoints.get(party);
    if (endpoint == null) {
      throw new IllegalArgumentException(party + " is not on this network");
    }
    return endpoint;
  }

  /** Closes every endpoint. */
  @Override
  public void close() {
    endpoints.values().forEach(Endpoint::close);
  }

  private final class Endpoint implements Transport {
    private final PartyId self;
    private final LinkedBlockingQueue<Frame> inbox = new LinkedBlockingQueue<>();
    private volatile boolean closed;

    Endpoint(PartyId self) {
      this.self = self;
    }

    @Override
    public PartyId self() {
      return self;
    }

    @Override
    public List<PartyId> peers() {
      return endpoints.keySet().stream().filter(p -> !p.equals(self)).toList();
    }

    @Override
    public void send(Envelope envelope) throws TransportException {
      checkOpen();
      if (envelope.isBroadcast() || !envelope.sender().equals(self)) {
        throw new IllegalArgumentException("not a point-to-point envelope of " + self);
      }
      PartyId to = envelope.recipient().orElseThrow();
      if (to.equals(self) || !endpoints.containsKey(to)) {
        throw new IllegalArgumentException(to + " is not a peer of " + self);
      }
      endpoints.get(to).deliver(Frame.of(self, envelope.encode()));
    }

    @Override
    public void broadcast(Envelope envelope) throws TransportException {
      checkOpen();
      if (!envelope.isBroadcast() || !envelope.sender().equals(self)) {
        throw new IllegalArgumentException("not a broadcast envelope of " + self);
      }
      byte[] bytes = envelope.encode();
      for (PartyId peer : peers()) {
        endpoints.get(peer).deliver(Frame.of(self, bytes));
      }
    }

    @Override
    public Frame receive(Duration timeout) throws TransportException, InterruptedException {
      if (timeout.isNegative()) {
        throw new IllegalArgumentException("timeout is negative: " + timeout);
      }
      checkOpen();
      Frame frame = inbox.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
      if (frame == CLOSED || closed) {
        inbox.offer(CLOSED);
        throw new TransportException(ErrorCode.TRANSPORT_CLOSED, self + "'s endpoint is closed");
      }
      if (frame == null) {
        throw new TransportException(ErrorCode.TRANSPORT_TIMEOUT,
            "nothing arrived for " + self + " within " + timeout.toMillis() + " ms");
      }
      return frame;
    }

    @Override
    public boolean isClosed() {
      return closed;
    }

    @Override
    public void close() {
      if (!closed) {
        closed = true;
        inbox.clear();
        inbox.offer(CLOSED);
      }
    }

    private void deliver(Frame frame) {
      if (!closed) {
        inbox.offer(frame);
      }
    }

    private void checkOpen() throws TransportException {
      if (closed) {
        throw new TransportException(ErrorCode.TRANSPORT_CLOSED, self + "'s endpoint is closed");
      }
    }
  }
}

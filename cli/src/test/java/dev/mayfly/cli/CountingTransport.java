package dev.mayfly.cli;

import dev.mayfly.transport.Envelope;
import dev.mayfly.transport.ForwardingTransport;
import dev.mayfly.transport.Transport;
import dev.mayfly.transport.TransportException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The transport wrapper docs/integration.md shows: a host's own transport that counts what a party
 * sends and forwards everything to the transport it wraps. Run by {@link
 * IntegrationDocSnippetsTest} (in a ceremony) and {@link CountingTransportConformanceTest}.
 */
final class CountingTransport extends ForwardingTransport {
  private final AtomicLong sent = new AtomicLong();

  CountingTransport(Transport wrapped) {
    super(wrapped);
  }

  @Override
  public void send(Envelope envelope) throws TransportException {
    super.send(envelope);
    sent.incrementAndGet();
  }

  @Override
  public void broadcast(Envelope envelope) throws TransportException {
    super.broadcast(envelope);
    sent.incrementAndGet();
  }

  long sent() {
    return sent.get();
  }
}

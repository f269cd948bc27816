package dev.mayfly.transport;

import static java.util.Objects.requireNonNull;

import dev.mayfly.common.PartyId;
import java.time.Duration;
import java.util.List;

/**
 * A {@link Transport} that hands every call to another one, for wrappers that change one or two
 * calls (count or record what is sent, tolerate a lost send, inject faults in tests) and keep the
 * rest. Subclasses override what they change and call {@code super} or {@link #delegate()} for the
 * rest.
 *
 * <p>Thread-safety: as the delegate's; a subclass's own state is its own concern.
 *
 * @since 0.1.0
 */
public abstract class ForwardingTransport implements Transport {
  private final Transport delegate;

  /** A transport forwarding to {@code delegate}. */
  protected ForwardingTransport(Transport delegate) {
    this.delegate = requireNonNull(delegate, "delegate");
  }

  /** The transport every call not overridden goes to. */
  protected final Transport delegate() {
    return delegate;
  }

  @Override
  public PartyId self() {
    return delegate.self();
  }

  @Override
  public List<PartyId> peers() {
    return delegate.peers();
  }

  @Override
  public void send(Envelope envelope) throws TransportException {
    delegate.send(envelope);
  }

  @Override
  public void broadcast(Envelope envelope) throws TransportException {
    delegate.broadcast(envelope);
  }

  @Override
  public Frame receive(Duration timeout) throws TransportException, InterruptedException {
    return delegate.receive(timeout);
  }

  @Override
  public boolean isClosed() {
    return delegate.isClosed();
  }

  @Override
  public void close() {
    delegate.close();
  }
}

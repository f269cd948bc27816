package dev.mayfly.party.internal;

import static java.util.Objects.requireNonNull;

import dev.mayfly.common.ErrorCode;
import dev.mayfly.transport.Envelope;
import dev.mayfly.transport.ForwardingTransport;
import dev.mayfly.transport.Transport;
import dev.mayfly.transport.TransportException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A party's session transport on which a send that fails is a lost message, not an abort: the
 * decision of docs/deployment.md, "Unreachable peers". The gRPC transport throws when a peer is
 * down ({@code TRANSPORT_PEER_UNREACHABLE}) or refused ({@code TRANSPORT_PEER_NOT_ATTESTED}, a
 * policy mismatch); thrown into the ceremony, each party would abort on its own local report and
 * the parties' records would differ. Lost, the message is missed by its recipient like any
 * message a network drops, and the ceremony's deadlines and abort agreement give every party the
 * same record (a timeout reporting the silent party). Each failure is told to {@code onFailure}
 * (the audit log). Only {@code TRANSPORT_CLOSED} (this session or node closed) is thrown.
 */
public final class LossTolerantTransport extends ForwardingTransport {
  private final Consumer<TransportException> onFailure;
  private final AtomicLong lost = new AtomicLong();

  public LossTolerantTransport(Transport inner, Consumer<TransportException> onFailure) {
    super(inner);
    this.onFailure = requireNonNull(onFailure, "onFailure");
  }

  /** How many sends failed (a broadcast counts once). */
  public long lostSends() {
    return lost.get();
  }

  @Override
  public void send(Envelope envelope) throws TransportException {
    try {
      super.send(envelope);
    } catch (TransportException e) {
      lose(e);
    }
  }

  @Override
  public void broadcast(Envelope envelope) throws TransportException {
    try {
      super.broadcast(envelope);
    } catch (TransportException e) {
      lose(e);
    }
  }

  private void lose(TransportException e) throws TransportException {
    if (e.code() == ErrorCode.TRANSPORT_CLOSED) {
      throw e;
    }
    lost.incrementAndGet();
    try {
      onFailure.accept(e);
    } catch (RuntimeException ignored) {
      // the audit log failing must not change the session
    }
  }
}

package dev.mayfly.ceremony;

import dev.mayfly.transport.Envelope;
import dev.mayfly.transport.IdentityKeyPair;
import dev.mayfly.transport.Transport;
import dev.mayfly.transport.TransportException;
import dev.mayfly.transport.Frame;
import dev.mayfly.common.PartyId;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Rewrites what one party sends, with that party's own identity key: a party turned malicious, for
 * the tests of {@link LocalCeremony} (faults a network cannot make, such as a validly signed
 * message with wrong content). Package-private: never part of the API.
 */
@FunctionalInterface
interface EnvelopeTamper {
  /** The envelope to send instead of {@code envelope}; sign changes with {@code key}. */
  Envelope tamper(Envelope envelope, IdentityKeyPair key);

  /** {@code inner} with every outgoing envelope passed through {@code tamper}. */
  static Transport wrap(Transport inner, EnvelopeTamper tamper,
      AtomicReference<IdentityKeyPair> key) {
    return new Transport() {
      @Override
      public PartyId self() {
        return inner.self();
      }

      @Override
      public List<PartyId> peers() {
        return inner.peers();
      }

      @Override
      public void send(Envelope envelope) throws TransportException {
        inner.send(tamper.tamper(envelope, key.get()));
      }

      @Override
      public void broadcast(Envelope envelope) throws TransportException {
        inner.broadcast(tamper.tamper(envelope, key.get()));
      }

      @Override
      public Frame receive(Duration timeout) throws TransportException, InterruptedException {
        return inner.receive(timeout);
      }

      @Override
      public boolean isClosed() {
        return inner.isClosed();
      }

      @Override
      public void close() {
        inner.close();
      }
    };
  }
}

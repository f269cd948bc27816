package dev.mayfly.transport.testkit;

import dev.mayfly.common.PartyId;
import dev.mayfly.transport.Transport;

/**
 * Connected endpoints of one transport under test, one per party, created fresh for each test of
 * {@link TransportConformanceTest} and closed after it.
 *
 * @since 0.1.0
 */
public interface TransportFixture extends AutoCloseable {
  /** The endpoint of {@code party}; the same instance on every call. */
  Transport transport(PartyId party);

  /**
   * Closes every endpoint and whatever else the fixture started (servers, threads). Must not
   * throw checked exceptions: waiting for a server to stop restores the interrupt flag instead.
   */
  @Override
  void close();
}

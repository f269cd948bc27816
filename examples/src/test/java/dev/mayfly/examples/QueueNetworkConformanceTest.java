package dev.mayfly.examples;

import dev.mayfly.common.PartyId;
import dev.mayfly.transport.Transport;
import dev.mayfly.transport.testkit.TransportConformanceTest;
import dev.mayfly.transport.testkit.TransportFixture;
import java.util.List;

/** The example host's own transport passes the SPI's conformance suite. */
class QueueNetworkConformanceTest extends TransportConformanceTest {
  @Override
  protected TransportFixture createFixture(List<PartyId> parties) {
    QueueNetwork network = new QueueNetwork(parties);
    return new TransportFixture() {
      @Override
      public Transport transport(PartyId party) {
        return network.endpoint(party);
      }

      @Override
      public void close() {
        network.close();
      }
    };
  }
}

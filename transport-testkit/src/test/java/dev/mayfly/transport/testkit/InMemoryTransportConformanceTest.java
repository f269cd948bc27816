package dev.mayfly.transport.testkit;

import dev.mayfly.common.PartyId;
import dev.mayfly.transport.Transport;
import dev.mayfly.transport.memory.InMemoryNetwork;
import java.util.List;

/** The in-memory transport passes the conformance suite. */
class InMemoryTransportConformanceTest extends TransportConformanceTest {
  @Override
  protected TransportFixture createFixture(List<PartyId> parties) {
    InMemoryNetwork network = InMemoryNetwork.builder().parties(parties).build();
    return new TransportFixture() {
      @Override
      public Transport transport(PartyId party) {
        return network.transport(party);
      }

      @Override
      public void close() {
        network.close();
      }
    };
  }
}

package dev.mayfly.cli;

import dev.mayfly.common.PartyId;
import dev.mayfly.transport.Transport;
import dev.mayfly.transport.memory.InMemoryNetwork;
import dev.mayfly.transport.testkit.TransportConformanceTest;
import dev.mayfly.transport.testkit.TransportFixture;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The conformance snippet of docs/integration.md: {@link CountingTransport} passes the suite. */
class CountingTransportConformanceTest extends TransportConformanceTest {
  @Override
  protected TransportFixture createFixture(List<PartyId> parties) {
    InMemoryNetwork network = InMemoryNetwork.builder().parties(parties).build();
    Map<PartyId, Transport> endpoints = new HashMap<>();
    for (PartyId party : parties) {
      endpoints.put(party, new CountingTransport(network.transport(party)));
    }
    return new TransportFixture() {
      @Override
      public Transport transport(PartyId party) {
        return endpoints.get(party);
      }

      @Override
      public void close() {
        network.close();
      }
    };
  }
}

package dev.mayfly.transport.grpc;

import dev.mayfly.common.PartyId;
import dev.mayfly.transport.Transport;
import dev.mayfly.transport.testkit.TransportConformanceTest;
import dev.mayfly.transport.testkit.TransportFixture;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The gRPC transport passes the conformance suite: three party nodes on loopback (ephemeral
 * ports), attested mutual TLS with simulated evidence, one session opened on each.
 */
class GrpcTransportConformanceTest extends TransportConformanceTest {
  @Override
  protected TransportFixture createFixture(List<PartyId> parties) throws Exception {
    Cluster cluster = Cluster.start(parties);
    Map<PartyId, Transport> transports = new LinkedHashMap<>();
    for (PartyId party : parties) {
      transports.put(party, cluster.node(party).openSession(sessionId(), parties));
    }
    return new TransportFixture() {
      @Override
      public Transport transport(PartyId party) {
        return transports.get(party);
      }

      @Override
      public void close() {
        transports.values().forEach(Transport::close);
        cluster.close();
      }
    };
  }
}

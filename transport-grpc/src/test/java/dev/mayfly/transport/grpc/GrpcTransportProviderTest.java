package dev.mayfly.transport.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mayfly.common.PartyId;
import dev.mayfly.transport.SessionId;
import dev.mayfly.transport.Transport;
import dev.mayfly.transport.TransportConfig;
import dev.mayfly.transport.TransportProvider;
import dev.mayfly.transport.TransportRegistry;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Discovery: the provider is registered, available, and opens sessions on an attached node. */
class GrpcTransportProviderTest {
  private static final PartyId ONE = PartyId.of(1);
  private static final PartyId TWO = PartyId.of(2);
  private static final List<PartyId> BOTH = List.of(ONE, TWO);

  private Cluster cluster;

  @BeforeEach
  void start() throws Exception {
    cluster = Cluster.start(BOTH);
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  private static TransportConfig.Builder config(PartyId self) {
    return TransportConfig.builder().self(self).parties(BOTH);
  }

  @Test
  void loadDefault_findsTheGrpcProvider_andCreatesWorkingSessions() throws Exception {
    TransportRegistry registry = TransportRegistry.loadDefault();
    TransportProvider provider = registry.provider(GrpcTransportProvider.NAME).orElseThrow();
    assertTrue(provider instanceof GrpcTransportProvider);
    SessionId session = SessionId.generate(Simulation.RANDOM);
    Transport one = registry.create(config(ONE).attach(GrpcPartyNode.class, cluster.node(ONE))
        .attach(SessionId.class, session).build());
    Transport two = registry.create(config(TWO).attach(GrpcPartyNode.class, cluster.node(TWO))
        .attach(SessionId.class, session).build());
    one.send(TestEnvelopes.direct(session, ONE, TWO, new byte[] {1}));
    assertEquals(ONE, two.receive(Duration.ofSeconds(10)).origin());
  }

  @Test
  void create_withoutNodeOrSession_orForAnotherParty_throwsIllegalArgument() {
    GrpcTransportProvider provider = new GrpcTransportProvider();
    SessionId session = SessionId.generate(Simulation.RANDOM);
    assertThrows(IllegalArgumentException.class, () -> provider.create(
        config(ONE).attach(SessionId.class, session).build()));
    assertThrows(IllegalArgumentException.class, () -> provider.create(
        config(ONE).attach(GrpcPartyNode.class, cluster.node(ONE)).build()));
    assertThrows(IllegalArgumentException.class, () -> provider.create(
        config(TWO).attach(GrpcPartyNode.class, cluster.node(ONE))
            .attach(SessionId.class, session).build()));
  }
}

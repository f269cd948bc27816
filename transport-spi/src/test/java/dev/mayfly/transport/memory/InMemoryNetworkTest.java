package dev.mayfly.transport.memory;

import static dev.mayfly.transport.SessionFixture.p;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mayfly.transport.Frame;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class InMemoryNetworkTest {
  @Test
  void builder_invalidSetups_throwIllegalState() {
    assertThrows(IllegalStateException.class, () -> InMemoryNetwork.builder().build());
    assertThrows(IllegalStateException.class,
        () -> InMemoryNetwork.builder().parties(List.of(p(1))).build());
    assertThrows(IllegalStateException.class, () -> InMemoryNetwork.builder().parties(3)
        .faults(FaultPlan.parse("crash:4@dkg")).build());
    assertThrows(IllegalStateException.class, () -> InMemoryNetwork.builder().parties(3)
        .faults(FaultPlan.parse("drop:1@dkg;to=9")).build());
    assertThrows(IllegalArgumentException.class, () -> InMemoryNetwork.builder().parties(1));
  }

  @Test
  void transport_sameInstancePerParty_unknownPartyRejected() {
    try (InMemoryNetwork network = InMemoryNetwork.builder().parties(List.of(p(5), p(2))).build()) {
      assertEquals(List.of(p(2), p(5)), network.parties());
      assertSame(network.transport(p(5)), network.transport(p(5)));
      assertEquals(List.of(p(2)), network.transport(p(5)).peers());
      assertThrows(IllegalArgumentException.class, () -> network.transport(p(3)));
      assertTrue(network.toString().contains("2 parties"));
    }
  }

  @Test
  void inject_deliversRawBytesWithOrigin() throws Exception {
    try (InMemoryNetwork network = InMemoryNetwork.builder().parties(2).build()) {
      network.inject(p(2), p(1), new byte[] {9, 8});
      Frame frame = network.transport(p(1)).receive(Duration.ofSeconds(1));
      assertEquals(p(2), frame.origin());
      assertArrayEquals(new byte[] {9, 8}, frame.bytes());
      assertThrows(IllegalArgumentException.class, () -> network.inject(p(3), p(1), new byte[0]));
    }
  }

  @Test
  void close_closesEveryEndpoint() {
    InMemoryNetwork network = InMemoryNetwork.builder().parties(3).build();
    network.close();
    network.parties().forEach(party -> assertTrue(network.transport(party).isClosed()));
  }
}

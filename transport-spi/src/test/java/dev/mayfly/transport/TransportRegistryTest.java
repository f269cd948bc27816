package dev.mayfly.transport;

import static dev.mayfly.transport.SessionFixture.p;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mayfly.common.ErrorCode;
import dev.mayfly.transport.memory.InMemoryNetwork;
import dev.mayfly.transport.memory.InMemoryTransportProvider;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TransportRegistryTest {
  private static final TransportConfig CONFIG =
      TransportConfig.builder().self(p(1)).parties(List.of(p(1), p(2))).build();

  private static List<String> names(TransportRegistry registry) {
    return registry.providers().stream().map(TransportProvider::name).toList();
  }

  @Test
  void loadDefault_registeredProviders_areSortedAndBrokenEntriesSkipped() throws Exception {
    TransportRegistry registry = TransportRegistry.loadDefault();
    assertEquals(List.of("test-unavailable", "test-loopback"), names(registry));
    try (Transport transport = registry.create(CONFIG)) {
      assertEquals(p(1), transport.self());
      assertEquals(List.of(p(2)), transport.peers());
    }
  }

  @Test
  void of_providers_sortedByPriorityThenRegistrationOrder() {
    TransportRegistry registry = TransportRegistry.of(List.of(
        new TestProviders.Named("low", 1), new TestProviders.Named("first-five", 5),
        new TestProviders.Named("high", 9), new TestProviders.Named("second-five", 5)));
    assertEquals(List.of("high", "first-five", "second-five", "low"), names(registry));
    assertEquals("low", registry.provider("low").orElseThrow().name());
    assertEquals(Optional.empty(), registry.provider("absent"));
  }

  @Test
  void of_badProviders_throwIllegalArgument() {
    assertThrows(IllegalArgumentException.class,
        () -> TransportRegistry.of(List.of(new TestProviders.Named("x", 11))));
    assertThrows(IllegalArgumentException.class,
        () -> TransportRegistry.of(List.of(new TestProviders.Named("x", -1))));
    assertThrows(IllegalArgumentException.class, () -> TransportRegistry.of(
        List.of(new TestProviders.Named("x", 1), new TestProviders.Named("x", 2))));
  }

  @Test
  void create_noProvider_throwsNoProvider() {
    TransportException e = assertThrows(TransportException.class,
        () -> TransportRegistry.of(List.of()).create(CONFIG));
    assertEquals(ErrorCode.TRANSPORT_NO_PROVIDER, e.code());
    assertEquals(List.of(), e.culprits());
    assertFalse(e.isRetryable());
  }

  @Test
  void create_onlyUnavailableProviders_throwsNoProvider() {
    TransportRegistry registry = TransportRegistry.of(
        List.of(new TestProviders.Unavailable(), new TestProviders.Throwing()));
    TransportException e = assertThrows(TransportException.class, () -> registry.create(CONFIG));
    assertEquals(ErrorCode.TRANSPORT_NO_PROVIDER, e.code());
  }

  @Test
  void create_throwingProbeBeforeUsableOne_fallsThrough() throws Exception {
    TransportRegistry registry = TransportRegistry.of(
        List.of(new TestProviders.Throwing(), new TestProviders.Loopback()));
    try (Transport transport = registry.create(CONFIG)) {
      assertEquals(p(1), transport.self());
    }
  }

  @Test
  void resolve_transportPassedIn_isUsedWithoutDiscovery() throws Exception {
    try (InMemoryNetwork network = InMemoryNetwork.builder().parties(2).build()) {
      Transport passed = network.transport(p(1));
      assertSame(passed, TransportRegistry.of(List.of()).resolve(Optional.of(passed), CONFIG));
    }
  }

  @Test
  void resolve_nothingPassedIn_fallsBackToProviders() throws Exception {
    TransportRegistry registry = TransportRegistry.of(List.of(new TestProviders.Loopback()));
    try (Transport transport = registry.resolve(Optional.empty(), CONFIG)) {
      assertEquals(p(1), transport.self());
    }
    TransportException e = assertThrows(TransportException.class,
        () -> TransportRegistry.of(List.of()).resolve(Optional.empty(), CONFIG));
    assertEquals(ErrorCode.TRANSPORT_NO_PROVIDER, e.code());
  }

  @Test
  void inMemoryProvider_attachedNetwork_returnsThatEndpoint() throws Exception {
    try (InMemoryNetwork network = InMemoryNetwork.builder().parties(2).build()) {
      TransportConfig config = TransportConfig.builder().self(p(2)).parties(List.of(p(1), p(2)))
          .attach(InMemoryNetwork.class, network).build();
      TransportRegistry registry = TransportRegistry.of(List.of(new InMemoryTransportProvider()));
      assertSame(network.transport(p(2)), registry.create(config));
      assertTrue(registry.provider(InMemoryTransportProvider.NAME).isPresent());
    }
  }

  @Test
  void inMemoryProvider_withoutNetworkOrWithOtherParties_throwsIllegalArgument() {
    InMemoryTransportProvider provider = new InMemoryTransportProvider();
    assertThrows(IllegalArgumentException.class, () -> provider.create(CONFIG));
    try (InMemoryNetwork network = InMemoryNetwork.builder().parties(3).build()) {
      TransportConfig config = TransportConfig.builder().self(p(1)).parties(List.of(p(1), p(2)))
          .attach(InMemoryNetwork.class, network).build();
      assertThrows(IllegalArgumentException.class, () -> provider.create(config));
    }
  }

  @Test
  void transportConfig_builder_checksFieldsAndKeepsProperties() {
    assertThrows(IllegalStateException.class, () -> TransportConfig.builder().build());
    assertThrows(IllegalStateException.class,
        () -> TransportConfig.builder().self(p(3)).parties(List.of(p(1), p(2))).build());
    TransportConfig config = TransportConfig.builder().self(p(2)).parties(List.of(p(3), p(2), p(1)))
        .property("grpc.port", "7443").build();
    assertEquals(List.of(p(1), p(2), p(3)), config.parties());
    assertEquals(List.of(p(1), p(3)), config.peers());
    assertEquals(Optional.of("7443"), config.property("grpc.port"));
    assertEquals(Optional.empty(), config.attachment(InMemoryNetwork.class));
  }
}

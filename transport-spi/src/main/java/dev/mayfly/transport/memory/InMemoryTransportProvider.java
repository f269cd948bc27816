package dev.mayfly.transport.memory;

import static java.util.Objects.requireNonNull;

import dev.mayfly.transport.Transport;
import dev.mayfly.transport.TransportConfig;
import dev.mayfly.transport.TransportProvider;

/**
 * Provides endpoints of an {@link InMemoryNetwork} attached to the {@link TransportConfig}
 * ({@code TransportConfig.builder().attach(InMemoryNetwork.class, network)}).
 *
 * <p>Deliberately not registered with {@link java.util.ServiceLoader}: an in-memory transport only
 * makes sense when one process creates the network for every party, and that process can pass the
 * transports in directly. Add this provider to a registry built with
 * {@code TransportRegistry.of(...)} where a provider is wanted. Lowest priority, so any network
 * transport in the same registry wins.
 *
 * @since 0.1.0
 */
public final class InMemoryTransportProvider extends TransportProvider {
  /** The provider's name. */
  public static final String NAME = "in-memory";

  /** Public for registries and {@link java.util.ServiceLoader}; does nothing. */
  public InMemoryTransportProvider() {}

  @Override
  protected boolean isAvailable() {
    return true;
  }

  @Override
  protected int priority() {
    return MIN_PRIORITY;
  }

  @Override
  public String name() {
    return NAME;
  }

  /**
   * Returns the endpoint of {@code config.self()} on the attached network.
   *
   * @throws IllegalArgumentException if no {@link InMemoryNetwork} is attached, or its parties
   *     differ from {@code config.parties()}
   */
  @Override
  public Transport create(TransportConfig config) {
    requireNonNull(config, "config");
    InMemoryNetwork network = config.attachment(InMemoryNetwork.class).orElseThrow(() ->
        new IllegalArgumentException("the in-memory provider needs a network: "
            + "TransportConfig.builder().attach(InMemoryNetwork.class, network)"));
    if (!network.parties().equals(config.parties())) {
      throw new IllegalArgumentException("config parties " + config.parties()
          + " differ from the network's " + network.parties());
    }
    return network.transport(config.self());
  }
}

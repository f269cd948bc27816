package dev.mayfly.transport;

import static java.util.Objects.requireNonNull;

import dev.mayfly.common.PartyId;
import dev.mayfly.transport.internal.PartySets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link TransportProvider} needs to create one party's {@link Transport}: the local party,
 * every party of the session, string properties (addresses, ports, timeouts; each provider
 * documents its keys) and typed attachments (objects that cannot be written as strings, such as an
 * in-memory network or TLS material).
 *
 * @since 0.1.0
 */
public final class TransportConfig {
  private final PartyId self;
  private final List<PartyId> parties;
  private final Map<String, String> properties;
  private final Map<Class<?>, Object> attachments;

  private TransportConfig(Builder builder, PartyId self) {
    this.self = self;
    this.parties = List.copyOf(builder.parties);
    this.properties = Map.copyOf(builder.properties);
    this.attachments = Map.copyOf(builder.attachments);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The local party. */
  public PartyId self() {
    return self;
  }

  /** Every party of the session, the local one included, in ascending order. */
  public List<PartyId> parties() {
    return parties;
  }

  /** The parties other than {@link #self()}, in ascending order. */
  public List<PartyId> peers() {
    return parties.stream().filter(p -> !p.equals(self)).toList();
  }

  /** The property {@code key}, if set. */
  public Optional<String> property(String key) {
    requireNonNull(key, "key");
    return Optional.ofNullable(properties.get(key));
  }

  /** Every property, sorted by key. */
  public Map<String, String> properties() {
    return new TreeMap<>(properties);
  }

  /** The attachment registered under {@code type}, if any. */
  public <T> Optional<T> attachment(Class<T> type) {
    requireNonNull(type, "type");
    return Optional.ofNullable(attachments.get(type)).map(type::cast);
  }

  @Override
  public String toString() {
    return "TransportConfig[" + self + " of " + parties.size() + " parties, properties "
        + new TreeMap<>(properties).keySet() + "]";
  }

  /**
   * Builds a {@link TransportConfig}; {@link #self} and {@link #parties} are required.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private @Nullable PartyId self;
    private TreeSet<PartyId> parties = new TreeSet<>();
    private final Map<String, String> properties = new LinkedHashMap<>();
    private final Map<Class<?>, Object> attachments = new LinkedHashMap<>();

    private Builder() {}

    public Builder self(PartyId self) {
      this.self = requireNonNull(self, "self");
      return this;
    }

    /** Every party of the session, the local one included. */
    public Builder parties(List<PartyId> parties) {
      this.parties = PartySets.sortedCopy(parties);
      return this;
    }

    public Builder property(String key, String value) {
      requireNonNull(key, "key");
      requireNonNull(value, "value");
      properties.put(key, value);
      return this;
    }

    /** Registers {@code value} under {@code type}; a later call for the same type replaces it. */
    public <T> Builder attach(Class<T> type, T value) {
      requireNonNull(type, "type");
      requireNonNull(value, "value");
      attachments.put(type, type.cast(value));
      return this;
    }

    /**
     * Checks the fields and builds the config.
     *
     * @throws IllegalStateException if {@code self} is unset or not among at least two parties
     */
    public TransportConfig build() {
      PartyId self = this.self;
      if (self == null) {
        throw new IllegalStateException("self must be set");
      }
      if (parties.size() < 2 || !parties.contains(self)) {
        throw new IllegalStateException(
            "parties must hold at least two parties including " + self + ", got " + parties);
      }
      return new TransportConfig(this, self);
    }
  }
}

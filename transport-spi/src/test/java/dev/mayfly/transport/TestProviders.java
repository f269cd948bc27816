package dev.mayfly.transport;

import dev.mayfly.transport.memory.InMemoryNetwork;

/** Providers for registry tests; two are listed in META-INF/services of the test class path. */
public final class TestProviders {
  private TestProviders() {}

  /** Available, priority 7: a fresh in-memory network per call. */
  public static final class Loopback extends TransportProvider {
    @Override
    protected boolean isAvailable() {
      return true;
    }

    @Override
    protected int priority() {
      return 7;
    }

    @Override
    public String name() {
      return "test-loopback";
    }

    @Override
    public Transport create(TransportConfig config) {
      return InMemoryNetwork.builder().parties(config.parties()).build().transport(config.self());
    }
  }

  /** Never available, highest priority. */
  public static final class Unavailable extends TransportProvider {
    @Override
    protected boolean isAvailable() {
      return false;
    }

    @Override
    protected int priority() {
      return MAX_PRIORITY;
    }

    @Override
    public String name() {
      return "test-unavailable";
    }

    @Override
    public Transport create(TransportConfig config) {
      throw new AssertionError("an unavailable provider must not be asked");
    }
  }

  /** Throws from isAvailable(), which the registry treats as unavailable. */
  public static final class Throwing extends TransportProvider {
    @Override
    protected boolean isAvailable() {
      throw new IllegalStateException("environment probe failed");
    }

    @Override
    public String name() {
      return "test-throwing";
    }

    @Override
    public Transport create(TransportConfig config) {
      throw new AssertionError("a throwing provider must not be asked");
    }
  }

  /** A named provider with a chosen priority. */
  public static final class Named extends TransportProvider {
    private final String name;
    private final int priority;

    public Named(String name, int priority) {
      this.name = name;
      this.priority = priority;
    }

    @Override
    protected boolean isAvailable() {
      return true;
    }

    @Override
    protected int priority() {
      return priority;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public Transport create(TransportConfig config) {
      return new Loopback().create(config);
    }
  }
}

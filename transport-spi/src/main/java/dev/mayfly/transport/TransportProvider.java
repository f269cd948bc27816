package dev.mayfly.transport;

/**
 * Creates {@link Transport}s of one kind; found by {@link TransportRegistry}.
 *
 * <p>Host applications normally pass a {@link Transport} in directly; providers are the fallback
 * when they do not (STYLE.md section 5). An abstract class rather than an interface, so methods can
 * be added later with defaults.
 *
 * <p>To register an implementation: give it a public no-argument constructor that never throws,
 * list its class name in {@code META-INF/services/dev.mayfly.transport.TransportProvider} (and
 * {@code provides dev.mayfly.transport.TransportProvider with ...} in a {@code module-info}), and
 * extend {@code TransportConformanceTest} from {@code mayfly-transport-testkit} in its tests.
 * Report environmental problems through {@link #isAvailable()}, not by throwing while loading.
 *
 * @since 0.1.0
 */
public abstract class TransportProvider {
  /** The lowest priority. */
  public static final int MIN_PRIORITY = 0;

  /** The priority of a provider that does not override {@link #priority()}. */
  public static final int DEFAULT_PRIORITY = 5;

  /** The highest priority. */
  public static final int MAX_PRIORITY = 10;

  /** For subclasses; must not throw. */
  protected TransportProvider() {}

  /** False if this provider cannot work in the current environment. Must not throw. */
  protected abstract boolean isAvailable();

  /**
   * {@value #MIN_PRIORITY}..{@value #MAX_PRIORITY}, default {@value #DEFAULT_PRIORITY}; higher wins,
   * ties go to registration order.
   */
  protected int priority() {
    return DEFAULT_PRIORITY;
  }

  /** A short stable name, e.g. {@code grpc} or {@code in-memory}. */
  public abstract String name();

  /**
   * Creates the transport of {@code config.self()}.
   *
   * @throws IllegalArgumentException if {@code config} lacks something this provider needs
   * @throws TransportException if the environment refuses (a port in use, unreachable peers)
   */
  public abstract Transport create(TransportConfig config) throws TransportException;

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[" + name() + "]";
  }
}

package dev.mayfly.transport;

import static java.util.Objects.requireNonNull;

import dev.mayfly.common.ErrorCode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * An immutable, priority-sorted list of {@link TransportProvider}s.
 *
 * <p>Only {@link #loadDefault()} touches {@link ServiceLoader}; tests and hosts that want control
 * build their own registry with {@link #of}. {@link #resolve} prefers the transport the host
 * passes in and falls back to the providers only when there is none (STYLE.md section 5).
 *
 * <p>Thread-safety: immutable; safe for concurrent use.
 *
 * @since 0.1.0
 */
public final class TransportRegistry {
  private static final System.Logger LOG = System.getLogger(TransportRegistry.class.getName());

  private static final String WHAT_TO_ADD = "pass a Transport in directly, or add a module that"
      + " provides one (for example dev.mayfly:mayfly-transport-grpc) to the class path; a provider"
      + " is a dev.mayfly.transport.TransportProvider listed in"
      + " META-INF/services/dev.mayfly.transport.TransportProvider";

  /** Stops a broken class path from keeping {@link #loadDefault()} busy forever. */
  private static final int MAX_LOAD_FAILURES = 64;

  private final List<TransportProvider> providers;

  private TransportRegistry(List<TransportProvider> sorted) {
    this.providers = sorted;
  }

  /**
   * A registry of these providers, sorted once by descending priority (stable for ties).
   *
   * @throws IllegalArgumentException if a priority is outside 0..10 or two providers share a name
   */
  public static TransportRegistry of(List<? extends TransportProvider> providers) {
    requireNonNull(providers, "providers");
    List<TransportProvider> copy = new ArrayList<>();
    for (TransportProvider provider : providers) {
      requireNonNull(provider, "provider");
      int priority = provider.priority();
      if (priority < TransportProvider.MIN_PRIORITY || priority > TransportProvider.MAX_PRIORITY) {
        throw new IllegalArgumentException("provider " + provider.name() + " has priority "
            + priority + ", must be " + TransportProvider.MIN_PRIORITY + ".."
            + TransportProvider.MAX_PRIORITY);
      }
      for (TransportProvider other : copy) {
        if (other.name().equals(provider.name())) {
          throw new IllegalArgumentException("two providers are named " + provider.name());
        }
      }
      copy.add(provider);
    }
    copy.sort(Comparator.comparingInt(TransportProvider::priority).reversed());
    return new TransportRegistry(List.copyOf(copy));
  }

  /**
   * The providers registered with {@link ServiceLoader} on the thread's context class loader (or
   * this class's loader). A provider that fails to load, has an out-of-range priority or repeats a
   * name is skipped with a WARNING log line; it never breaks the others.
   */
  public static TransportRegistry loadDefault() {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    if (loader == null) {
      loader = TransportRegistry.class.getClassLoader();
    }
    List<TransportProvider> found = new ArrayList<>();
    Iterator<TransportProvider> iterator =
        ServiceLoader.load(TransportProvider.class, loader).iterator();
    int failures = 0;
    while (failures < MAX_LOAD_FAILURES) {
      try {
        if (!iterator.hasNext()) {
          break;
        }
        TransportProvider provider = iterator.next();
        int priority = provider.priority();
        boolean duplicate = found.stream().anyMatch(p -> p.name().equals(provider.name()));
        if (priority < TransportProvider.MIN_PRIORITY
            || priority > TransportProvider.MAX_PRIORITY
            || duplicate) {
          LOG.log(System.Logger.Level.WARNING,
              "skipping transport provider {0}: priority {1} or duplicate name",
              provider.getClass().getName(), priority);
          continue;
        }
        found.add(provider);
      } catch (ServiceConfigurationError | RuntimeException e) {
        failures++;
        LOG.log(System.Logger.Level.WARNING, "skipping a transport provider that failed to load", e);
      }
    }
    return of(found);
  }

  /** Every provider, highest priority first, available or not. */
  public List<TransportProvider> providers() {
    return providers;
  }

  /** The provider named {@code name}, if registered. */
  public Optional<TransportProvider> provider(String name) {
    requireNonNull(name, "name");
    return providers.stream().filter(p -> p.name().equals(name)).findFirst();
  }

  /**
   * Creates a transport with the highest-priority provider that is available.
   *
   * @throws TransportException {@link ErrorCode#TRANSPORT_NO_PROVIDER} if no provider is
   *     available (the message says what to add), or the chosen provider's own failure
   */
  public Transport create(TransportConfig config) throws TransportException {
    requireNonNull(config, "config");
    for (TransportProvider provider : providers) {
      if (available(provider)) {
        return provider.create(config);
      }
    }
    List<String> unavailable = providers.stream().map(TransportProvider::name).toList();
    throw new TransportException(ErrorCode.TRANSPORT_NO_PROVIDER,
        "no transport provider is available"
            + (unavailable.isEmpty() ? "" : " (registered but unavailable: " + unavailable + ")")
            + "; " + WHAT_TO_ADD);
  }

  /**
   * Returns the transport the host passed in, or else one created by {@link #create}.
   *
   * @throws TransportException as {@link #create} when {@code passedIn} is empty
   */
  public Transport resolve(Optional<Transport> passedIn, TransportConfig config)
      throws TransportException {
    requireNonNull(passedIn, "passedIn");
    requireNonNull(config, "config");
    if (passedIn.isPresent()) {
      return passedIn.get();
    }
    return create(config);
  }

  private static boolean available(TransportProvider provider) {
    try {
      return provider.isAvailable();
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING,
          "transport provider " + provider.name() + " threw from isAvailable(); treated as unavailable",
          e);
      return false;
    }
  }

  @Override
  public String toString() {
    return "TransportRegistry" + providers.stream().map(TransportProvider::name).toList();
  }
}

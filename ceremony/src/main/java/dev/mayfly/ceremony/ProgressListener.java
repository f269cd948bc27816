package dev.mayfly.ceremony;

/**
 * Receives every {@link ProgressEvent} of a party, on the party's own thread. Implementations
 * must be quick and must not throw; an exception is logged and ignored.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface ProgressListener {
  /** A listener that ignores everything. */
  ProgressListener NONE = event -> { };

  /** Called for each event. */
  void onEvent(ProgressEvent event);
}

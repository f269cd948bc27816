package dev.mayfly.ceremony;

import static java.util.Objects.requireNonNull;

import dev.mayfly.common.ProtocolException;
import org.jspecify.annotations.Nullable;

/**
 * A ceremony aborted. {@link #record()} is the outcome record every honest party agrees on (see
 * {@link OutcomeRecord}): {@link #code()} and {@link #culprits()} are its code and its proven
 * culprits, and nobody else is ever named; {@link #phase()} says when.
 *
 * @since 0.1.0
 */
public class CeremonyException extends ProtocolException {
  private static final long serialVersionUID = 1L;

  private final transient OutcomeRecord record;
  private final long droppedFrames;

  /** An abort with its agreed record. */
  public CeremonyException(OutcomeRecord record, String message, long droppedFrames,
      @Nullable Throwable cause) {
    super(requireNonNull(record, "record").code(), record.phase() + ": " + message,
        record.culprits(), cause);
    this.record = record;
    this.droppedFrames = droppedFrames;
  }

  /** The agreed outcome record. */
  public OutcomeRecord record() {
    return record;
  }

  /** The earliest phase any party announcing the abort was in. */
  public CeremonyPhase phase() {
    return record.phase();
  }

  /**
   * How many frames this party dropped as junk (bytes no admitted key signed): a local
   * diagnostic, not part of the agreed record.
   */
  public long droppedFrames() {
    return droppedFrames;
  }
}

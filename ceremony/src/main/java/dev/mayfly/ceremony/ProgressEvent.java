package dev.mayfly.ceremony;

import static java.util.Objects.requireNonNull;

import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.PartyId;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One step of one party's progress, for progress displays and audit logs. Carries no secret: ids,
 * phase, outcome, elapsed time and, on abort, the code and culprits.
 *
 * @param sessionIdHex the session id in hex
 * @param party the party reporting
 * @param phase the phase
 * @param kind what happened
 * @param elapsed time since the party started the session
 * @param code the abort code, for {@link Kind#ABORTED}
 * @param culprits the blamed parties, for {@link Kind#ABORTED}
 * @param detail a short public description
 * @since 0.1.0
 */
public record ProgressEvent(String sessionIdHex, PartyId party, CeremonyPhase phase, Kind kind,
    Duration elapsed, @Nullable ErrorCode code, List<PartyId> culprits, String detail) {

  /** What happened. */
  public enum Kind {
    /** The party entered the phase. */
    STARTED,
    /** The party finished the phase. */
    COMPLETED,
    /** The party aborted in the phase. */
    ABORTED
  }

  /** Copies the culprits. */
  public ProgressEvent {
    requireNonNull(sessionIdHex, "sessionIdHex");
    requireNonNull(party, "party");
    requireNonNull(phase, "phase");
    requireNonNull(kind, "kind");
    requireNonNull(elapsed, "elapsed");
    culprits = List.copyOf(culprits);
    requireNonNull(detail, "detail");
  }

  /** The abort code, for {@link Kind#ABORTED}. */
  public Optional<ErrorCode> errorCode() {
    return Optional.ofNullable(code);
  }
}

package dev.mayfly.ceremony;

import static java.util.Objects.requireNonNull;

import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.PartyId;
import dev.mayfly.common.ProtocolException;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A ceremony aborted. {@link #code()} and {@link #culprits()} say why and who is to blame; {@link
 * #phase()} says when. Every honest party of a session ends with the same code and culprits.
 *
 * <p>When the abort was first detected by a peer and this party only learned of it from the
 * peer's authenticated abort announcement, {@link #reporter()} names that peer; the code and
 * culprits are then the peer's claim (see docs/ceremony.md, "Abort agreement").
 *
 * @since 0.1.0
 */
public class CeremonyException extends ProtocolException {
  private static final long serialVersionUID = 1L;

  private final CeremonyPhase phase;
  private final @Nullable PartyId reporter;

  /** An abort detected locally. */
  public CeremonyException(ErrorCode code, CeremonyPhase phase, String message,
      List<PartyId> culprits, @Nullable Throwable cause) {
    this(code, phase, message, culprits, null, cause);
  }

  /** An abort, detected locally ({@code reporter == null}) or reported by a peer. */
  public CeremonyException(ErrorCode code, CeremonyPhase phase, String message,
      List<PartyId> culprits, @Nullable PartyId reporter, @Nullable Throwable cause) {
    super(code, requireNonNull(phase, "phase") + ": " + message, culprits, cause);
    this.phase = phase;
    this.reporter = reporter;
  }

  /** The phase in which the abort happened. */
  public CeremonyPhase phase() {
    return phase;
  }

  /** The peer whose abort announcement this party adopted; empty if it detected the abort itself. */
  public Optional<PartyId> reporter() {
    return Optional.ofNullable(reporter);
  }
}

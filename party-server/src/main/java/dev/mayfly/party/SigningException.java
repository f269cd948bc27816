package dev.mayfly.party;

import static java.util.Objects.requireNonNull;

import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.MayflyException;
import dev.mayfly.common.PartyId;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * A signing session through {@link SigningClient} produced no output. {@link #code()} and {@link
 * #culprits()} are the agreed outcome record's when parties aborted (else the first failure's, or
 * the verifier's); {@link #outcomes()} says how each party's part ended, with each aborting
 * party's own record. Nothing was written.
 *
 * @since 0.1.0
 */
public final class SigningException extends MayflyException {
  private static final long serialVersionUID = 1L;

  private final transient Map<PartyId, PartyOutcome> outcomes;

  /** A failed session with the parties' outcomes (possibly none, before any proposal). */
  public SigningException(ErrorCode code, String message, List<PartyId> culprits,
      Map<PartyId, PartyOutcome> outcomes, @Nullable Throwable cause) {
    super(code, message, culprits, cause);
    this.outcomes = Collections.unmodifiableMap(new TreeMap<>(requireNonNull(outcomes,
        "outcomes")));
  }

  /** How each party's part ended, by party; empty if the session was never proposed. */
  public Map<PartyId, PartyOutcome> outcomes() {
    return outcomes;
  }
}

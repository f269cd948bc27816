package dev.mayfly.party;

import static java.util.Objects.requireNonNull;

import dev.mayfly.ceremony.OutcomeRecord;
import dev.mayfly.common.MayflyException;
import dev.mayfly.common.PartyId;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * How one party's part of a session ended, as the signing client saw it: it returned a result
 * that verified ({@link Status#SIGNED}), it aborted with an outcome record ({@link
 * Status#ABORTED}; honest parties' records are equal), or the client could not get an answer
 * ({@link Status#FAILED}: unreachable, refused, not attested, malformed answer).
 *
 * @param party the party
 * @param status how it ended
 * @param record the party's agreed outcome record, for {@link Status#ABORTED}
 * @param failure what went wrong between the client and the party, for {@link Status#FAILED}
 * @param message the party's abort message or the failure's, empty when signed
 * @since 0.1.0
 */
public record PartyOutcome(PartyId party, Status status, @Nullable OutcomeRecord record,
    @Nullable MayflyException failure, String message) {

  /** How a party's part ended. */
  public enum Status {
    /** The party returned a result that decoded and verified. */
    SIGNED,
    /** The party aborted; its outcome record is in {@link #record()}. */
    ABORTED,
    /** The client got no usable answer; see {@link #failure()}. */
    FAILED
  }

  /** Checks the fields. */
  public PartyOutcome {
    requireNonNull(party, "party");
    requireNonNull(status, "status");
    requireNonNull(message, "message");
    if ((status == Status.ABORTED) != (record != null)
        || (status == Status.FAILED) != (failure != null)) {
      throw new IllegalArgumentException("a " + status + " outcome with record " + record
          + " and failure " + failure);
    }
  }

  /** The outcome record, for an aborted party. */
  public Optional<OutcomeRecord> outcomeRecord() {
    return Optional.ofNullable(record);
  }

  /** The failure, for a party the client got no usable answer from. */
  public Optional<MayflyException> failureCause() {
    return Optional.ofNullable(failure);
  }
}

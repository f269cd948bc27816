package dev.mayfly.ceremony;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * The session cannot go on: what this party found, as the complaints it will announce (usually
 * one; a public check that names several culprits gives one proof each). Thrown inside the engine
 * only; {@link PartySession} turns it into the abort agreement.
 */
final class SessionFault extends Exception {
  private static final long serialVersionUID = 1L;

  private final transient List<Complaint> complaints;

  SessionFault(Complaint complaint) {
    this(List.of(complaint), null);
  }

  SessionFault(Complaint complaint, Throwable cause) {
    this(List.of(complaint), cause);
  }

  SessionFault(List<Complaint> complaints, Throwable cause) {
    super(describe(complaints), cause, false, false);
    this.complaints = List.copyOf(complaints);
  }

  private static String describe(List<Complaint> complaints) {
    if (complaints.isEmpty()) {
      throw new IllegalArgumentException("a fault needs a complaint");
    }
    Complaint first = requireNonNull(complaints.get(0), "complaint");
    return first.code() + ": " + first.text();
  }

  /** The first complaint. */
  Complaint complaint() {
    return complaints.get(0);
  }

  /** Every complaint, in the order found. */
  List<Complaint> complaints() {
    return complaints;
  }
}

package dev.mayfly.ceremony;

import static java.util.Objects.requireNonNull;

import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.PartyId;
import dev.mayfly.transport.Envelope;
import dev.mayfly.transport.RoundTag;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What one party says went wrong, in its abort announcement: a {@link Kind#PROOF} of a fault of
 * {@code accused} (one party) shown by the signed {@code evidence}, or an unproven {@link
 * Kind#REPORT} about {@code accused} (possibly nobody).
 *
 * @param kind proof or report
 * @param code what went wrong
 * @param accused the culprit of a proof (exactly one), or whom a report is about
 * @param round the round concerned; empty for the checks before the hello
 * @param evidence for a proof, the envelopes that show it; for a report, supporting envelopes
 *     (the reporter's copies of what was disputed), possibly none
 * @param text a short public description (never secret)
 */
record Complaint(Kind kind, ErrorCode code, List<PartyId> accused, Optional<RoundTag> round,
    List<Envelope> evidence, String text) {

  /** Proof or report. */
  enum Kind {
    PROOF,
    REPORT
  }

  Complaint {
    requireNonNull(kind, "kind");
    requireNonNull(code, "code");
    accused = accused.stream().distinct().sorted().toList();
    requireNonNull(round, "round");
    evidence = List.copyOf(evidence);
    requireNonNull(text, "text");
    if (kind == Kind.PROOF && accused.size() != 1) {
      throw new IllegalArgumentException("a proof names exactly one culprit, got " + accused);
    }
  }

  /** A proof that {@code culprit} committed {@code code} in {@code round}, shown by {@code evidence}. */
  static Complaint proof(ErrorCode code, PartyId culprit, @Nullable RoundTag round,
      List<Envelope> evidence, String text) {
    return new Complaint(Kind.PROOF, code, List.of(culprit), Optional.ofNullable(round), evidence,
        text);
  }

  /** An unproven report of {@code code} about {@code accused}. */
  static Complaint report(ErrorCode code, List<PartyId> accused, @Nullable RoundTag round,
      List<Envelope> evidence, String text) {
    return new Complaint(Kind.REPORT, code, accused, Optional.ofNullable(round), evidence, text);
  }

  /** The round's name for the record ({@code setup} before the hello). */
  String roundName() {
    return round.map(RoundTag::toString).orElse("setup");
  }

  /** The culprit of a proof. */
  PartyId culprit() {
    if (kind != Kind.PROOF) {
      throw new IllegalStateException("a report has no culprit");
    }
    return accused.get(0);
  }
}

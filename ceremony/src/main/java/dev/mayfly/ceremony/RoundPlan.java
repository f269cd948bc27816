package dev.mayfly.ceremony;

import static java.util.Objects.requireNonNull;

import dev.mayfly.ceremony.internal.Messages;
import dev.mayfly.cert.mint.GroupKeyAlgorithm;
import dev.mayfly.common.PartyId;
import dev.mayfly.transport.Envelope;
import dev.mayfly.transport.RoundSchedule;
import dev.mayfly.transport.RoundTag;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every round of one session, in order, with who sends in it, who receives, and its shape: the
 * same at every party, since it follows from the proposal alone. Each party's inbox schedule is
 * the part it receives; proofs of misshaped or misplaced envelopes are checked against it.
 */
final class RoundPlan {
  static final RoundTag HELLO = RoundTag.of("hello", 1);
  static final RoundTag HELLO_ECHO = RoundTag.of("hello-echo", 1);
  static final RoundTag DKG_1 = RoundTag.of("dkg", 1);
  static final RoundTag DKG_1_ECHO = RoundTag.of("dkg-echo", 1);
  static final RoundTag DKG_2 = RoundTag.of("dkg", 2);
  static final RoundTag DONE = RoundTag.of("done", 1);
  static final RoundTag DONE_ECHO = RoundTag.of("done-echo", 1);
  /** An abort announcement; not a round of the schedule. */
  static final RoundTag ABORT = RoundTag.of("abort", 1);
  /** A party's relay of another party's announcement; not a round of the schedule. */
  static final RoundTag ABORT_RELAY = RoundTag.of("abort", 2);
  /** A party's close: the digest of the announcements it holds; not a round of the schedule. */
  static final RoundTag ABORT_CLOSE = RoundTag.of("abort", 3);
  /** The abort tags. */
  static final Set<RoundTag> ABORT_TAGS = Set.of(ABORT, ABORT_RELAY, ABORT_CLOSE);
  /**
   * The largest payload of an envelope of any round: one such envelope, encoded, fits the
   * evidence of an announcement ({@code Messages.MAX_EVIDENCE_BYTES}).
   */
  static final int MAX_ROUND_PAYLOAD_BYTES = Messages.MAX_EVIDENCE_BYTES - 4096;

  /** One round. */
  record Round(RoundTag tag, RoundSchedule.Shape shape, Set<PartyId> senders,
      Set<PartyId> receivers, CeremonyPhase phase) {}

  /**
   * The room one ECDSA document takes in a sealed signing list (DKLs23 round 2, about 53.7 KB, in
   * a u32 length; see docs/mpc.md), rounded up.
   */
  static final int ECDSA_SEALED_BYTES_PER_DOCUMENT = 56 * 1024;

  private final List<Round> rounds;
  private final int maxPayloadBytes;

  private RoundPlan(List<Round> rounds, int maxPayloadBytes) {
    this.rounds = List.copyOf(rounds);
    this.maxPayloadBytes = maxPayloadBytes;
  }

  /**
   * The largest payload a session of {@code documents} documents may need: {@link
   * #MAX_ROUND_PAYLOAD_BYTES}, or for an ECDSA session whose sealed signing lists are larger,
   * room for them (at most {@link Envelope#MAX_PAYLOAD_BYTES}). Such a sealed envelope is only
   * ever its recipient's report, never carried as evidence, so its size does not matter to an
   * announcement (which leaves out what does not fit).
   */
  static int maxPayloadBytes(GroupKeyAlgorithm algorithm, int documents) {
    if (algorithm != GroupKeyAlgorithm.ECDSA_P256) {
      return MAX_ROUND_PAYLOAD_BYTES;
    }
    long needed = (long) documents * ECDSA_SEALED_BYTES_PER_DOCUMENT + 64 * 1024;
    return (int) Math.min(Envelope.MAX_PAYLOAD_BYTES, Math.max(MAX_ROUND_PAYLOAD_BYTES, needed));
  }

  /** The most documents an ECDSA session can sign within {@link Envelope#MAX_PAYLOAD_BYTES}. */
  static final int ECDSA_MAX_DOCUMENTS =
      (Envelope.MAX_PAYLOAD_BYTES - 64 * 1024) / ECDSA_SEALED_BYTES_PER_DOCUMENT;

  /** The plan of a session with {@code parties}, {@code signers} and {@code protocol}. */
  static RoundPlan of(List<PartyId> parties, List<PartyId> signers, ThresholdProtocol protocol) {
    return of(parties, signers, protocol, MAX_ROUND_PAYLOAD_BYTES);
  }

  /** As {@link #of(List, List, ThresholdProtocol)}, with a payload limit (see {@link #maxPayloadBytes}). */
  static RoundPlan of(List<PartyId> parties, List<PartyId> signers, ThresholdProtocol protocol,
      int maxPayloadBytes) {
    Set<PartyId> all = new TreeSet<>(parties);
    Builder b = new Builder(all);
    b.broadcast(HELLO, all, CeremonyPhase.HELLO).echo(HELLO_ECHO, CeremonyPhase.HELLO);
    b.broadcast(DKG_1, all, CeremonyPhase.DKG).echo(DKG_1_ECHO, CeremonyPhase.DKG);
    b.pointToPoint(DKG_2, all, all, CeremonyPhase.DKG);
    protocol.planSigning(b, new TreeSet<>(signers));
    b.broadcast(DONE, all, CeremonyPhase.DESTROY).echo(DONE_ECHO, CeremonyPhase.DESTROY);
    return new RoundPlan(b.rounds, maxPayloadBytes);
  }

  /** Adds rounds in order; the protocols add their signing rounds through it. */
  static final class Builder {
    private final Set<PartyId> all;
    private final List<Round> rounds = new ArrayList<>();

    private Builder(Set<PartyId> all) {
      this.all = all;
    }

    /** Every party of the session. */
    Set<PartyId> everyone() {
      return all;
    }

    /** A round in which {@code senders} broadcast to every party. */
    Builder broadcast(RoundTag tag, Set<PartyId> senders, CeremonyPhase phase) {
      rounds.add(new Round(tag, RoundSchedule.Shape.BROADCAST, Set.copyOf(senders),
          Set.copyOf(all), phase));
      return this;
    }

    /** The echo round of the broadcast round just added: every party echoes to every party. */
    Builder echo(RoundTag tag, CeremonyPhase phase) {
      return broadcast(tag, all, phase);
    }

    /** A round in which each of {@code senders} sends to each of {@code receivers} but itself. */
    Builder pointToPoint(RoundTag tag, Set<PartyId> senders, Set<PartyId> receivers,
        CeremonyPhase phase) {
      rounds.add(new Round(tag, RoundSchedule.Shape.POINT_TO_POINT, Set.copyOf(senders),
          Set.copyOf(receivers), phase));
      return this;
    }
  }

  /** The rounds {@code self} receives, as its inbox schedule. */
  RoundSchedule scheduleOf(PartyId self) {
    RoundSchedule.Builder schedule = RoundSchedule.builder().maxPayloadBytes(maxPayloadBytes);
    for (Round round : rounds) {
      if (!round.receivers().contains(self)) {
        continue;
      }
      Set<PartyId> senders = new TreeSet<>(round.senders());
      senders.remove(self);
      if (senders.isEmpty()) {
        continue;
      }
      if (round.shape() == RoundSchedule.Shape.BROADCAST) {
        schedule.broadcast(round.tag(), senders);
      } else {
        schedule.pointToPoint(round.tag(), senders);
      }
    }
    return schedule.build();
  }

  /** The round {@code tag}, if the session has it. */
  Optional<Round> round(RoundTag tag) {
    requireNonNull(tag, "tag");
    return rounds.stream().filter(r -> r.tag().equals(tag)).findFirst();
  }

  /** The position of {@code tag} in the session (abort rounds last), for ordering the record. */
  int position(RoundTag tag) {
    for (int i = 0; i < rounds.size(); i++) {
      if (rounds.get(i).tag().equals(tag)) {
        return i;
      }
    }
    return rounds.size();
  }

  /** The echo round of broadcast round {@code tag}, if it has one. */
  Optional<RoundTag> echoOf(RoundTag tag) {
    RoundTag echo = RoundTag.of(tag.phase() + "-echo", tag.round());
    return round(echo).isPresent() && !tag.phase().endsWith("-echo") ? Optional.of(echo)
        : Optional.empty();
  }

  /** The phase of round {@code tag}; abort rounds have none of their own. */
  Optional<CeremonyPhase> phaseOf(RoundTag tag) {
    return round(tag).map(Round::phase);
  }

  /**
   * Whether an envelope from {@code sender} tagged {@code tag}, broadcast or to {@code recipient},
   * has a place in the session: a round where the sender sends, in that round's shape, to a party
   * that receives it.
   */
  boolean fits(PartyId sender, RoundTag tag, Optional<PartyId> recipient) {
    if (ABORT_TAGS.contains(tag)) {
      return recipient.isEmpty();
    }
    Optional<Round> round = round(tag);
    if (round.isEmpty() || !round.get().senders().contains(sender)) {
      return false;
    }
    if (round.get().shape() == RoundSchedule.Shape.BROADCAST) {
      return recipient.isEmpty();
    }
    return recipient.isPresent() && !recipient.get().equals(sender)
        && round.get().receivers().contains(recipient.get());
  }
}

package dev.mayfly.transport;

import static java.util.Objects.requireNonNull;

import dev.mayfly.common.PartyId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The rounds one party receives in a session, in the order it receives them, e.g. {@code hello/1,
 * dkg/1, dkg-echo/1, dkg/2, sign/1, ...}, and optionally for each round its shape (broadcast or
 * point to point) and the parties that send in it.
 *
 * <p>{@link Inbox} uses the order to tell an early message (for a later round: buffered) from a
 * stale or foreign one (for an earlier round, or a round not in the schedule). When a round has a
 * shape, a validly signed envelope of the other shape is a provable fault of its sender ({@code
 * TRANSPORT_WRONG_SHAPE}); when a round lists its senders, a validly signed envelope from any
 * other party is one too ({@code TRANSPORT_WRONG_ROUND}). The schedule is per party: list only the
 * rounds this party receives.
 *
 * <pre>{@code
 * RoundSchedule schedule = RoundSchedule.builder()
 *     .broadcast(HELLO, everyone)
 *     .broadcast(DKG_1, everyone)
 *     .pointToPoint(DKG_2, everyone)
 *     .build();
 * }</pre>
 *
 * @since 0.1.0
 */
public final class RoundSchedule {
  /** How the envelopes of a round travel. */
  public enum Shape {
    /** Every envelope of the round is addressed to every party. */
    BROADCAST,
    /** Every envelope of the round is addressed to one party. */
    POINT_TO_POINT
  }

  /** One round: its tag and, if the schedule says, its shape and senders. */
  private record Round(RoundTag tag, @Nullable Shape shape, @Nullable Set<PartyId> senders) {}

  private final List<Round> rounds;
  private final Map<RoundTag, Integer> positions;
  private final int maxPayloadBytes;

  private RoundSchedule(List<Round> rounds, int maxPayloadBytes) {
    this.rounds = List.copyOf(rounds);
    this.maxPayloadBytes = maxPayloadBytes;
    Map<RoundTag, Integer> positions = new HashMap<>();
    for (int i = 0; i < rounds.size(); i++) {
      if (positions.putIfAbsent(rounds.get(i).tag(), i) != null) {
        throw new IllegalArgumentException("round " + rounds.get(i).tag() + " is listed twice");
      }
    }
    this.positions = Map.copyOf(positions);
  }

  /**
   * The schedule with these rounds, in order, with no shape and no sender list (any shape, any
   * member of the session).
   *
   * @throws IllegalArgumentException if {@code rounds} is empty or lists a round twice
   */
  public static RoundSchedule of(List<RoundTag> rounds) {
    requireNonNull(rounds, "rounds");
    Builder builder = builder();
    rounds.forEach(tag -> builder.add(tag, null, null));
    return builder.build();
  }

  /** Same as {@link #of(List)}. */
  public static RoundSchedule of(RoundTag... rounds) {
    requireNonNull(rounds, "rounds");
    return of(List.of(rounds));
  }

  /** A builder that lists rounds with their shapes and senders, in order. */
  public static Builder builder() {
    return new Builder();
  }

  /** The rounds, in order. */
  public List<RoundTag> rounds() {
    return rounds.stream().map(Round::tag).toList();
  }

  /** Whether {@code tag} is in the schedule. */
  public boolean contains(RoundTag tag) {
    requireNonNull(tag, "tag");
    return positions.containsKey(tag);
  }

  /** The position of {@code tag} (0 for the first round), or -1 if it is not in the schedule. */
  public int positionOf(RoundTag tag) {
    requireNonNull(tag, "tag");
    return positions.getOrDefault(tag, -1);
  }

  /** The shape of round {@code tag}, if the schedule gives one. */
  public Optional<Shape> shapeOf(RoundTag tag) {
    return round(tag).map(Round::shape);
  }

  /**
   * The parties that send in round {@code tag}, ascending, if the schedule lists them; empty means
   * any member of the session.
   */
  public Optional<Set<PartyId>> sendersOf(RoundTag tag) {
    return round(tag).map(Round::senders);
  }

  /**
   * The largest payload an envelope of a scheduled round may carry; {@link Inbox} drops a larger
   * one unread, as junk ({@link Envelope#MAX_PAYLOAD_BYTES} unless the builder set less).
   */
  public int maxPayloadBytes() {
    return maxPayloadBytes;
  }

  private Optional<Round> round(RoundTag tag) {
    int position = positionOf(tag);
    return position < 0 ? Optional.empty() : Optional.of(rounds.get(position));
  }

  @Override
  public String toString() {
    return "RoundSchedule" + rounds();
  }

  /**
   * Builds a {@link RoundSchedule}, round by round in receiving order.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private final List<Round> rounds = new ArrayList<>();
    private int maxPayloadBytes = Envelope.MAX_PAYLOAD_BYTES;

    private Builder() {}

    /**
     * The largest payload of an envelope of any scheduled round (abort tags are not rounds of the
     * schedule); a caller that carries envelopes as evidence sets what it can carry.
     *
     * @throws IllegalArgumentException if not between 1 and {@link Envelope#MAX_PAYLOAD_BYTES}
     */
    public Builder maxPayloadBytes(int maxPayloadBytes) {
      if (maxPayloadBytes < 1 || maxPayloadBytes > Envelope.MAX_PAYLOAD_BYTES) {
        throw new IllegalArgumentException("maxPayloadBytes must be between 1 and "
            + Envelope.MAX_PAYLOAD_BYTES);
      }
      this.maxPayloadBytes = maxPayloadBytes;
      return this;
    }

    /** A broadcast round in which {@code senders} send (the local party may be among them). */
    public Builder broadcast(RoundTag tag, Set<PartyId> senders) {
      return add(requireNonNull(tag, "tag"), Shape.BROADCAST, requireNonNull(senders, "senders"));
    }

    /** A point-to-point round in which {@code senders} send to the local party. */
    public Builder pointToPoint(RoundTag tag, Set<PartyId> senders) {
      return add(requireNonNull(tag, "tag"), Shape.POINT_TO_POINT,
          requireNonNull(senders, "senders"));
    }

    private Builder add(RoundTag tag, @Nullable Shape shape, @Nullable Set<PartyId> senders) {
      requireNonNull(tag, "tag");
      rounds.add(new Round(tag, shape,
          senders == null ? null : Collections.unmodifiableSortedSet(new TreeSet<>(senders))));
      return this;
    }

    /**
     * Builds the schedule.
     *
     * @throws IllegalArgumentException if no round was added or a round is listed twice
     */
    public RoundSchedule build() {
      if (rounds.isEmpty()) {
        throw new IllegalArgumentException("a schedule needs at least one round");
      }
      return new RoundSchedule(rounds, maxPayloadBytes);
    }
  }
}

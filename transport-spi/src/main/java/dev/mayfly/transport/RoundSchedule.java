package dev.mayfly.transport;

import static java.util.Objects.requireNonNull;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The rounds one party receives in a session, in the order it receives them, e.g. {@code hello/1,
 * dkg/1, dkg-echo/1, dkg/2, mint/1, ...}.
 *
 * <p>{@link Inbox} uses the order to tell an early message (for a later round: buffered) from a
 * stale or foreign one (for an earlier round, or a round not in the schedule: rejected with
 * {@code TRANSPORT_WRONG_ROUND}). The schedule is per party: list only the rounds this party takes
 * part in.
 *
 * @since 0.1.0
 */
public final class RoundSchedule {
  private final List<RoundTag> rounds;
  private final Map<RoundTag, Integer> positions;

  private RoundSchedule(List<RoundTag> rounds) {
    this.rounds = rounds;
    Map<RoundTag, Integer> positions = new HashMap<>();
    for (int i = 0; i < rounds.size(); i++) {
      if (positions.putIfAbsent(rounds.get(i), i) != null) {
        throw new IllegalArgumentException("round " + rounds.get(i) + " is listed twice");
      }
    }
    this.positions = Map.copyOf(positions);
  }

  /**
   * The schedule with these rounds, in order.
   *
   * @throws IllegalArgumentException if {@code rounds} is empty or lists a round twice
   */
  public static RoundSchedule of(List<RoundTag> rounds) {
    requireNonNull(rounds, "rounds");
    if (rounds.isEmpty()) {
      throw new IllegalArgumentException("a schedule needs at least one round");
    }
    return new RoundSchedule(List.copyOf(rounds));
  }

  /** Same as {@link #of(List)}. */
  public static RoundSchedule of(RoundTag... rounds) {
    requireNonNull(rounds, "rounds");
    return of(List.of(rounds));
  }

  /** The rounds, in order. */
  public List<RoundTag> rounds() {
    return rounds;
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

  @Override
  public String toString() {
    return "RoundSchedule" + rounds;
  }
}

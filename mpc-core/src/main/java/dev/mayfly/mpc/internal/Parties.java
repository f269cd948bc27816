package dev.mayfly.mpc.internal;

import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.PartyId;
import dev.mayfly.common.ProtocolException;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * The checks every mpc-core state machine makes on its roster, its signer set and the sender of
 * each message.
 *
 * @since 0.1.0
 */
public final class Parties {
  private Parties() {}

  /**
   * The roster in ascending order.
   *
   * @throws IllegalArgumentException if the roster has duplicates, lacks {@code self}, has fewer
   *     than two parties, or {@code threshold} is not in 2..n
   */
  public static List<PartyId> checkedRoster(PartyId self, Collection<PartyId> roster,
      int threshold) {
    TreeSet<PartyId> sorted = new TreeSet<>(roster);
    if (sorted.size() != roster.size()) {
      throw new IllegalArgumentException("roster lists a party twice: " + roster);
    }
    if (!sorted.contains(self)) {
      throw new IllegalArgumentException(self + " is not in the roster " + roster);
    }
    if (threshold < 2 || threshold > sorted.size()) {
      throw new IllegalArgumentException(
          "threshold must be in 2.." + sorted.size() + ", got " + threshold);
    }
    return List.copyOf(sorted);
  }

  /**
   * The signers in ascending order.
   *
   * @throws IllegalArgumentException if the signers repeat a party, lack {@code self}, include a
   *     non-participant of the key, or are fewer than {@code minimum}
   */
  public static List<PartyId> checkedSigners(PartyId self, Collection<PartyId> signers,
      Predicate<PartyId> isParticipant, int minimum) {
    TreeSet<PartyId> sorted = new TreeSet<>(signers);
    if (sorted.size() != signers.size()) {
      throw new IllegalArgumentException("signers list a party twice: " + signers);
    }
    if (!sorted.contains(self)) {
      throw new IllegalArgumentException(self + " is not among the signers " + signers);
    }
    for (PartyId id : sorted) {
      if (!isParticipant.test(id)) {
        throw new IllegalArgumentException(id + " holds no share of this key");
      }
    }
    if (sorted.size() < minimum) {
      throw new IllegalArgumentException(sorted.size() + " signers, at least " + minimum
          + " needed");
    }
    return List.copyOf(sorted);
  }

  /**
   * Checks that {@code sender} is another member of {@code parties}.
   *
   * @throws ProtocolException {@code MPC_UNEXPECTED_MESSAGE} naming the sender otherwise
   */
  public static void checkSender(PartyId self, List<PartyId> parties, PartyId sender,
      String what) throws ProtocolException {
    if (sender.equals(self) || !parties.contains(sender)) {
      throw new ProtocolException(ErrorCode.MPC_UNEXPECTED_MESSAGE,
          what + " from " + sender + ", who is not another party of " + parties, sender);
    }
  }
}

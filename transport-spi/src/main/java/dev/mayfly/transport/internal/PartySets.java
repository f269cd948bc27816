package dev.mayfly.transport.internal;

import static java.util.Objects.requireNonNull;

import dev.mayfly.common.PartyId;
import java.util.Collection;
import java.util.TreeSet;

/** Checked, sorted copies of party lists taken by builders. */
public final class PartySets {
  private PartySets() {}

  /** A sorted, duplicate-free copy of {@code parties}; throws NullPointerException on nulls. */
  public static TreeSet<PartyId> sortedCopy(Collection<PartyId> parties) {
    requireNonNull(parties, "parties");
    TreeSet<PartyId> copy = new TreeSet<>();
    for (PartyId party : parties) {
      copy.add(requireNonNull(party, "party"));
    }
    return copy;
  }
}

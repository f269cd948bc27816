package dev.mayfly.common;

/**
 * A party of a ceremony: its index 1..65535, which is also its Shamir x-coordinate.
 *
 * @param value the index, at least 1 and at most {@link #MAX}
 * @since 0.1.0
 */
public record PartyId(int value) implements Comparable<PartyId> {
  /** The largest index (it must fit the two-byte field of the envelope encoding). */
  public static final int MAX = 0xFFFF;

  /** Checks the range. */
  public PartyId {
    if (value < 1 || value > MAX) {
      throw new IllegalArgumentException("party id must be in 1.." + MAX + ", got " + value);
    }
  }

  /** The party with this index. */
  public static PartyId of(int value) {
    return new PartyId(value);
  }

  @Override
  public int compareTo(PartyId other) {
    return Integer.compare(value, other.value);
  }

  @Override
  public String toString() {
    return "party " + value;
  }
}

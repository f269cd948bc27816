package dev.mayfly.transport.memory;

import static java.util.Objects.requireNonNull;

import dev.mayfly.common.PartyId;
import dev.mayfly.transport.RoundTag;

/**
 * One fault decision an {@link InMemoryNetwork} carried out, for tests and demo output.
 *
 * @param kind what was done
 * @param sender the party whose message was affected
 * @param recipient the recipient of the affected copy
 * @param tag the message's round tag
 * @param sequence the message's sequence number
 * @param detail what exactly, e.g. {@code bit 913} or {@code +200ms}; empty if nothing to add
 * @since 0.1.0
 */
public record FaultEvent(
    FaultKind kind, PartyId sender, PartyId recipient, RoundTag tag, long sequence, String detail)
    implements Comparable<FaultEvent> {

  /** Checks for nulls. */
  public FaultEvent {
    requireNonNull(kind, "kind");
    requireNonNull(sender, "sender");
    requireNonNull(recipient, "recipient");
    requireNonNull(tag, "tag");
    requireNonNull(detail, "detail");
  }

  /** Orders by sender, sequence, recipient, kind, then detail: a timing-independent order. */
  @Override
  public int compareTo(FaultEvent other) {
    int c = sender.compareTo(other.sender);
    if (c == 0) {
      c = Long.compare(sequence, other.sequence);
    }
    if (c == 0) {
      c = recipient.compareTo(other.recipient);
    }
    if (c == 0) {
      c = kind.compareTo(other.kind);
    }
    if (c == 0) {
      c = detail.compareTo(other.detail);
    }
    return c;
  }
}

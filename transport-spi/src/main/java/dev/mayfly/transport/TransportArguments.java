package dev.mayfly.transport;

import static java.util.Objects.requireNonNull;

import dev.mayfly.common.PartyId;
import java.util.List;

/**
 * The caller checks every {@link Transport} makes on what it is asked to send (its contract says
 * they throw {@link IllegalArgumentException}), in one place for every implementation.
 *
 * @since 0.1.0
 */
public final class TransportArguments {
  private TransportArguments() {}

  /**
   * The recipient of a point-to-point envelope {@code self} sends.
   *
   * @throws IllegalArgumentException if the envelope is a broadcast, is not from {@code self}, or
   *     its recipient is not one of {@code peers}
   */
  public static PartyId recipientOf(Envelope envelope, PartyId self, List<PartyId> peers) {
    requireFrom(envelope, self);
    PartyId recipient = envelope.recipient().orElseThrow(() ->
        new IllegalArgumentException("send() takes a point-to-point envelope; use broadcast()"));
    if (!peers.contains(recipient)) {
      throw new IllegalArgumentException(recipient + " is not a peer of " + self);
    }
    return recipient;
  }

  /**
   * Checks a broadcast envelope {@code self} sends.
   *
   * @throws IllegalArgumentException if it is not a broadcast or not from {@code self}
   */
  public static void requireBroadcast(Envelope envelope, PartyId self) {
    requireFrom(envelope, self);
    if (!envelope.isBroadcast()) {
      throw new IllegalArgumentException("broadcast() takes a broadcast envelope; use send()");
    }
  }

  private static void requireFrom(Envelope envelope, PartyId self) {
    requireNonNull(envelope, "envelope");
    if (!envelope.sender().equals(self)) {
      throw new IllegalArgumentException(
          "envelope is from " + envelope.sender() + ", this transport belongs to " + self);
    }
  }
}

package dev.mayfly.transport.memory;

import dev.mayfly.common.PartyId;

/** One copy of a message on its way to one recipient; mutable while faults are applied. */
final class Delivery {
  final PartyId recipient;
  byte[] bytes;
  long deliverAtNanos;
  long orderKey;

  Delivery(PartyId recipient, byte[] bytes, long deliverAtNanos) {
    this.recipient = recipient;
    this.bytes = bytes;
    this.deliverAtNanos = deliverAtNanos;
  }

  Delivery copy() {
    Delivery copy = new Delivery(recipient, bytes, deliverAtNanos);
    copy.orderKey = orderKey;
    return copy;
  }
}

package dev.mayfly.ceremony;

import dev.mayfly.transport.RoundTag;

/**
 * Rewrites what one party sends, before the party signs it and records it as its own: a party
 * turned malicious but consistent, for the tests of {@link LocalCeremony} (faults a network cannot
 * make, such as a validly signed, echo-consistent message with wrong content). Package-private:
 * never part of the API.
 */
@FunctionalInterface
interface PayloadTamper {
  /** Leaves everything as it is. */
  PayloadTamper NONE = (tag, payload) -> payload;

  /** The payload to send in round {@code tag} instead of {@code payload}. */
  byte[] tamper(RoundTag tag, byte[] payload);
}

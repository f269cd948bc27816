package dev.mayfly.transport.grpc.internal;

import dev.mayfly.common.PartyId;
import org.jspecify.annotations.Nullable;

/** Parsing of the Mayfly metadata values. */
final class Headers {
  private Headers() {}

  /** The party id in a {@code mayfly-party} or {@code mayfly-to} value, or null if malformed. */
  static @Nullable PartyId party(@Nullable String value) {
    if (value == null || value.isEmpty() || value.length() > 5) {
      return null;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < '0' || c > '9' || (i == 0 && c == '0')) {
        return null;
      }
    }
    int id = Integer.parseInt(value);
    return id <= PartyId.MAX ? PartyId.of(id) : null;
  }
}

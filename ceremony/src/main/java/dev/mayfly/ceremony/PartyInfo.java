package dev.mayfly.ceremony;

import static java.util.Objects.requireNonNull;

import dev.mayfly.common.PartyId;

/**
 * A party of a session proposal: its id (the Shamir x-coordinate) and a display name for people.
 *
 * @param id the party id
 * @param displayName 1 to 64 printable characters
 * @since 0.1.0
 */
public record PartyInfo(PartyId id, String displayName) {
  /** Checks the display name. */
  public PartyInfo {
    requireNonNull(id, "id");
    requireNonNull(displayName, "displayName");
    if (displayName.isEmpty() || displayName.length() > 64
        || !displayName.chars().allMatch(c -> c >= 0x20 && c < 0x7F)) {
      throw new IllegalArgumentException(
          "display name must be 1 to 64 printable ASCII characters, got '" + displayName + "'");
    }
  }

  /** Party {@code id} named "party-{@code id}". */
  public static PartyInfo of(int id) {
    return new PartyInfo(PartyId.of(id), "party-" + id);
  }
}

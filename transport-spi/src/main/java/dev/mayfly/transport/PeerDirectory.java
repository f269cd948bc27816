package dev.mayfly.transport;

import static java.util.Objects.requireNonNull;

import dev.mayfly.common.PartyId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The roster of one session: which parties take part, and the identity key admitted for each.
 *
 * <p>The party ids are fixed when the directory is created (from the session proposal). Keys are
 * not known in advance: each party's hello message carries its identity key and attestation
 * report, and the caller {@linkplain #pin pins} the key once it has checked the report. Until
 * then, envelopes from that party can only be checked under the key they carry
 * ({@link EnvelopeVerifier#verifySelfSigned}).
 *
 * <p><b>Security:</b> a pinned key cannot be replaced: pinning a different key for the same party
 * throws, so a second hello cannot swap a party's identity mid-session.
 *
 * <p>Thread-safety: safe for concurrent use; a pin is visible to every thread once
 * {@link #pin} returns.
 *
 * @since 0.1.0
 */
public final class PeerDirectory {
  private final Set<PartyId> parties;
  private final Map<PartyId, IdentityPublicKey> keys = new ConcurrentHashMap<>();

  private PeerDirectory(Set<PartyId> parties) {
    this.parties = parties;
  }

  /**
   * A directory for these parties (the local party included), with no key pinned yet.
   *
   * @throws IllegalArgumentException if {@code parties} is empty
   */
  public static PeerDirectory create(Set<PartyId> parties) {
    requireNonNull(parties, "parties");
    if (parties.isEmpty()) {
      throw new IllegalArgumentException("a session needs at least one party");
    }
    return new PeerDirectory(Set.copyOf(parties));
  }

  /** Every party of the session, in ascending order. */
  public List<PartyId> parties() {
    return List.copyOf(new TreeSet<>(parties));
  }

  /** Whether {@code party} belongs to the session. */
  public boolean isMember(PartyId party) {
    requireNonNull(party, "party");
    return parties.contains(party);
  }

  /**
   * Admits {@code key} as the identity key of {@code party}. Pinning the same key again does
   * nothing.
   *
   * @throws IllegalArgumentException if {@code party} is not a member
   * @throws IllegalStateException if another key is already pinned for {@code party}
   */
  public void pin(PartyId party, IdentityPublicKey key) {
    requireNonNull(party, "party");
    requireNonNull(key, "key");
    if (!parties.contains(party)) {
      throw new IllegalArgumentException(party + " is not a member of the session");
    }
    IdentityPublicKey previous = keys.putIfAbsent(party, key);
    if (previous != null && !previous.equals(key)) {
      throw new IllegalStateException(party + " already has another identity key pinned");
    }
  }

  /** The key pinned for {@code party}, if any. */
  public Optional<IdentityPublicKey> key(PartyId party) {
    requireNonNull(party, "party");
    return Optional.ofNullable(keys.get(party));
  }

  @Override
  public String toString() {
    return "PeerDirectory[" + parties.size() + " parties, " + keys.size() + " keys pinned]";
  }
}

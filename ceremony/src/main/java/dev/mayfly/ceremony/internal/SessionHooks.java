package dev.mayfly.ceremony.internal;

import dev.mayfly.transport.IdentityKeyPair;
import dev.mayfly.transport.RoundTag;

/**
 * The one seam through which a simulation plays a party as misbehaving: it sees the party's
 * session identity key when it is made (so a simulated network can sign equivocating copies) and
 * may rewrite each payload before the party signs and records it as its own. Production parties
 * use {@link #NONE}; only the {@code simulation} module installs others, through {@link
 * EngineAccess}. Not API.
 */
public interface SessionHooks {
  /** Changes nothing. */
  SessionHooks NONE = new SessionHooks() {};

  /** Called once with the party's session identity key, right after it is made. */
  default void identityKeyMade(IdentityKeyPair key) {}

  /** The payload to sign and send in round {@code tag} instead of {@code payload}. */
  default byte[] outgoing(RoundTag tag, byte[] payload) {
    return payload;
  }
}

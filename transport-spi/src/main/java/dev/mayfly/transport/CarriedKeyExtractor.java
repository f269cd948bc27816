package dev.mayfly.transport;

import dev.mayfly.common.MayflyException;

/**
 * Finds the identity key a hello envelope carries in its own payload, so {@link Inbox} can check
 * the envelope's signature before the sender's key is pinned.
 *
 * <p>The payload format belongs to the caller (the ceremony's hello message); the transport only
 * needs the 32 key bytes back.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface CarriedKeyExtractor {
  /**
   * Returns the encoded Ed25519 identity key carried in {@code unverified}'s payload.
   *
   * <p>Runs on untrusted input: the envelope is not verified yet.
   *
   * @throws MayflyException if the payload cannot be parsed (with the caller's own code, naming
   *     {@code unverified.sender()})
   */
  byte[] carriedKey(Envelope unverified) throws MayflyException;
}

package dev.mayfly.transport;

import java.util.Optional;

/**
 * Decides whether an envelope from a member of the session whose identity key is not pinned (or
 * does not verify under the pinned one) brings a key the local party can admit: in the ceremony,
 * the sender's hello, whose attestation report binds the key to the session and the party.
 *
 * <p>{@link Inbox} calls it before it verifies such an envelope. An admission that returns a key
 * must have checked what vouches for it; the inbox then checks the envelope's signature under
 * that key. Usually the admission has pinned the key in the session's {@link PeerDirectory}. It
 * may also return a key it vouches for without pinning it (in the ceremony: the key of a second
 * attested hello for a party slot, for that party's abort announcements only); the inbox then
 * delivers the envelope if it verifies under that key and drops any other failure as junk, since
 * what such a key signs proves nothing about the party the directory knows. An empty answer makes
 * the envelope junk: it is dropped and counted, and nobody is blamed for it, because nothing
 * authenticated says who sent it.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface PeerAdmission {
  /** Admits nobody: envelopes from senders without a pinned key are junk. */
  PeerAdmission NONE = unverified -> Optional.empty();

  /**
   * Returns the key to check {@code unverified} under after checking what vouches for it (usually
   * the key it has just pinned for the sender), or empty if nothing in the envelope does.
   *
   * <p>Runs on untrusted input.
   *
   * @throws TransportException a provable fault of the sender with its {@linkplain
   *     TransportException#evidence() evidence} (for example two attested hellos with different
   *     keys for one party); never for junk
   */
  Optional<IdentityPublicKey> admit(Envelope unverified) throws TransportException;
}

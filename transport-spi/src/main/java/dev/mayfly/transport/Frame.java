package dev.mayfly.transport;

import static java.util.Objects.requireNonNull;

import dev.mayfly.common.PartyId;

/**
 * Bytes a {@link Transport} received, with the party it received them from.
 *
 * <p>The bytes are untrusted: decode them with {@link Envelope#decode(byte[], PartyId)} and check
 * them with {@link EnvelopeVerifier} (or let {@link Inbox} do both). {@link #origin()} is what the
 * transport knows about the link (the in-memory network's sending endpoint, the authenticated TLS
 * peer); it may be a relay rather than the envelope's sender, and it is the party blamed for bytes
 * that cannot be authenticated.
 *
 * @since 0.1.0
 */
public final class Frame {
  private final PartyId origin;
  private final byte[] bytes;

  private Frame(PartyId origin, byte[] owned) {
    this.origin = origin;
    this.bytes = owned;
  }

  /** A frame of {@code bytes} (copied) received from {@code origin}. */
  public static Frame of(PartyId origin, byte[] bytes) {
    requireNonNull(origin, "origin");
    requireNonNull(bytes, "bytes");
    return new Frame(origin, bytes.clone());
  }

  /** The party the transport received the bytes from. */
  public PartyId origin() {
    return origin;
  }

  /** A copy of the received bytes. */
  public byte[] bytes() {
    return bytes.clone();
  }

  /** The number of received bytes. */
  public int length() {
    return bytes.length;
  }

  @Override
  public String toString() {
    return "Frame[" + bytes.length + " bytes from " + origin + "]";
  }
}

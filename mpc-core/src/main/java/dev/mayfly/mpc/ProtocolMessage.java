package dev.mayfly.mpc;

import dev.mayfly.common.PartyId;
import dev.mayfly.common.ProtocolException;
import dev.mayfly.mpc.ciphersuite.Ciphersuite;
import java.util.Optional;

/**
 * A message one party's state machine hands to the host for delivery to other parties.
 *
 * <p>Every message has a strict, versioned encoding ({@link #encode()}) whose header carries the
 * format version, the message type, the {@linkplain #protocolId() protocol id} and the sender;
 * receivers feed those bytes to their own state machine. The byte layouts are in
 * {@code docs/mpc.md}.
 *
 * @since 0.1.0
 */
public interface ProtocolMessage {

  /**
   * The suite of the protocol run: for FROST the ciphersuite, for threshold ECDSA the group and
   * hash it runs on ({@link Ciphersuite#p256Sha256()}); see {@link #protocolId()}.
   */
  Ciphersuite ciphersuite();

  /**
   * The one-byte protocol id in the encoding's header: the {@linkplain Ciphersuite#id() ciphersuite
   * id} for FROST (1 Ed25519, 2 P-256), {@code 3} for threshold ECDSA (DKLs23) on P-256.
   *
   * @since 0.1.0
   */
  default int protocolId() {
    return ciphersuite().id();
  }

  /** The party that produced the message. */
  PartyId sender();

  /** The single recipient of a point-to-point message; empty for a broadcast. */
  Optional<PartyId> recipient();

  /**
   * Whether {@link #encode()} contains secret material (a DKG share). Such bytes must only travel
   * encrypted to {@link #recipient()} and must be wiped by the caller after use.
   */
  default boolean carriesSecret() {
    return false;
  }

  /** The message's canonical encoding, a fresh array. */
  byte[] encode();

  /**
   * The sender named in an encoded message's header, without parsing the rest: a host compares it
   * with the authenticated sender of the envelope that carried the message before feeding it to a
   * state machine (docs/mpc.md, "Message encodings").
   *
   * @throws ProtocolException {@code MPC_MALFORMED_MESSAGE} if the header is missing or names
   *     sender 0
   */
  static PartyId peekSender(byte[] encoded) throws ProtocolException {
    return dev.mayfly.mpc.internal.Wire.peekSender(encoded);
  }
}

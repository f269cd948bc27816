package dev.mayfly.transport.grpc;

import static java.util.Objects.requireNonNull;

import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.PartyId;
import java.time.Instant;
import java.util.Optional;

/**
 * A peer a party node refused: in the TLS handshake (its evidence, certificate or policy hash
 * failed) or on a call (an interceptor found another policy hash, an unknown party or another
 * target).
 *
 * <p>{@link #code()} is the Mayfly code ({@code TRANSPORT_PEER_NOT_ATTESTED}, {@code
 * TRANSPORT_POLICY_HASH_MISMATCH}, {@code TRANSPORT_UNKNOWN_SENDER}, {@code
 * TRANSPORT_WRONG_RECIPIENT}); {@link #attestationCode()} the {@code SNP_*} code of an evidence
 * failure. The party is known for connections this node opened and for calls that named one;
 * an inbound handshake has only the remote address. Holds nothing secret.
 *
 * @since 0.1.0
 */
public final class PeerRefusal {
  /** Where the refusal happened. */
  public enum Stage {
    /** During the TLS handshake: no connection was opened. */
    HANDSHAKE,
    /** On a call over an attested connection: the call was closed before its service ran. */
    CALL
  }

  private final Stage stage;
  private final Direction direction;
  private final Optional<PartyId> party;
  private final String remoteAddress;
  private final ErrorCode code;
  private final Optional<ErrorCode> attestationCode;
  private final String detail;
  private final Instant at;

  PeerRefusal(Stage stage, Direction direction, Optional<PartyId> party, String remoteAddress,
      ErrorCode code, Optional<ErrorCode> attestationCode, String detail, Instant at) {
    this.stage = requireNonNull(stage, "stage");
    this.direction = requireNonNull(direction, "direction");
    this.party = requireNonNull(party, "party");
    this.remoteAddress = requireNonNull(remoteAddress, "remoteAddress");
    this.code = requireNonNull(code, "code");
    this.attestationCode = requireNonNull(attestationCode, "attestationCode");
    this.detail = requireNonNull(detail, "detail");
    this.at = requireNonNull(at, "at");
  }

  /** Handshake or call. */
  public Stage stage() {
    return stage;
  }

  /** Whether the peer connected to this node or this node to the peer. */
  public Direction direction() {
    return direction;
  }

  /** The peer, when known: the party this node connected to, or the party a call claimed. */
  public Optional<PartyId> party() {
    return party;
  }

  /** The peer's address as the network reported it. */
  public String remoteAddress() {
    return remoteAddress;
  }

  /** The Mayfly code of the refusal. */
  public ErrorCode code() {
    return code;
  }

  /** The attestation code ({@code SNP_*}) behind a refused evidence, if any. */
  public Optional<ErrorCode> attestationCode() {
    return attestationCode;
  }

  /** What failed, with the actual and expected values; never secret. */
  public String detail() {
    return detail;
  }

  /** When it happened (node clock). */
  public Instant at() {
    return at;
  }

  @Override
  public String toString() {
    return "PeerRefusal[" + stage + " " + direction + " "
        + party.map(PartyId::toString).orElse(remoteAddress) + ": " + code
        + attestationCode.map(c -> " (" + c + ")").orElse("") + ": " + detail + "]";
  }
}

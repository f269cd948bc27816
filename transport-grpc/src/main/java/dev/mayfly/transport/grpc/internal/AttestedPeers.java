package dev.mayfly.transport.grpc.internal;

import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.PartyId;
import dev.mayfly.transport.TransportException;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** The node's record of what each peer proved; implemented by the node's peer book. */
public interface AttestedPeers extends HandshakeObserver {
  /** What the handshake proved for the inbound certificate with this id, if still known. */
  Optional<VerifiedTlsPeer> inbound(String certificateId);

  /**
   * Records that the connection with {@code verified} speaks for {@code party}.
   *
   * @return why it may not (its TLS key already speaks for another party), or empty
   */
  Optional<String> bindInbound(PartyId party, VerifiedTlsPeer verified);

  /** A call was refused by an interceptor; {@code claimed} is the party it claimed, if any. */
  void callRefused(@Nullable PartyId claimed, String remote, ErrorCode code, String detail);

  /** The refusal of the last handshake with {@code peer}, while no later one succeeded. */
  Optional<TransportException> outboundRefusal(PartyId peer);
}

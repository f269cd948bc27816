package dev.mayfly.transport.grpc.internal;

import dev.mayfly.common.PartyId;
import dev.mayfly.transport.TransportException;
import java.util.Optional;

/** Told the outcome of every peer check a trust manager makes. Must not throw. */
public interface HandshakeObserver {
  /**
   * A peer passed every check.
   *
   * @param inbound whether the peer connected to this node (otherwise this node connected to it)
   * @param peer the party this node connected to; empty for inbound connections
   * @param remote the peer's host and port as the TLS engine reports them
   */
  void verified(boolean inbound, Optional<PartyId> peer, String remote, VerifiedTlsPeer verified);

  /** A peer was refused; {@code reason} carries the code and, for evidence, the SNP cause. */
  void refused(boolean inbound, Optional<PartyId> peer, String remote, TransportException reason);
}

package dev.mayfly.transport.grpc.internal;

import dev.mayfly.common.PartyId;
import dev.mayfly.transport.TransportException;
import java.util.List;

/** Hands encoded envelopes to peers over their links; implemented by the node. */
public interface EnvelopeSender {
  /** Delivers {@code encoded} to {@code peer}, blocking until it took it or failed. */
  void deliver(PartyId peer, byte[] encoded) throws TransportException;

  /** Delivers {@code encoded} to every one of {@code peers} at once; fails if any failed. */
  void deliverToAll(List<PartyId> peers, byte[] encoded) throws TransportException;
}

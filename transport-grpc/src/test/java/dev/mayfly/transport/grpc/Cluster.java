package dev.mayfly.transport.grpc;

import dev.mayfly.common.PartyId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/** Party nodes on loopback, each configured with every other one as a peer. */
final class Cluster implements AutoCloseable {
  private final Map<PartyId, GrpcPartyNode> nodes = new LinkedHashMap<>();

  /** Free loopback addresses, one per party (bound and released, so another process could race). */
  static Map<PartyId, InetSocketAddress> addresses(List<PartyId> parties) {
    Map<PartyId, InetSocketAddress> addresses = new LinkedHashMap<>();
    List<ServerSocket> sockets = new ArrayList<>();
    try {
      for (PartyId party : parties) {
        ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        sockets.add(socket);
        addresses.put(party, new InetSocketAddress(InetAddress.getLoopbackAddress(),
            socket.getLocalPort()));
      }
      for (ServerSocket socket : sockets) {
        socket.close();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return addresses;
  }

  /** Honest nodes for {@code parties}. */
  static Cluster start(List<PartyId> parties) throws Exception {
    return start(parties, (party, builder) -> builder);
  }

  /** Nodes for {@code parties}; {@code tweak} may change each honest builder. */
  static Cluster start(List<PartyId> parties,
      BiFunction<PartyId, GrpcPartyNode.Builder, GrpcPartyNode.Builder> tweak) throws Exception {
    Map<PartyId, InetSocketAddress> addresses = addresses(parties);
    Cluster cluster = new Cluster();
    try {
      for (PartyId party : parties) {
        GrpcPartyNode.Builder builder =
            Simulation.node(party).listenAddress(addresses.get(party));
        addresses.forEach((peer, address) -> {
          if (!peer.equals(party)) {
            builder.peer(peer, address);
          }
        });
        cluster.nodes.put(party, tweak.apply(party, builder).start());
      }
      return cluster;
    } catch (Exception | Error e) {
      cluster.close();
      throw e;
    }
  }

  GrpcPartyNode node(PartyId party) {
    return nodes.get(party);
  }

  @Override
  public void close() {
    nodes.values().forEach(GrpcPartyNode::close);
  }
}

package dev.mayfly.transport.grpc;

/**
 * Which side opened a connection, seen from the local party node.
 *
 * @since 0.1.0
 */
public enum Direction {
  /** A peer connected to this node's server. */
  INBOUND,
  /** This node connected to a peer's server. */
  OUTBOUND
}

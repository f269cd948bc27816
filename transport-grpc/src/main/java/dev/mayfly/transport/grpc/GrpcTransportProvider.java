package dev.mayfly.transport.grpc;

import static java.util.Objects.requireNonNull;

import dev.mayfly.transport.SessionId;
import dev.mayfly.transport.Transport;
import dev.mayfly.transport.TransportConfig;
import dev.mayfly.transport.TransportException;
import dev.mayfly.transport.TransportProvider;

/**
 * Provides a session's endpoint on a running {@link GrpcPartyNode}; registered with {@link
 * java.util.ServiceLoader} under the name {@value #NAME}.
 *
 * <p>A gRPC transport needs more than {@link TransportConfig} can say in strings (a TLS key made
 * in the VM, an evidence provider, a TEE policy) and lives longer than one session, so the
 * provider does not start a node: the host starts one per process and attaches it, with the
 * session id, to the config:
 *
 * <pre>{@code
 * TransportConfig config = TransportConfig.builder()
 *     .self(node.self()).parties(parties)
 *     .attach(GrpcPartyNode.class, node)
 *     .attach(SessionId.class, sessionId)
 *     .build();
 * Transport transport = TransportRegistry.loadDefault().create(config);
 * }</pre>
 *
 * <p>{@link #isAvailable()} is true when grpc-netty-shaded is on the class path. Priority is the
 * default ({@value TransportProvider#DEFAULT_PRIORITY}), above the in-memory provider.
 *
 * @since 0.1.0
 */
public final class GrpcTransportProvider extends TransportProvider {
  /** The provider's name. */
  public static final String NAME = "grpc";

  private static final String NETTY_SERVER =
      "io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder";

  /** Public for {@link java.util.ServiceLoader}; does nothing. */
  public GrpcTransportProvider() {}

  @Override
  protected boolean isAvailable() {
    try {
      Class.forName(NETTY_SERVER, false, GrpcTransportProvider.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  @Override
  public String name() {
    return NAME;
  }

  /**
   * Opens the session's endpoint on the attached node.
   *
   * @throws IllegalArgumentException if no {@link GrpcPartyNode} or no {@link SessionId} is
   *     attached, the node belongs to another party than {@code config.self()}, or a party is
   *     not one of the node's peers
   * @throws IllegalStateException if the session was opened on the node before
   * @throws TransportException {@code TRANSPORT_CLOSED} if the node is closed
   */
  @Override
  public Transport create(TransportConfig config) throws TransportException {
    requireNonNull(config, "config");
    GrpcPartyNode node = config.attachment(GrpcPartyNode.class).orElseThrow(() ->
        new IllegalArgumentException("the grpc provider needs a running node: "
            + "TransportConfig.builder().attach(GrpcPartyNode.class, node)"));
    SessionId sessionId = config.attachment(SessionId.class).orElseThrow(() ->
        new IllegalArgumentException("the grpc provider needs the session id: "
            + "TransportConfig.builder().attach(SessionId.class, sessionId)"));
    if (!node.self().equals(config.self())) {
      throw new IllegalArgumentException("the attached node belongs to " + node.self()
          + ", the config to " + config.self());
    }
    return node.openSession(sessionId, config.parties());
  }
}

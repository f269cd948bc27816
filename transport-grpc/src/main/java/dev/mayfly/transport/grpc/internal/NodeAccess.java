package dev.mayfly.transport.grpc.internal;

import static java.util.Objects.requireNonNull;

import io.grpc.ServerServiceDefinition;

/**
 * Lets the {@code party-server} module add the gRPC services of a node's client port (the port
 * where the untrusted signing client connects) to a {@code GrpcPartyNode.Builder}, without a
 * public method taking gRPC types on the API: the node class registers the installer when it
 * loads. Not API; used by the party server only.
 */
public final class NodeAccess {
  /** Adds a service to a {@code GrpcPartyNode.Builder}'s client port. */
  public interface Installer {
    void addClientService(Object builder, ServerServiceDefinition service);
  }

  private static volatile Installer installer;

  private NodeAccess() {}

  /** Called once by the node class. */
  public static void register(Installer installer) {
    NodeAccess.installer = requireNonNull(installer, "installer");
  }

  /**
   * Adds {@code service} to the client port of {@code builder}, a {@code GrpcPartyNode.Builder}
   * that has a client listen address.
   *
   * @throws IllegalArgumentException if {@code builder} is not one
   */
  public static void addClientService(Object builder, ServerServiceDefinition service) {
    requireNonNull(builder, "builder");
    requireNonNull(service, "service");
    try {
      Class.forName("dev.mayfly.transport.grpc.GrpcPartyNode", true,
          NodeAccess.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("the node class is missing", e);
    }
    installer.addClientService(builder, service);
  }
}

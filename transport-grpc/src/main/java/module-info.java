/**
 * The gRPC transport: party nodes talking gRPC over mutual TLS whose certificates carry SEV-SNP
 * evidence. Registered as a {@link dev.mayfly.transport.TransportProvider}. The {@code internal}
 * package is exported only to {@code dev.mayfly.party}, which serves parties over it; it is not
 * API. grpc-java and protobuf ship no module descriptors: they are automatic modules named by
 * their manifests ({@code io.grpc}, {@code io.grpc.stub}, {@code io.grpc.netty.shaded},
 * {@code io.grpc.services}, {@code com.google.protobuf}).
 *
 * @since 0.1.0
 */
@SuppressWarnings({"module", "requires-automatic"}) // see the comment above
module dev.mayfly.transport.grpc {
  requires transitive dev.mayfly.transport;
  requires transitive dev.mayfly.snp;
  requires static transitive org.jspecify;
  requires io.grpc;
  requires io.grpc.stub;
  requires io.grpc.netty.shaded;
  requires io.grpc.services;
  requires com.google.protobuf;
  requires org.bouncycastle.provider;
  requires org.bouncycastle.pkix;
  requires org.bouncycastle.util;

  exports dev.mayfly.transport.grpc;

  exports dev.mayfly.transport.grpc.internal to dev.mayfly.party;

  provides dev.mayfly.transport.TransportProvider
      with dev.mayfly.transport.grpc.GrpcTransportProvider;
}

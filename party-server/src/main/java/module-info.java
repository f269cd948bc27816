/**
 * Parties as attested processes serving gRPC ({@link dev.mayfly.party.PartyServer}), and the
 * client that runs a ceremony with remote parties.
 *
 * @since 0.1.0
 */
@SuppressWarnings("requires-automatic") // grpc-java ships no module descriptors
module dev.mayfly.party {
  requires transitive dev.mayfly.ceremony;
  requires transitive dev.mayfly.transport.grpc;
  requires static transitive org.jspecify;
  requires com.google.gson;
  requires io.grpc;
  requires io.grpc.stub;
  requires io.grpc.netty.shaded;

  exports dev.mayfly.party;
}

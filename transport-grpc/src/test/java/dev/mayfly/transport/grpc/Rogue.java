package dev.mayfly.transport.grpc;

import dev.mayfly.common.PartyId;
import dev.mayfly.snp.evidence.Evidence;
import dev.mayfly.snp.verify.SnpVerifier;
import dev.mayfly.transport.TransportException;
import dev.mayfly.transport.grpc.internal.AttestedCertificate;
import dev.mayfly.transport.grpc.internal.AttestingTrustManager;
import dev.mayfly.transport.grpc.internal.HandshakeObserver;
import dev.mayfly.transport.grpc.internal.PeerAttestation;
import dev.mayfly.transport.grpc.internal.RotatingKeyManager;
import dev.mayfly.transport.grpc.internal.TlsBinding;
import dev.mayfly.transport.grpc.internal.TlsContexts;
import dev.mayfly.transport.grpc.internal.TlsKeyPair;
import dev.mayfly.transport.grpc.internal.VerifiedTlsPeer;
import dev.mayfly.transport.grpc.internal.Wire;
import io.grpc.CallOptions;
import io.grpc.ClientInterceptors;
import io.grpc.ForwardingServerCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.ServerCalls;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * Hostile TLS endpoints built from the transport's own pieces: a key and certificate with
 * whatever evidence a test wants, a raw client that sends any metadata and bytes, and a raw server
 * that answers with any headers.
 */
final class Rogue {
  private Rogue() {}

  /** A TLS key and the certificate presented with it. */
  record Identity(TlsKeyPair key, X509Certificate certificate) {}

  /** A correctly attested identity of {@code party} under {@code policyHash}. */
  static Identity attested(PartyId party, byte[] policyHash) throws Exception {
    TlsKeyPair key = TlsKeyPair.generate(Simulation.RANDOM);
    Evidence evidence = Simulation.evidence(party)
        .getEvidence(TlsBinding.reportData(key.subjectPublicKeyInfo(), policyHash));
    return identity(key, party, evidence, policyHash);
  }

  /** An identity whose certificate carries the policy hash but no evidence extension. */
  static Identity withoutEvidence(PartyId party, byte[] policyHash) {
    return identity(TlsKeyPair.generate(Simulation.RANDOM), party, null, policyHash);
  }

  private static Identity identity(TlsKeyPair key, PartyId party, @Nullable Evidence evidence,
      byte[] policyHash) {
    Instant now = Instant.now();
    X509Certificate certificate = AttestedCertificate.mint(key, party, evidence, policyHash,
        now.minusSeconds(60), now.plus(Duration.ofHours(1)), Simulation.RANDOM);
    return new Identity(key, certificate);
  }

  /** Checks peers like an honest node of the test policy, and tells nobody. */
  static AttestingTrustManager honestTrust() {
    PeerAttestation attestation = new PeerAttestation(Simulation.POLICY,
        SnpVerifier.create(Simulation.simulatedOptions()), List.of(Simulation.trusted().arkDer()),
        false, Clock.systemUTC(), Duration.ofSeconds(60));
    return new AttestingTrustManager(attestation, new HandshakeObserver() {
      @Override
      public void verified(boolean inbound, Optional<PartyId> peer, String remote,
          VerifiedTlsPeer verified) {}

      @Override
      public void refused(boolean inbound, Optional<PartyId> peer, String remote,
          TransportException reason) {}
    }, Optional.empty());
  }

  /** A raw client presenting {@code identity} to {@code target}. */
  static ManagedChannel client(Identity identity, InetSocketAddress target) {
    return NettyChannelBuilder.forAddress(target.getHostString(), target.getPort())
        .sslContext(TlsContexts.client(
            new RotatingKeyManager(identity.key(), identity.certificate()), honestTrust()))
        .build();
  }

  /** Metadata as an honest party {@code from} would send to {@code to} under {@code hash}. */
  static Metadata headers(PartyId from, PartyId to, byte[] policyHash) {
    Metadata headers = new Metadata();
    headers.put(Wire.POLICY_HASH, HexFormat.of().formatHex(policyHash));
    headers.put(Wire.PARTY, Integer.toString(from.value()));
    headers.put(Wire.TO, Integer.toString(to.value()));
    return headers;
  }

  /** The outcome of one raw call. */
  record Result(Status status, Metadata trailers) {
    String errorCode() {
      return trailers.get(Wire.ERROR_CODE);
    }
  }

  /** Calls Deliver with {@code headers} and {@code body}. */
  static Result deliver(ManagedChannel channel, Metadata headers, byte[] body) {
    try {
      ClientCalls.blockingUnaryCall(
          ClientInterceptors.intercept(channel, MetadataUtils.newAttachHeadersInterceptor(headers)),
          Wire.DELIVER, CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS), body);
      return new Result(Status.OK, new Metadata());
    } catch (StatusRuntimeException e) {
      return new Result(e.getStatus(),
          e.getTrailers() == null ? new Metadata() : e.getTrailers());
    }
  }

  /**
   * A raw server on a free loopback port presenting {@code identity}, checking clients like an
   * honest node, answering Deliver with OK and response headers changed by {@code stamp}.
   */
  static Server server(Identity identity, UnaryOperator<Metadata> stamp) throws IOException {
    return server(identity, stamp, requestHeaders -> { });
  }

  /** As {@link #server(Identity, UnaryOperator)}, telling {@code requests} every request's headers. */
  static Server server(Identity identity, UnaryOperator<Metadata> stamp,
      Consumer<Metadata> requests) throws IOException {
    ServerServiceDefinition service = ServerServiceDefinition.builder(Wire.SERVICE)
        .addMethod(Wire.DELIVER, ServerCalls.asyncUnaryCall((request, response) -> {
          response.onNext(Wire.EMPTY);
          response.onCompleted();
        }))
        .build();
    ServerInterceptor headers = new ServerInterceptor() {
      @Override
      public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata h,
          ServerCallHandler<Q, R> next) {
        requests.accept(h);
        return next.startCall(new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
          @Override
          public void sendHeaders(Metadata responseHeaders) {
            super.sendHeaders(stamp.apply(responseHeaders));
          }
        }, h);
      }
    };
    return NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
        .sslContext(TlsContexts.server(
            new RotatingKeyManager(identity.key(), identity.certificate()), honestTrust()))
        .intercept(headers)
        .addService(service)
        .build()
        .start();
  }

  /** The address a server listens on. */
  static InetSocketAddress address(Server server) {
    return (InetSocketAddress) server.getListenSockets().get(0);
  }
}

package dev.mayfly.transport.grpc.internal;

import static java.util.Objects.requireNonNull;

import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.PartyId;
import dev.mayfly.common.internal.Sha256;
import dev.mayfly.transport.TransportException;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.ForwardingServerCall;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.jspecify.annotations.Nullable;

/**
 * The server interceptor: every call, whatever its service, must come over an attested TLS
 * session and carry the local TEE policy hash, a configured peer's party id that this connection
 * may speak for, and this party as its target. Anything else is closed before the service sees
 * it, with {@code PERMISSION_DENIED} (or {@code UNAUTHENTICATED} without an attested session) and
 * trailers naming the Mayfly code and this party. Response headers carry this party's policy hash
 * and id, for the client interceptor to check.
 *
 * <p>Checks in order: attested session; policy hash ({@code TRANSPORT_POLICY_HASH_MISMATCH});
 * claimed party is a configured peer ({@code TRANSPORT_UNKNOWN_SENDER}); target is this party
 * ({@code TRANSPORT_WRONG_RECIPIENT}); the connection's TLS key does not already speak for another
 * party ({@code TRANSPORT_UNKNOWN_SENDER}).
 */
public final class ServerGuard implements ServerInterceptor {
  /** The party the call's attested connection speaks for, for the service. */
  public static final Context.Key<PartyId> ORIGIN = Context.key("mayfly-origin");

  private final PartyId self;
  private final Set<PartyId> peers;
  private final String policyHashHex;
  private final PeerAttestation attestation;
  private final AttestedPeers book;

  /** A guard for the node of {@code self} that accepts calls from {@code peers}. */
  public ServerGuard(PartyId self, Set<PartyId> peers, PeerAttestation attestation,
      AttestedPeers book) {
    this.self = requireNonNull(self, "self");
    this.peers = Set.copyOf(peers);
    this.attestation = requireNonNull(attestation, "attestation");
    this.policyHashHex = HexFormat.of().formatHex(attestation.policyHash());
    this.book = requireNonNull(book, "book");
  }

  @Override
  public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call,
      Metadata headers, ServerCallHandler<ReqT, RespT> next) {
    String remote = String.valueOf(call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR));
    PartyId claimed = Headers.party(headers.get(Wire.PARTY));
    SSLSession session = call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION);
    X509Certificate certificate = session == null ? null : peerCertificate(session);
    if (certificate == null) {
      return refuse(call, Status.UNAUTHENTICATED, claimed, remote,
          ErrorCode.TRANSPORT_PEER_NOT_ATTESTED, "the call has no attested TLS session");
    }
    String hash = headers.get(Wire.POLICY_HASH);
    if (!policyHashHex.equals(hash)) {
      return refuse(call, Status.PERMISSION_DENIED, claimed, remote,
          ErrorCode.TRANSPORT_POLICY_HASH_MISMATCH, "caller " + describe(claimed)
              + " sent TEE policy hash " + hash + ", " + self + " pins " + policyHashHex);
    }
    if (claimed == null || !peers.contains(claimed)) {
      return refuse(call, Status.PERMISSION_DENIED, claimed, remote,
          ErrorCode.TRANSPORT_UNKNOWN_SENDER, "caller claims to be "
              + headers.get(Wire.PARTY) + ", not a configured peer of " + self);
    }
    PartyId to = Headers.party(headers.get(Wire.TO));
    if (!self.equals(to)) {
      return refuse(call, Status.PERMISSION_DENIED, claimed, remote,
          ErrorCode.TRANSPORT_WRONG_RECIPIENT, claimed + " means to reach "
              + headers.get(Wire.TO) + ", this is " + self);
    }
    VerifiedTlsPeer verified;
    try {
      verified = attested(certificate);
    } catch (TransportException e) {
      return refuse(call, Status.UNAUTHENTICATED, claimed, remote, e.code(), e.detail());
    }
    Optional<String> conflict = book.bindInbound(claimed, verified);
    if (conflict.isPresent()) {
      return refuse(call, Status.PERMISSION_DENIED, claimed, remote,
          ErrorCode.TRANSPORT_UNKNOWN_SENDER, conflict.get());
    }
    Context context = Context.current().withValue(ORIGIN, claimed);
    return Contexts.interceptCall(context, new Stamped<>(call), headers, next);
  }

  private VerifiedTlsPeer attested(X509Certificate certificate) throws TransportException {
    String id;
    try {
      id = HexFormat.of().formatHex(Sha256.hash(certificate.getEncoded()));
    } catch (java.security.cert.CertificateEncodingException e) {
      throw new TransportException(ErrorCode.TRANSPORT_PEER_NOT_ATTESTED,
          "peer certificate does not encode", e);
    }
    Optional<VerifiedTlsPeer> known = book.inbound(id);
    return known.isPresent()
        ? known.get()
        : attestation.check(new X509Certificate[] {certificate});
  }

  private static @Nullable X509Certificate peerCertificate(SSLSession session) {
    try {
      Certificate[] chain = session.getPeerCertificates();
      return chain.length == 1 && chain[0] instanceof X509Certificate x ? x : null;
    } catch (SSLPeerUnverifiedException e) {
      return null;
    }
  }

  private <ReqT, RespT> ServerCall.Listener<ReqT> refuse(ServerCall<ReqT, RespT> call,
      Status status, @Nullable PartyId claimed, String remote, ErrorCode code, String detail) {
    book.callRefused(claimed, remote, code, detail);
    Metadata trailers = new Metadata();
    trailers.put(Wire.ERROR_CODE, code.name());
    trailers.put(Wire.PARTY, Integer.toString(self.value()));
    call.close(status.withDescription(code.name() + ": " + detail), trailers);
    return new ServerCall.Listener<>() {};
  }

  private static String describe(@Nullable PartyId claimed) {
    return claimed == null ? "(no party id)" : claimed.toString();
  }

  /** Adds this party's policy hash and id to the response headers. */
  private final class Stamped<ReqT, RespT>
      extends ForwardingServerCall.SimpleForwardingServerCall<ReqT, RespT> {
    Stamped(ServerCall<ReqT, RespT> call) {
      super(call);
    }

    @Override
    public void sendHeaders(Metadata headers) {
      headers.put(Wire.POLICY_HASH, policyHashHex);
      headers.put(Wire.PARTY, Integer.toString(self.value()));
      super.sendHeaders(headers);
    }
  }
}

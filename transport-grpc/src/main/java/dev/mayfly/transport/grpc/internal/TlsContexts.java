package dev.mayfly.transport.grpc.internal;

import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslProvider;
import javax.net.ssl.SSLException;

/**
 * The TLS contexts of a node, built with gRPC's own TLS configuration (ALPN h2, HTTP/2 cipher
 * suites) on the JDK's TLS engine: TLS 1.3 only, mutual authentication required, the node's
 * rotating key manager and an attesting trust manager.
 *
 * <p>The JDK engine rather than the bundled OpenSSL one: it calls the custom key manager on every
 * handshake (so certificate refresh needs no new context) and leaves host name checks to the
 * trust manager, which has none on purpose: peers are identified by their attestation.
 */
public final class TlsContexts {
  private static final String TLS_1_3 = "TLSv1.3";

  /**
   * Sessions expire after one second (the JDK reads 0 as "never"), so practically every
   * connection runs a full handshake: a resumed TLS 1.3 session would skip the certificate and so
   * the attestation check.
   */
  static final long SESSION_TIMEOUT_SECONDS = 1;

  private TlsContexts() {}

  /** The server context: client certificates required and attested. */
  public static SslContext server(RotatingKeyManager keys, AttestingTrustManager trust) {
    return finish(GrpcSslContexts.configure(SslContextBuilder.forServer(keys), SslProvider.JDK)
        .trustManager(trust)
        .clientAuth(ClientAuth.REQUIRE), "server");
  }

  /**
   * The context of the node's client port: the node presents its attested certificate, and the
   * untrusted signing client, which has no evidence, presents none (server-only TLS).
   */
  public static SslContext serverForClients(RotatingKeyManager keys) {
    return finish(GrpcSslContexts.configure(SslContextBuilder.forServer(keys), SslProvider.JDK)
        .clientAuth(ClientAuth.NONE), "client-port");
  }

  /**
   * A context for a signing client: it presents no certificate and attests the party it dials
   * with {@code trust}.
   */
  public static SslContext clientWithoutCertificate(AttestingTrustManager trust) {
    return finish(GrpcSslContexts.configure(SslContextBuilder.forClient(), SslProvider.JDK)
        .trustManager(trust), "signing client's");
  }

  /** A client context for one peer: it presents the node's certificate and attests the peer. */
  public static SslContext client(RotatingKeyManager keys, AttestingTrustManager trust) {
    return finish(GrpcSslContexts.configure(SslContextBuilder.forClient(), SslProvider.JDK)
        .keyManager(keys)
        .trustManager(trust), "client");
  }

  /** TLS 1.3 only, and (practically) no session resumption, for every context. */
  private static SslContext finish(SslContextBuilder builder, String what) {
    try {
      return builder.protocols(TLS_1_3)
          .sessionCacheSize(1)
          .sessionTimeout(SESSION_TIMEOUT_SECONDS)
          .build();
    } catch (SSLException e) {
      throw new IllegalStateException("cannot build the " + what + " TLS context", e);
    }
  }
}

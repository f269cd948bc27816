package dev.mayfly.transport.grpc.internal;

import static java.util.Objects.requireNonNull;

import dev.mayfly.common.PartyId;
import dev.mayfly.transport.TransportException;
import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Optional;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import org.jspecify.annotations.Nullable;

/**
 * Decides, during the TLS handshake, whether a peer's certificate proves an attested party:
 * {@link PeerAttestation#check} for client and server certificates alike, so mutual TLS refuses a
 * peer whose evidence fails before any application byte flows.
 *
 * <p>No host name check: the identity that matters is the attested TEE and policy, not a DNS
 * name. A refusal is reported to the {@link HandshakeObserver} (with its typed code) and then
 * thrown to the TLS engine as a {@link CertificateException} whose cause is the {@link
 * TransportException}.
 */
public final class AttestingTrustManager extends X509ExtendedTrustManager {
  private static final X509Certificate[] NO_ISSUERS = new X509Certificate[0];

  private final PeerAttestation attestation;
  private final HandshakeObserver observer;
  private final Optional<PartyId> peer;

  /**
   * A trust manager for connections to {@code peer} (client side) or, with an empty peer, for
   * connections from peers (server side).
   */
  public AttestingTrustManager(PeerAttestation attestation, HandshakeObserver observer,
      Optional<PartyId> peer) {
    this.attestation = requireNonNull(attestation, "attestation");
    this.observer = requireNonNull(observer, "observer");
    this.peer = requireNonNull(peer, "peer");
  }

  private void check(X509Certificate[] chain, boolean inbound, String remote)
      throws CertificateException {
    try {
      observer.verified(inbound, peer, remote, attestation.check(chain));
    } catch (TransportException e) {
      observer.refused(inbound, peer, remote, e);
      throw new CertificateException(e.getMessage(), e);
    }
  }

  /** The peer's host and port; unknown on the server side, where gRPC's engine has no host. */
  private static String remote(@Nullable SSLEngine engine) {
    return engine == null || engine.getPeerHost() == null
        ? "unknown"
        : engine.getPeerHost() + ":" + engine.getPeerPort();
  }

  private static String remote(@Nullable Socket socket) {
    return socket == null ? "unknown" : String.valueOf(socket.getRemoteSocketAddress());
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    check(chain, true, remote(engine));
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    check(chain, false, remote(engine));
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    check(chain, true, remote(socket));
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    check(chain, false, remote(socket));
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    check(chain, true, "unknown");
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    check(chain, false, "unknown");
  }

  /** None: peers are self-signed; a client may present its certificate whatever it is. */
  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return NO_ISSUERS;
  }
}

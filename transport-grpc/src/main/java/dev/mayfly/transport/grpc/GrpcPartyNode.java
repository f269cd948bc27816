package dev.mayfly.transport.grpc;

import static java.util.Objects.requireNonNull;

import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.PartyId;
import dev.mayfly.common.internal.Sha256;
import dev.mayfly.snp.AttestationException;
import dev.mayfly.snp.evidence.Evidence;
import dev.mayfly.snp.evidence.EvidenceProvider;
import dev.mayfly.snp.validate.TeePolicy;
import dev.mayfly.snp.verify.SnpVerifier;
import dev.mayfly.snp.verify.SnpVerifyOptions;
import dev.mayfly.transport.Envelope;
import dev.mayfly.transport.SessionId;
import dev.mayfly.transport.Transport;
import dev.mayfly.transport.TransportException;
import dev.mayfly.transport.grpc.internal.AttestedCertificate;
import dev.mayfly.transport.grpc.internal.AttestingTrustManager;
import dev.mayfly.transport.grpc.internal.NodeAccess;
import dev.mayfly.transport.grpc.internal.PeerAttestation;
import dev.mayfly.transport.grpc.internal.PeerLink;
import dev.mayfly.transport.grpc.internal.PeerLinks;
import dev.mayfly.transport.grpc.internal.RotatingKeyManager;
import dev.mayfly.transport.grpc.internal.ServerGuard;
import dev.mayfly.transport.grpc.internal.SessionRouter;
import dev.mayfly.transport.grpc.internal.TlsBinding;
import dev.mayfly.transport.grpc.internal.TlsContexts;
import dev.mayfly.transport.grpc.internal.TlsKeyPair;
import dev.mayfly.transport.grpc.internal.Wire;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * One party process's gRPC endpoint: a server for its peers, one channel per peer, and the
 * attested TLS identity both use; sessions are opened on it and multiplexed over those channels.
 *
 * <pre>{@code
 * try (GrpcPartyNode node = GrpcPartyNode.builder()
 *     .self(PartyId.of(1))
 *     .listenAddress(new InetSocketAddress("0.0.0.0", 7001))
 *     .peer(PartyId.of(2), new InetSocketAddress("party2.internal", 7001))
 *     .peer(PartyId.of(3), new InetSocketAddress("party3.internal", 7001))
 *     .teePolicy(policy)                              // the pinned policy; its hash is the pin
 *     .evidenceProvider(ConfigfsTsmProvider.create()) // the VM's own SEV-SNP evidence
 *     .start()) {
 *   Transport transport = node.openSession(sessionId, List.of(ONE, TWO, THREE));
 *   ...                                               // SessionChannel / the ceremony on top
 * }
 * }</pre>
 *
 * <p>At {@link Builder#start()} the node makes a P-256 TLS key, asks the evidence provider for a
 * report whose REPORT_DATA is {@code SHA-512("mayfly/v1/tls" || SHA-256(SPKI) || policy hash)},
 * and presents a short-lived self-signed certificate carrying that evidence and the policy hash;
 * it refreshes the report and certificate every {@link Builder#reportRefreshInterval}. Every
 * connection, in both directions, is TLS 1.3 with client authentication, and each side checks the
 * other's certificate, evidence, chain and policy during the handshake; interceptors then refuse
 * every call whose metadata carries another policy hash, an unknown party or another target.
 * docs/transport.md describes the wire, the checks and the decisions.
 *
 * <p><b>Security:</b> a node accepts only peers whose SEV-SNP evidence verifies (AMD chain, or a
 * pinned simulated root when the verify options opt into simulated evidence), satisfies the local
 * {@link TeePolicy} and binds the TLS key they present together with the local policy hash. That
 * proves "a VM running the pinned code under the pinned policy holds this TLS key", not which
 * party it plays: the per-session hello binds parties to their session keys, and every envelope
 * is signed end to end, so the transport is still trusted with availability only. The TLS private
 * key stays in the process; destroying it on {@link #close()} is best effort.
 *
 * <p>Thread-safe. Close it once the process stops serving; closing ends every open session.
 *
 * @since 0.1.0
 */
public final class GrpcPartyNode implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(GrpcPartyNode.class.getName());
  private static final AtomicInteger THREADS = new AtomicInteger();
  private static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(20);
  private static final Duration PERMIT_KEEP_ALIVE = Duration.ofSeconds(5);
  private static final int MAX_CALLS_PER_CONNECTION = 1024;
  /** The largest request on the client port (an artifact chunk and its framing). */
  public static final int MAX_CLIENT_REQUEST_BYTES = 2 * 1024 * 1024 + 1024;
  private static final int MAX_CLIENT_CALLS_PER_CONNECTION = 64;

  static {
    NodeAccess.register((builder, service) -> {
      Builder b = (Builder) builder;
      b.clientServices.add(requireNonNull(service, "service"));
    });
  }

  private final PartyId self;
  private final List<PartyId> peers;
  private final byte[] policyHash;
  private final EvidenceProvider evidenceProvider;
  private final Clock clock;
  private final SecureRandom random;
  private final Duration reportRefreshInterval;
  private final Duration clockSkew;
  private final Duration callTimeout;
  private final Duration shutdownTimeout;

  private final TlsKeyPair key;
  private final RotatingKeyManager keyManager;
  private final PeerAttestation attestation;
  private final PeerBook book;
  private final SessionRouter router;
  private final PeerLinks links;
  private final HealthStatusManager health = new HealthStatusManager();
  private final Server server;
  private final @Nullable Server clientServer;
  private final ScheduledExecutorService scheduler;
  private volatile boolean closed;

  private GrpcPartyNode(Builder b, TlsKeyPair key) throws AttestationException, TransportException {
    this.self = b.self;
    this.peers = List.copyOf(b.peers.keySet());
    this.evidenceProvider = b.evidenceProvider;
    this.clock = b.clock;
    this.random = b.random;
    this.reportRefreshInterval = b.reportRefreshInterval;
    this.clockSkew = b.clockSkew;
    this.callTimeout = b.callTimeout;
    this.shutdownTimeout = b.shutdownTimeout;
    this.key = key;
    TeePolicy policy = b.teePolicy;
    this.policyHash = policy.hash();
    this.attestation = new PeerAttestation(policy, SnpVerifier.create(b.verifyOptions),
        b.simulatedRoots, b.anySimulatedRoot, clock, clockSkew);
    this.keyManager = new RotatingKeyManager(key, mintCertificate());
    selfCheck();
    Map<PartyId, PeerLink> linkMap = new TreeMap<>();
    this.book = new PeerBook(clock, b.refusalListener, (peer, refusal) -> {
      PeerLink link = linkMap.get(peer);
      if (link != null) {
        link.cancelInFlight(refusal);
      }
    });
    for (Map.Entry<PartyId, InetSocketAddress> peer : b.peers.entrySet()) {
      AttestingTrustManager trust =
          new AttestingTrustManager(attestation, book, Optional.of(peer.getKey()));
      linkMap.put(peer.getKey(), new PeerLink(self, peer.getKey(), peer.getValue(),
          TlsContexts.client(keyManager, trust), policyHash, b.keepAliveTime,
          b.keepAliveTimeout, book));
    }
    this.links = new PeerLinks(linkMap, callTimeout);
    this.router = new SessionRouter(self, b.maxFramesPerSession, b.maxBufferedBytes,
        b.maxPendingSessions, b.pendingTimeout, links);
    try {
      this.server = startServer(b);
    } catch (TransportException | RuntimeException e) {
      links.close();
      throw e;
    }
    try {
      this.clientServer = b.clientListenAddress == null ? null : startClientServer(b);
    } catch (TransportException | RuntimeException e) {
      server.shutdownNow();
      links.close();
      throw e;
    }
    health.setStatus(HealthStatusManager.SERVICE_NAME_ALL_SERVICES,
        HealthCheckResponse.ServingStatus.SERVING);
    health.setStatus(Wire.SERVICE, HealthCheckResponse.ServingStatus.SERVING);
    this.scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
      Thread thread = new Thread(task, "mayfly-grpc-node-" + self.value() + "-"
          + THREADS.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
    long refreshMillis = reportRefreshInterval.toMillis();
    scheduler.scheduleWithFixedDelay(this::scheduledRefresh, refreshMillis, refreshMillis,
        TimeUnit.MILLISECONDS);
    long sweepMillis = Math.max(10, Math.min(1000, b.pendingTimeout.toMillis() / 4));
    scheduler.scheduleWithFixedDelay(router::sweep, sweepMillis, sweepMillis,
        TimeUnit.MILLISECONDS);
  }

  /** A builder with the strict defaults listed on each setter. */
  public static Builder builder() {
    return new Builder();
  }

  private Server startServer(Builder b) throws TransportException {
    ServerServiceDefinition transport = ServerServiceDefinition.builder(Wire.SERVICE)
        .addMethod(Wire.DELIVER, ServerCalls.asyncUnaryCall(this::deliver))
        .build();
    AttestingTrustManager trust = new AttestingTrustManager(attestation, book, Optional.empty());
    Server built = NettyServerBuilder.forAddress(b.listenAddress)
        .sslContext(TlsContexts.server(keyManager, trust))
        .intercept(new ServerGuard(self, new TreeSet<>(peers), attestation, book))
        .addService(transport)
        .addService(health.getHealthService())
        .maxInboundMessageSize(Wire.MAX_REQUEST_BYTES)
        .maxConcurrentCallsPerConnection(MAX_CALLS_PER_CONNECTION)
        .handshakeTimeout(HANDSHAKE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
        .keepAliveTime(b.keepAliveTime.toMillis(), TimeUnit.MILLISECONDS)
        .keepAliveTimeout(b.keepAliveTimeout.toMillis(), TimeUnit.MILLISECONDS)
        .permitKeepAliveTime(PERMIT_KEEP_ALIVE.toMillis(), TimeUnit.MILLISECONDS)
        .permitKeepAliveWithoutCalls(true)
        .maxConnectionAge(reportRefreshInterval.toMillis(), TimeUnit.MILLISECONDS)
        .maxConnectionAgeGrace(callTimeout.toMillis(), TimeUnit.MILLISECONDS)
        .build();
    try {
      return built.start();
    } catch (IOException e) {
      throw new TransportException(ErrorCode.TRANSPORT_LISTEN_FAILED,
          self + " cannot listen on " + b.listenAddress + ": " + e.getMessage(), e);
    }
  }

  /**
   * The client port: server-only TLS with the same attested certificate, so an untrusted client
   * without evidence can check this party's evidence and call the services added for it (the
   * party server's signing service). No Mayfly interceptor: calls there carry no party identity,
   * and the services must treat every request as untrusted input.
   */
  private Server startClientServer(Builder b) throws TransportException {
    InetSocketAddress address = requireNonNull(b.clientListenAddress);
    NettyServerBuilder builder = NettyServerBuilder.forAddress(address)
        .sslContext(TlsContexts.serverForClients(keyManager))
        .maxInboundMessageSize(MAX_CLIENT_REQUEST_BYTES)
        .maxConcurrentCallsPerConnection(MAX_CLIENT_CALLS_PER_CONNECTION)
        .handshakeTimeout(HANDSHAKE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
        .keepAliveTime(b.keepAliveTime.toMillis(), TimeUnit.MILLISECONDS)
        .keepAliveTimeout(b.keepAliveTimeout.toMillis(), TimeUnit.MILLISECONDS)
        .permitKeepAliveTime(PERMIT_KEEP_ALIVE.toMillis(), TimeUnit.MILLISECONDS)
        .permitKeepAliveWithoutCalls(true);
    b.clientServices.forEach(builder::addService);
    try {
      return builder.build().start();
    } catch (IOException e) {
      throw new TransportException(ErrorCode.TRANSPORT_LISTEN_FAILED,
          self + " cannot listen for clients on " + address + ": " + e.getMessage(), e);
    }
  }

  /** The transport service: route one envelope to its session. */
  private void deliver(byte[] encoded, StreamObserver<byte[]> response) {
    PartyId origin = ServerGuard.ORIGIN.get();
    SessionRouter.Outcome outcome = router.route(origin, encoded);
    switch (outcome) {
      case DELIVERED, BUFFERED, DROPPED -> {
        response.onNext(Wire.EMPTY);
        response.onCompleted();
      }
      case FULL -> fail(response, Status.RESOURCE_EXHAUSTED, ErrorCode.TRANSPORT_PEER_UNREACHABLE,
          self + " buffers no more frames now");
      case NOT_MEMBER -> fail(response, Status.PERMISSION_DENIED,
          ErrorCode.TRANSPORT_UNKNOWN_SENDER, origin + " is not a party of that session");
      case MALFORMED -> fail(response, Status.INVALID_ARGUMENT,
          ErrorCode.TRANSPORT_MALFORMED_ENVELOPE, "not an envelope of format version "
              + Envelope.FORMAT_VERSION + " (" + encoded.length + " bytes)");
      default -> throw new IllegalStateException("unknown outcome " + outcome);
    }
  }

  private void fail(StreamObserver<byte[]> response, Status status, ErrorCode code,
      String detail) {
    Metadata trailers = new Metadata();
    trailers.put(Wire.ERROR_CODE, code.name());
    trailers.put(Wire.PARTY, Integer.toString(self.value()));
    response.onError(status.withDescription(code.name() + ": " + detail)
        .asRuntimeException(trailers));
  }

  private X509Certificate mintCertificate() throws AttestationException {
    byte[] reportData = TlsBinding.reportData(key.subjectPublicKeyInfo(), policyHash);
    Evidence evidence = evidenceProvider.getEvidence(reportData);
    Instant now = clock.instant();
    return AttestedCertificate.mint(key, self, evidence, policyHash, now.minus(clockSkew),
        now.plus(reportRefreshInterval.multipliedBy(2)), random);
  }

  /** Warns when this node's own evidence fails its own policy: peers would refuse it too. */
  private void selfCheck() {
    try {
      attestation.check(new X509Certificate[] {keyManager.certificate()});
    } catch (TransportException e) {
      LOG.log(System.Logger.Level.WARNING, "{0}: the own TLS evidence fails the own checks, so"
          + " peers will refuse this node: {1}", self, e.getMessage());
    }
  }

  /**
   * Fetches a fresh report and presents a new certificate from the next handshake on (the node
   * also does this every {@link Builder#reportRefreshInterval}); live connections keep theirs
   * until they are recycled.
   *
   * @throws AttestationException if the evidence provider fails; the current certificate stays
   * @throws IllegalStateException after {@link #close()}
   */
  public void refreshCertificate() throws AttestationException {
    if (closed) {
      throw new IllegalStateException("the node of " + self + " is closed");
    }
    keyManager.install(mintCertificate());
  }

  private void scheduledRefresh() {
    try {
      refreshCertificate();
    } catch (AttestationException | RuntimeException e) {
      if (!closed) {
        LOG.log(System.Logger.Level.WARNING, "{0}: the TLS certificate refresh failed; the"
            + " current one stays until it expires: {1}", self, e.getMessage());
      }
    }
  }

  /** The local party. */
  public PartyId self() {
    return self;
  }

  /** The configured peers, ascending. */
  public List<PartyId> peers() {
    return peers;
  }

  /** The address the server listens on (with the real port when port 0 was configured). */
  public InetSocketAddress localAddress() {
    return (InetSocketAddress) server.getListenSockets().get(0);
  }

  /**
   * The address of the client port (where the untrusted signing client connects with server-only
   * TLS), if one was configured; with the real port when port 0 was configured.
   */
  public Optional<InetSocketAddress> clientAddress() {
    return clientServer == null ? Optional.empty()
        : Optional.of((InetSocketAddress) clientServer.getListenSockets().get(0));
  }

  /** The TEE policy hash this node pins (a copy). */
  public byte[] policyHash() {
    return policyHash.clone();
  }

  /** SHA-256 of the DER SubjectPublicKeyInfo of this node's TLS key (a copy). */
  public byte[] tlsKeySha256() {
    return Sha256.hash(key.subjectPublicKeyInfo());
  }

  /** SHA-256 of the DER certificate this node presents now. */
  public byte[] certificateSha256() {
    try {
      return Sha256.hash(keyManager.certificate().getEncoded());
    } catch (CertificateEncodingException e) {
      throw new IllegalStateException("the own certificate does not encode", e);
    }
  }

  /**
   * Opens this node's endpoint of one session. Frames of the session that arrived before are
   * handed to it (those from its parties, still within the pending timeout); frames of other
   * sessions never reach it. Close the transport when the session ends; that affects no other
   * session.
   *
   * @param parties every party of the session, this one included; all must be configured peers
   * @throws IllegalArgumentException if {@code parties} has fewer than two parties, lacks this
   *     party or names a party that is not a configured peer
   * @throws IllegalStateException if this session was opened on this node before
   * @throws TransportException {@code TRANSPORT_CLOSED} after {@link #close()}
   */
  public Transport openSession(SessionId sessionId, Collection<PartyId> parties)
      throws TransportException {
    requireNonNull(sessionId, "sessionId");
    requireNonNull(parties, "parties");
    TreeSet<PartyId> sorted = new TreeSet<>();
    for (PartyId party : parties) {
      sorted.add(requireNonNull(party, "party"));
    }
    if (sorted.size() < 2 || !sorted.contains(self)) {
      throw new IllegalArgumentException("a session needs at least two parties including "
          + self + ", got " + sorted);
    }
    for (PartyId party : sorted) {
      if (!party.equals(self) && !peers.contains(party)) {
        throw new IllegalArgumentException(party + " is not a configured peer of " + self);
      }
    }
    if (closed) {
      throw closedException();
    }
    for (PartyId party : sorted) {
      if (!party.equals(self)) {
        links.link(party).resetConnectBackoff();
      }
    }
    try {
      return router.open(sessionId, List.copyOf(sorted));
    } catch (IllegalStateException e) {
      if (closed) {
        throw closedException();
      }
      throw e;
    }
  }

  /**
   * Whether {@code peer}'s standard health service ({@code grpc.health.v1}) reports the transport
   * service SERVING; waits for the connection up to {@code timeout}.
   *
   * @throws IllegalArgumentException if {@code peer} is not configured
   * @throws TransportException {@code TRANSPORT_PEER_UNREACHABLE}, a handshake refusal ({@code
   *     TRANSPORT_PEER_NOT_ATTESTED}, {@code TRANSPORT_POLICY_HASH_MISMATCH}) or the peer's own
   *     refusal, naming the peer
   */
  public boolean isPeerServing(PartyId peer, Duration timeout) throws TransportException {
    requireNonNull(timeout, "timeout");
    checkOpen();
    return links.link(peer).serving(positive(timeout, "timeout"));
  }

  /**
   * Connects to every peer and checks that it serves, all at once, waiting up to {@code timeout}.
   *
   * @throws TransportException the failure of the lowest-numbered peer that failed (others are
   *     suppressed): unreachable, not serving ({@code TRANSPORT_PEER_UNREACHABLE}), or refused
   */
  public void awaitPeers(Duration timeout) throws TransportException {
    positive(requireNonNull(timeout, "timeout"), "timeout");
    checkOpen();
    SortedMap<PartyId, CompletableFuture<Boolean>> checks = new TreeMap<>();
    for (PartyId peer : peers) {
      checks.put(peer, links.link(peer).servingAsync(timeout).thenApply(serving -> {
        if (!serving) {
          throw new CompletionException(new TransportException(
              ErrorCode.TRANSPORT_PEER_UNREACHABLE, peer + " is reachable but not serving", peer));
        }
        return serving;
      }));
    }
    PeerLinks.awaitAll(checks, timeout);
  }

  /** What the last attested connection with {@code party} proved, if there was one. */
  public Optional<AttestedPeer> attestedPeer(PartyId party) {
    return book.attested(requireNonNull(party, "party"));
  }

  /** The last refusals (at most 64), oldest first. */
  public List<PeerRefusal> recentRefusals() {
    return book.recentRefusals();
  }

  /** The node's counters now. */
  public GrpcNodeStats stats() {
    return new GrpcNodeStats(router.delivered(), router.buffered(), router.dropped(),
        router.refused(), router.bufferedBytes(), book.handshakesVerified(),
        book.handshakesRefused(), book.callsRefused());
  }

  /** Whether {@link #close()} was called. */
  public boolean isClosed() {
    return closed;
  }

  private void checkOpen() throws TransportException {
    if (closed) {
      throw closedException();
    }
  }

  private TransportException closedException() {
    return new TransportException(ErrorCode.TRANSPORT_CLOSED, "the node of " + self
        + " is closed");
  }

  /**
   * Stops the node: reports NOT_SERVING, closes every open session (waking their receivers),
   * lets calls under way finish for up to the shutdown timeout, then cancels what is left and
   * destroys the TLS key (best effort). Idempotent; never throws.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    health.enterTerminalState();
    router.shutDown();
    server.shutdown();
    if (clientServer != null) {
      clientServer.shutdown();
    }
    links.shutdown();
    long deadline = System.nanoTime() + shutdownTimeout.toNanos();
    try {
      server.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      links.awaitTermination(deadline);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      server.shutdownNow();
      if (clientServer != null) {
        clientServer.shutdownNow();
      }
      links.close();
      scheduler.shutdownNow();
      key.destroy();
    }
  }

  @Override
  public String toString() {
    return "GrpcPartyNode[" + self + ", " + peers.size() + " peers" + (closed ? ", closed" : "")
        + "]";
  }

  private static Duration positive(Duration value, String name) {
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, got " + value);
    }
    return value;
  }

  /**
   * Collects the configuration of a {@link GrpcPartyNode}; {@link #self}, at least one {@link
   * #peer}, {@link #teePolicy} and {@link #evidenceProvider} are required. Not thread-safe.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private @Nullable PartyId self;
    private InetSocketAddress listenAddress = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    private final Map<PartyId, InetSocketAddress> peers = new LinkedHashMap<>();
    private @Nullable TeePolicy teePolicy;
    private @Nullable EvidenceProvider evidenceProvider;
    private SnpVerifyOptions verifyOptions = SnpVerifyOptions.defaults();
    private final List<byte[]> simulatedRoots = new ArrayList<>();
    private boolean anySimulatedRoot;
    private Duration reportRefreshInterval = Duration.ofMinutes(10);
    private Duration callTimeout = Duration.ofSeconds(30);
    private Duration keepAliveTime = Duration.ofSeconds(30);
    private Duration keepAliveTimeout = Duration.ofSeconds(10);
    private Duration shutdownTimeout = Duration.ofSeconds(5);
    private Duration clockSkew = Duration.ofSeconds(60);
    private Duration pendingTimeout = Duration.ofSeconds(30);
    private int maxFramesPerSession = 1024;
    private long maxBufferedBytes = 256L * 1024 * 1024;
    private int maxPendingSessions = 64;
    private Clock clock = Clock.systemUTC();
    private SecureRandom random = new SecureRandom();
    private Consumer<PeerRefusal> refusalListener = refusal -> { };
    private @Nullable InetSocketAddress clientListenAddress;
    private final List<ServerServiceDefinition> clientServices = new ArrayList<>();

    private Builder() {}

    /** The local party; required. */
    public Builder self(PartyId self) {
      this.self = requireNonNull(self, "self");
      return this;
    }

    /**
     * The address the server binds; default the loopback address with a free port. Production
     * nodes set the address their peers are configured with.
     */
    public Builder listenAddress(InetSocketAddress listenAddress) {
      this.listenAddress = requireNonNull(listenAddress, "listenAddress");
      return this;
    }

    /**
     * Also listens on {@code address} for untrusted clients (the signing client): server-only TLS
     * presenting the same attested certificate, so a client can check this party's evidence
     * without having any. Default none. Only the services the party server adds are there; the
     * transport service and the health service are not.
     */
    public Builder clientListenAddress(InetSocketAddress address) {
      this.clientListenAddress = requireNonNull(address, "address");
      return this;
    }

    /** A peer and the address of its server (host name or IP, and port); at least one. */
    public Builder peer(PartyId party, InetSocketAddress address) {
      requireNonNull(party, "party");
      requireNonNull(address, "address");
      if (peers.containsKey(party)) {
        throw new IllegalArgumentException(party + " is configured twice");
      }
      peers.put(party, address);
      return this;
    }

    /**
     * The TEE policy every peer must satisfy; its hash is the pin this node advertises and
     * requires. Required.
     */
    public Builder teePolicy(TeePolicy teePolicy) {
      this.teePolicy = requireNonNull(teePolicy, "teePolicy");
      return this;
    }

    /** Where this VM's SEV-SNP evidence comes from (configfs-tsm in a real guest). Required. */
    public Builder evidenceProvider(EvidenceProvider evidenceProvider) {
      this.evidenceProvider = requireNonNull(evidenceProvider, "evidenceProvider");
      return this;
    }

    /**
     * How peers' evidence is verified; default {@link SnpVerifyOptions#defaults()} (embedded AMD
     * roots, offline, simulated evidence refused).
     */
    public Builder verifyOptions(SnpVerifyOptions verifyOptions) {
      this.verifyOptions = requireNonNull(verifyOptions, "verifyOptions");
      return this;
    }

    /**
     * Accepts simulated evidence only when its chain ends at this simulated ARK (DER); may be
     * called for several roots. Needs verify options that allow simulated evidence.
     *
     * <p><b>Security:</b> simulated evidence proves nothing about hardware; pinning its root
     * only keeps a demo from accepting evidence simulated by anybody else.
     */
    public Builder trustSimulatedRootInsecure(byte[] arkDer) {
      simulatedRoots.add(requireNonNull(arkDer, "arkDer").clone());
      return this;
    }

    /**
     * Accepts simulated evidence ending at any simulated root, when the verify options allow
     * simulated evidence.
     *
     * <p><b>Security:</b> anybody can make a simulated root; with this, any process that runs
     * the simulation can join as a peer. Only for tests.
     */
    public Builder acceptAnySimulatedRootInsecure() {
      this.anySimulatedRoot = true;
      return this;
    }

    /**
     * How often the node fetches a fresh report and presents a new certificate; default 10
     * minutes, 1 second to 24 hours. The certificate is valid for twice this, and connections
     * are recycled (and so re-attested) after this long.
     */
    public Builder reportRefreshInterval(Duration interval) {
      this.reportRefreshInterval =
          range(interval, Duration.ofSeconds(1), Duration.ofHours(24), "reportRefreshInterval");
      return this;
    }

    /** The deadline of every call (sending one envelope, a health check); default 30 s. */
    public Builder callTimeout(Duration timeout) {
      this.callTimeout = range(timeout, Duration.ofMillis(1), Duration.ofMinutes(10),
          "callTimeout");
      return this;
    }

    /**
     * How long a connection may be idle before a keep-alive ping; default 30 s, at least 10 s
     * (gRPC's floor; peers allow pings every 5 s).
     */
    public Builder keepAliveTime(Duration time) {
      this.keepAliveTime = range(time, Duration.ofSeconds(10), Duration.ofHours(2),
          "keepAliveTime");
      return this;
    }

    /** How long a ping may go unanswered before the connection is dropped; default 10 s. */
    public Builder keepAliveTimeout(Duration timeout) {
      this.keepAliveTimeout = range(timeout, Duration.ofSeconds(1), Duration.ofMinutes(10),
          "keepAliveTimeout");
      return this;
    }

    /** How long {@link GrpcPartyNode#close()} lets calls under way finish; default 5 s. */
    public Builder shutdownTimeout(Duration timeout) {
      this.shutdownTimeout = range(timeout, Duration.ZERO, Duration.ofMinutes(10),
          "shutdownTimeout");
      return this;
    }

    /**
     * How far a peer's certificate validity may be off the local clock; default 60 s, at most
     * 10 minutes. Own certificates start this much in the past.
     */
    public Builder clockSkew(Duration skew) {
      this.clockSkew = range(skew, Duration.ZERO, Duration.ofMinutes(10), "clockSkew");
      return this;
    }

    /**
     * How long frames of a session not opened yet wait for it; default 30 s. Later they are
     * dropped and counted.
     */
    public Builder pendingTimeout(Duration timeout) {
      this.pendingTimeout = range(timeout, Duration.ofMillis(10), Duration.ofHours(1),
          "pendingTimeout");
      return this;
    }

    /** The most frames queued for one session, open or pending; default 1024. */
    public Builder maxFramesPerSession(int frames) {
      if (frames < 1 || frames > 1_000_000) {
        throw new IllegalArgumentException("maxFramesPerSession must be 1..1000000, got " + frames);
      }
      this.maxFramesPerSession = frames;
      return this;
    }

    /**
     * The most bytes of frames the node holds for all sessions together; default 256 MiB, at
     * least one envelope of the largest size.
     */
    public Builder maxBufferedBytes(long bytes) {
      if (bytes < Envelope.MAX_ENCODED_BYTES) {
        throw new IllegalArgumentException("maxBufferedBytes must be at least "
            + Envelope.MAX_ENCODED_BYTES + ", got " + bytes);
      }
      this.maxBufferedBytes = bytes;
      return this;
    }

    /** The most sessions not opened yet that may hold frames; default 64. */
    public Builder maxPendingSessions(int sessions) {
      if (sessions < 1 || sessions > 100_000) {
        throw new IllegalArgumentException("maxPendingSessions must be 1..100000, got " + sessions);
      }
      this.maxPendingSessions = sessions;
      return this;
    }

    /** The clock of certificate validity and refusal times; default the system UTC clock. */
    public Builder clock(Clock clock) {
      this.clock = requireNonNull(clock, "clock");
      return this;
    }

    /** Randomness for the TLS key and certificate serials; default a new {@link SecureRandom}. */
    public Builder random(SecureRandom random) {
      this.random = requireNonNull(random, "random");
      return this;
    }

    /**
     * Told about every refused peer (handshake or call), on a network thread; must return
     * quickly and not throw. Default none; refusals are also logged at WARNING and kept in
     * {@link GrpcPartyNode#recentRefusals()}.
     */
    public Builder refusalListener(Consumer<PeerRefusal> listener) {
      this.refusalListener = requireNonNull(listener, "listener");
      return this;
    }

    /**
     * Checks the configuration, makes the TLS key and the first attested certificate, starts the
     * server and the peer channels (they connect on first use).
     *
     * @throws IllegalStateException if a required field is missing or fields contradict
     * @throws AttestationException if the evidence provider cannot produce a report
     * @throws TransportException {@code TRANSPORT_LISTEN_FAILED} if the address cannot be bound
     */
    public GrpcPartyNode start() throws AttestationException, TransportException {
      check();
      TlsKeyPair key = TlsKeyPair.generate(random);
      try {
        return new GrpcPartyNode(this, key);
      } catch (AttestationException | TransportException | RuntimeException e) {
        key.destroy();
        throw e;
      }
    }

    private void check() {
      if (self == null) {
        throw new IllegalStateException("self must be set");
      }
      if (teePolicy == null) {
        throw new IllegalStateException("teePolicy must be set");
      }
      if (evidenceProvider == null) {
        throw new IllegalStateException("evidenceProvider must be set");
      }
      if (peers.isEmpty()) {
        throw new IllegalStateException("at least one peer must be configured");
      }
      if (peers.containsKey(self)) {
        throw new IllegalStateException(self + " is configured as its own peer");
      }
      boolean simulated = verifyOptions.allowsSimulatedEvidence();
      if (simulated && simulatedRoots.isEmpty() && !anySimulatedRoot) {
        throw new IllegalStateException("the verify options accept simulated evidence: pin the"
            + " simulated roots with trustSimulatedRootInsecure(...) or waive the pin with"
            + " acceptAnySimulatedRootInsecure()");
      }
      if (!simulated && (!simulatedRoots.isEmpty() || anySimulatedRoot)) {
        throw new IllegalStateException("simulated roots are configured, but the verify options"
            + " refuse simulated evidence (allowSimulatedEvidenceInsecure())");
      }
      if (!clientServices.isEmpty() && clientListenAddress == null) {
        throw new IllegalStateException("client services need a clientListenAddress");
      }
      if (keepAliveTimeout.compareTo(keepAliveTime) >= 0) {
        throw new IllegalStateException("keepAliveTimeout " + keepAliveTimeout
            + " must be shorter than keepAliveTime " + keepAliveTime);
      }
    }

    private static Duration range(Duration value, Duration min, Duration max, String name) {
      requireNonNull(value, name);
      if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
        throw new IllegalArgumentException(name + " must be " + min + " to " + max + ", got "
            + value);
      }
      return value;
    }
  }
}

package dev.mayfly.party;

import static java.util.Objects.requireNonNull;

import dev.mayfly.ceremony.CeremonyException;
import dev.mayfly.ceremony.CeremonyOptions;
import dev.mayfly.ceremony.CeremonyParty;
import dev.mayfly.ceremony.OutcomeRecord;
import dev.mayfly.ceremony.PartyResult;
import dev.mayfly.ceremony.ProgressEvent;
import dev.mayfly.ceremony.SessionProposal;
import dev.mayfly.ceremony.internal.SimulationSupport;
import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.MayflyException;
import dev.mayfly.common.PartyId;
import dev.mayfly.party.internal.LossTolerantTransport;
import dev.mayfly.party.internal.SigningService;
import dev.mayfly.party.internal.SigningWire;
import dev.mayfly.snp.AttestationException;
import dev.mayfly.snp.evidence.ConfigfsTsmProvider;
import dev.mayfly.snp.evidence.EvidenceProvider;
import dev.mayfly.snp.verify.SnpVerifyOptions;
import dev.mayfly.transport.Transport;
import dev.mayfly.transport.TransportException;
import dev.mayfly.transport.grpc.GrpcPartyNode;
import dev.mayfly.transport.grpc.internal.NodeAccess;
import io.grpc.Status;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * One party process ({@code mayfly party serve}): a {@link GrpcPartyNode} for the peers (attested
 * mutual TLS) with a client port for the untrusted signing client (server-only attested TLS), and
 * one {@link CeremonyParty} per proposed session, configured with this party's pins.
 *
 * <pre>{@code
 * try (PartyServer server = PartyServer.start(PartyConfig.read(Path.of("party1.json")))) {
 *   server.awaitShutdown();   // until close() from a shutdown hook (SIGTERM)
 * }
 * }</pre>
 *
 * <p>A session starts when a client proposes it and streams the artifact; the party checks the
 * proposal against its own pins (TEE policy, approval policy, limits) before its hello, runs the
 * ceremony with its peers directly, and answers the client with its progress and then its public
 * result ({@link PartyResult#encode()}) or its abort record ({@link OutcomeRecord#encode()}).
 * Sessions run concurrently, up to {@link PartyConfig#maxConcurrentSessions()}; more are refused
 * with {@code PARTY_BUSY}. Each phase has the configured deadline.
 *
 * <p><b>Security:</b> the client is untrusted: it can propose, and so make sessions abort, but a
 * signature exists only if the proposal fits this party's pins and every party attested. Nothing
 * secret is ever sent to the client. Every session's secrets are destroyed by its {@link
 * CeremonyParty} on every path, including shutdown. Audit events (one line per session and phase,
 * {@code key=value}) go to the {@code System.Logger} named {@value #AUDIT_LOGGER} at INFO.
 *
 * <p>Thread-safe.
 *
 * @since 0.1.0
 */
public final class PartyServer implements AutoCloseable {
  /** The logger of the audit events. */
  public static final String AUDIT_LOGGER = "dev.mayfly.party.audit";
  private static final System.Logger AUDIT = System.getLogger(AUDIT_LOGGER);
  private static final AtomicInteger THREADS = new AtomicInteger();

  private final PartyConfig config;
  private final GrpcPartyNode node;
  private final EvidenceProvider evidence;
  private final @Nullable AutoCloseable simulatedKeys;
  private final CeremonyOptions options;
  private final SecureRandom random;
  private final ExecutorService sessions;
  private final Object lock = new Object();
  private final AtomicLong signed = new AtomicLong();
  private final AtomicLong aborted = new AtomicLong();
  private int active;
  private boolean accepting = true;
  private boolean closed;
  private boolean terminated;

  private PartyServer(PartyConfig config, GrpcPartyNode.Builder nodeBuilder,
      EvidenceProvider evidence, @Nullable AutoCloseable simulatedKeys, CeremonyOptions options,
      SecureRandom random) throws MayflyException {
    this.config = config;
    this.evidence = evidence;
    this.simulatedKeys = simulatedKeys;
    this.options = options;
    this.random = random;
    this.sessions = Executors.newCachedThreadPool(task -> {
      Thread thread = new Thread(task, "mayfly-party-" + config.self().value() + "-session-"
          + THREADS.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
    NodeAccess.addClientService(nodeBuilder, new SigningService(new Sessions()).definition());
    try {
      this.node = nodeBuilder.start();
    } catch (MayflyException | RuntimeException e) {
      sessions.shutdownNow();
      throw e;
    }
  }

  /**
   * Starts the party of {@code config}: makes its evidence provider, starts its node (peer port
   * and client port), and serves until {@link #close()}.
   *
   * @throws ConfigException {@code CONFIG_INVALID} if a file the configuration names (the
   *     simulated authority) cannot be used
   * @throws AttestationException if this VM's evidence cannot be obtained
   * @throws TransportException {@code TRANSPORT_LISTEN_FAILED} if an address cannot be bound
   */
  public static PartyServer start(PartyConfig config) throws MayflyException {
    requireNonNull(config, "config");
    SecureRandom random = new SecureRandom();
    EvidenceProvider provider;
    AutoCloseable keys = null;
    SnpVerifyOptions verify;
    GrpcPartyNode.Builder node = GrpcPartyNode.builder()
        .self(config.self())
        .listenAddress(config.listen())
        .clientListenAddress(config.clientListen())
        .teePolicy(config.teePolicy())
        .callTimeout(config.callTimeout())
        .random(random)
        .refusalListener(refusal -> AUDIT.log(System.Logger.Level.WARNING, "mayfly-audit"
            + " event=peer-refused party=" + config.self().value() + " refusal=\"" + refusal
            + "\""));
    config.peers().forEach(node::peer);
    if (config.evidenceSource() == PartyConfig.EvidenceSource.SIMULATED_INSECURE) {
      SimulationSupport.Chip chip;
      try {
        chip = simulation(config.file().toString(), "evidence.provider").chip(
            config.simulatedAuthorityFile(), config.simulatedMeasurement(), random);
      } catch (IOException | AttestationException e) {
        throw new ConfigException(config.file().toString(),
            "evidence.simulatedAuthorityFileInsecure", "cannot be used: " + e.getMessage(), e);
      }
      provider = chip.provider();
      keys = chip.keys();
      verify = SnpVerifyOptions.builder().allowSimulatedEvidenceInsecure().build();
      node.verifyOptions(verify).trustSimulatedRootInsecure(chip.arkDer());
    } else {
      provider = ConfigfsTsmProvider.create(config.configfsRoot());
      verify = SnpVerifyOptions.defaults();
      node.verifyOptions(verify);
    }
    node.evidenceProvider(provider);
    CeremonyOptions options = CeremonyOptions.builder()
        .phaseTimeouts(config.phaseTimeout())
        .abortWindow(config.abortWindow())
        .clockSkewTolerance(config.clockSkew())
        .snpVerifyOptions(verify)
        .build();
    try {
      PartyServer server = new PartyServer(config, node, provider, keys, options, random);
      server.audit("started", "peers=" + config.peers().keySet().stream()
          .map(p -> Integer.toString(p.value())).collect(Collectors.joining(",", "[", "]"))
          + " policy=" + config.teePolicy().hashHex() + " evidence=" + config.evidenceSource());
      return server;
    } catch (MayflyException | RuntimeException e) {
      closeQuietly(keys);
      throw e;
    }
  }

  /**
   * Writes a new simulated AMD authority to {@code file} (owner-only permissions), for the
   * processes of a simulated deployment to share through {@code
   * evidence.simulatedAuthorityFileInsecure}.
   *
   * <p><b>Security:</b> the file holds the simulated root's private keys; simulated evidence
   * proves nothing about hardware. Demos and tests only.
   *
   * @throws IOException if the file exists or cannot be written
   */
  public static void writeSimulatedAuthorityInsecure(java.nio.file.Path file)
      throws IOException, ConfigException {
    simulation(requireNonNull(file, "file").toString(), "simulation").writeAuthority(file);
  }

  /**
   * The simulation module's support for a simulated deployment, which only that module provides:
   * production jars hold no simulation code.
   *
   * @throws ConfigException {@code CONFIG_INVALID} naming {@code key} if it is not on the class
   *     path
   */
  static SimulationSupport simulation(String file, String key) throws ConfigException {
    return SimulationSupport.find().orElseThrow(() -> new ConfigException(file, key,
        "a simulated deployment needs the mayfly-simulation module on the class path (demos and"
            + " tests only)", null));
  }

  /** This party. */
  public PartyId self() {
    return config.self();
  }

  /** Where the peers' server listens (with the real port). */
  public InetSocketAddress peerAddress() {
    return node.localAddress();
  }

  /** Where the signing client connects (with the real port). */
  public InetSocketAddress clientAddress() {
    return node.clientAddress().orElseThrow();
  }

  /** The node, for its statistics and attested peers. */
  public GrpcPartyNode node() {
    return node;
  }

  /** Sessions that ended with a signature, and with an abort, since the start. */
  public long[] sessionCounts() {
    return new long[] {signed.get(), aborted.get()};
  }

  /**
   * Checks, in the background, that every peer is reachable and attested, and logs the outcome
   * per peer as an audit event ({@code peer-ready} or {@code peer-unavailable} with its code).
   */
  public void checkPeersInBackground(Duration timeout) {
    requireNonNull(timeout, "timeout");
    sessions.execute(() -> {
      for (PartyId peer : config.peers().keySet()) {
        try {
          boolean serving = node.isPeerServing(peer, timeout);
          audit(serving ? "peer-ready" : "peer-unavailable", "peer=" + peer.value());
        } catch (TransportException e) {
          audit("peer-unavailable", "peer=" + peer.value() + " code=" + e.code()
              + " detail=\"" + e.detail() + "\"");
        }
      }
    });
  }

  /**
   * Stops: refuses new sessions ({@code PARTY_BUSY}), lets the sessions in flight finish for up to
   * the configured shutdown grace, then interrupts the rest (each aborts with {@code
   * CEREMONY_INTERRUPTED}, or {@code TRANSPORT_CLOSED} when the interrupt lands in a send,
   * announces it to its peers and the client, and destroys its secrets),
   * closes the node and destroys the simulated chip's key. Idempotent.
   */
  @Override
  public void close() {
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      accepting = false;
    }
    audit("stopping", "sessions=" + activeSessions());
    long deadline = System.nanoTime() + config.shutdownGrace().toNanos();
    synchronized (lock) {
      while (active > 0 && System.nanoTime() < deadline) {
        try {
          lock.wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    }
    int left = activeSessions();
    sessions.shutdownNow();
    if (left > 0) {
      audit("aborting-sessions", "sessions=" + left);
    }
    try {
      sessions.awaitTermination(config.abortWindow().toMillis() + 5000, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    node.close();
    closeQuietly(simulatedKeys);
    audit("stopped", "signed=" + signed.get() + " aborted=" + aborted.get());
    synchronized (lock) {
      terminated = true;
      lock.notifyAll();
    }
  }

  /** Waits until {@link #close()} has finished. */
  public void awaitShutdown() throws InterruptedException {
    synchronized (lock) {
      while (!terminated) {
        lock.wait();
      }
    }
  }

  private int activeSessions() {
    synchronized (lock) {
      return active;
    }
  }

  private void audit(String event, String fields) {
    AUDIT.log(System.Logger.Level.INFO, () -> "mayfly-audit event=" + event + " party="
        + config.self().value() + (fields.isEmpty() ? "" : " " + fields));
  }

  private static void closeQuietly(@Nullable AutoCloseable keys) {
    if (keys != null) {
      try {
        keys.close();
      } catch (Exception e) {
        // best effort: nothing else to do with a failed wipe
      }
    }
  }

  @Override
  public String toString() {
    return "PartyServer[" + config.self() + ", " + activeSessions() + " sessions"
        + (closed ? ", closed" : "") + "]";
  }

  /** The sessions of the signing service. */
  private final class Sessions implements SigningService.Sessions {
    @Override
    public PartyId self() {
      return config.self();
    }

    @Override
    public long maxArtifactBytes() {
      return options.rawArtifactMaxBytes();
    }

    @Override
    public String reserve() {
      synchronized (lock) {
        if (!accepting) {
          return config.self() + " is shutting down";
        }
        if (active >= config.maxConcurrentSessions()) {
          return config.self() + " already runs " + active + " sessions, its limit";
        }
        active++;
        return null;
      }
    }

    @Override
    public void release() {
      synchronized (lock) {
        active--;
        lock.notifyAll();
      }
    }

    @Override
    public void start(SessionProposal proposal, List<byte[]> artifact,
        SigningService.Responder out) {
      try {
        sessions.execute(() -> {
          try {
            run(proposal, artifact, out);
          } catch (RuntimeException | Error e) {
            // A bug or a broken installation, not a protocol outcome: end the call at once
            // rather than let the client wait for its deadline.
            AUDIT.log(System.Logger.Level.ERROR, "mayfly-audit event=session-failed party="
                + config.self().value() + " session=" + proposal.sessionId().toHex(), e);
            out.refuse(Status.INTERNAL, ErrorCode.CEREMONY_INTERRUPTED, config.self()
                + " failed internally: " + e);
            if (e instanceof Error error) {
              throw error;
            }
          } finally {
            release();
          }
        });
      } catch (java.util.concurrent.RejectedExecutionException e) {
        release();
        out.refuse(Status.UNAVAILABLE, ErrorCode.PARTY_BUSY, config.self() + " is stopping");
      }
    }
  }

  private void run(SessionProposal proposal, List<byte[]> artifacts,
      SigningService.Responder out) {
    String session = proposal.sessionId().toHex();
    String sessionFields = "session=" + session;
    audit("session-proposed", sessionFields + " artifacts=" + proposal.artifacts().stream()
        .map(a -> "\"" + a.name() + "\":" + a.sha256Hex())
        .collect(Collectors.joining(",", "[", "]"))
        + " threshold=" + proposal.threshold() + " parties=" + proposal.partyIds().stream()
            .map(p -> Integer.toString(p.value())).collect(Collectors.joining(",", "[", "]"))
        + " algorithm=" + proposal.algorithm().id() + " proposal=" + proposal.hashHex());
    Transport transport;
    try {
      transport = new LossTolerantTransport(
          node.openSession(proposal.sessionId(), proposal.partyIds()),
          failure -> audit("send-failed", sessionFields + " code=" + failure.code()
              + " peers=" + ids(failure.culprits()) + " detail=\"" + failure.detail() + "\""));
    } catch (IllegalArgumentException | IllegalStateException e) {
      audit("session-refused", sessionFields + " reason=\"" + e.getMessage() + "\"");
      out.refuse(Status.INVALID_ARGUMENT, ErrorCode.PARTY_REQUEST_INVALID, e.getMessage());
      return;
    } catch (TransportException e) {
      out.refuse(Status.UNAVAILABLE, ErrorCode.PARTY_BUSY, e.getMessage());
      return;
    }
    try {
      CeremonyParty party;
      try {
        CeremonyParty.Builder builder = CeremonyParty.builder()
            .proposal(proposal)
            .self(config.self())
            .transport(transport)
            .teePolicy(config.teePolicy())
            .approvalPolicy(config.approvalPolicy())
            .limits(config.limits())
            .evidenceProvider(evidence)
            .options(options)
            .random(random)
            .progressListener(event -> progress(event, out));
        if (proposal.artifactMode() == dev.mayfly.ceremony.ArtifactMode.RAW) {
          builder.artifacts(artifacts);
        }
        party = builder.build();
      } catch (IllegalArgumentException | IllegalStateException e) {
        audit("session-refused", sessionFields + " reason=\"" + e.getMessage() + "\"");
        out.refuse(Status.INVALID_ARGUMENT, ErrorCode.PARTY_REQUEST_INVALID, e.getMessage());
        return;
      }
      try {
        PartyResult result = party.run();
        signed.incrementAndGet();
        audit("session-signed", sessionFields + " groupKey=" + HexFormat.of().formatHex(
            result.groupKey().rawBytes()) + " transcript=" + HexFormat.of().formatHex(
            result.transcriptHash()));
        out.send(SigningWire.result(result.encode()));
      } catch (CeremonyException e) {
        aborted.incrementAndGet();
        OutcomeRecord record = e.record();
        audit("session-aborted", sessionFields + " code=" + record.code() + " phase="
            + record.phase() + " culprits=" + ids(record.culprits()) + " record="
            + record.digestHex() + " reports=" + record.reports().size());
        out.send(SigningWire.abort(record.encode(), e.getMessage()));
      }
      out.finish();
    } finally {
      transport.close();
    }
  }

  private void progress(ProgressEvent event, SigningService.Responder out) {
    audit("phase", "session=" + event.sessionIdHex() + " phase=" + event.phase() + " kind="
        + event.kind() + " elapsedMs=" + event.elapsed().toMillis()
        + event.errorCode().map(c -> " code=" + c + " culprits=" + ids(event.culprits()))
            .orElse(""));
    out.send(SigningWire.event(event));
  }

  private static String ids(java.util.List<PartyId> parties) {
    return parties.stream().map(p -> Integer.toString(p.value()))
        .collect(Collectors.joining(",", "[", "]"));
  }
}

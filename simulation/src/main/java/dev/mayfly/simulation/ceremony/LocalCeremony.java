package dev.mayfly.simulation.ceremony;

import static java.util.Objects.requireNonNull;

import dev.mayfly.approval.ApprovalPolicy;
import dev.mayfly.approval.ApprovalSigner;
import dev.mayfly.approval.ApprovalStatement;
import dev.mayfly.approval.ApproverSet;
import dev.mayfly.approval.keys.ApproverSigningKey;
import dev.mayfly.approval.keys.KeyAlgorithm;
import dev.mayfly.ceremony.ArtifactMode;
import dev.mayfly.ceremony.BundleAssembler;
import dev.mayfly.ceremony.CeremonyException;
import dev.mayfly.ceremony.CeremonyLimits;
import dev.mayfly.ceremony.CeremonyOptions;
import dev.mayfly.ceremony.CeremonyOutput;
import dev.mayfly.ceremony.CeremonyParty;
import dev.mayfly.ceremony.CeremonyPhase;
import dev.mayfly.ceremony.PartyInfo;
import dev.mayfly.ceremony.PartyResult;
import dev.mayfly.ceremony.ProgressListener;
import dev.mayfly.ceremony.SessionProposal;
import dev.mayfly.ceremony.internal.EngineAccess;
import dev.mayfly.ceremony.internal.SessionHooks;
import dev.mayfly.cert.mint.GroupKeyAlgorithm;
import dev.mayfly.cert.mint.IssuanceMode;
import dev.mayfly.common.MayflyException;
import dev.mayfly.common.ArtifactDigest;
import dev.mayfly.common.PartyId;
import dev.mayfly.simulation.SimulatedDeployment;
import dev.mayfly.simulation.snp.SimulatedAuthority;
import dev.mayfly.simulation.snp.SimulatedChip;
import dev.mayfly.simulation.snp.SimulatedEvidenceProvider;
import dev.mayfly.snp.abi.Product;
import dev.mayfly.snp.evidence.EvidenceProvider;
import dev.mayfly.snp.validate.TeePolicy;
import dev.mayfly.snp.verify.SnpVerifyOptions;
import dev.mayfly.transport.IdentityKeyPair;
import dev.mayfly.transport.RoundTag;
import dev.mayfly.transport.SessionId;
import dev.mayfly.transport.memory.Fault;
import dev.mayfly.transport.memory.FaultKind;
import dev.mayfly.transport.memory.FaultPlan;
import dev.mayfly.transport.memory.InMemoryNetwork;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * Runs every party of a ceremony in one JVM over the in-memory transport, with <b>simulated</b>
 * attestation (one simulated chip per party), generated approvers, an in-process test TSA and, in
 * CA-issued mode, an in-process test CA: the engine of {@code ./mayfly demo}, of the fault-matrix
 * tests and of the ceremony benchmark.
 *
 * <p>Each party runs the same {@link CeremonyParty} a host would run on its own machine, on its own
 * thread; nothing is shared between them but the in-memory network. Faults can be injected into
 * the network ({@link FaultPlan}), into the setup of single parties ({@link Builder#faults}), and
 * into what a party sends ({@link Builder#tamper}), through the ceremony's one hook seam ({@code
 * dev.mayfly.ceremony.internal.EngineAccess}).
 *
 * <p><b>Security:</b> simulation only, for demonstrations and tests; never in production. Simulated
 * evidence proves nothing about hardware; the output is labelled SIMULATED and ordinary verifiers
 * refuse it.
 *
 * @since 0.1.0
 */
public final class LocalCeremony implements AutoCloseable {
  /**
   * The launch measurement the simulated chips report and the demo policy allows: a stand-in for
   * the measurement of a pinned Mayfly party image.
   */
  public static final byte[] SIMULATED_MEASUREMENT = SimulatedDeployment.simulatedMeasurement();

  private final int parties;
  private final int threshold;
  /** The artifacts, in order: name to bytes. */
  private final Map<String, byte[]> artifacts;
  private final @Nullable List<ArtifactDigest> approvedArtifacts;
  private final Set<String> jars;
  private final GroupKeyAlgorithm algorithm;
  private final IssuanceMode issuance;
  private final ArtifactMode artifactMode;
  private final FaultPlan networkFaults;
  private final List<SetupFault> setupFaults;
  private final Duration phaseTimeout;
  private final Duration abortWindow;
  private final Map<CeremonyPhase, Duration> phaseTimeouts;
  private final Map<PartyId, ApprovalPolicy> partyApprovalPolicies;
  private final Clock clock;
  private final SecureRandom random;
  private final ProgressListener listener;
  private final Map<PartyId, PayloadTamper> tampers;
  private final Map<PartyId, Clock> partyClocks;
  private final Map<PartyId, Map<String, byte[]>> partyArtifacts;
  private final Map<PartyId, byte[]> pinnedChips;
  private final @Nullable SimulatedAuthority sharedAuthority;
  private final Map<PartyId, RoundTag> misshapes;
  private final CeremonyLimits limits;
  private final Map<PartyId, byte[]> hostDataPins;
  private final BiConsumer<InMemoryNetwork, SessionProposal> onStart;
  private @Nullable Fixture fixture;

  /**
   * Rewrites what one party sends, before the party signs it and records it as its own: a party
   * turned malicious but consistent (faults a network cannot make, such as a validly signed,
   * echo-consistent message with wrong content). Tests only.
   *
   * @since 0.1.0
   */
  @FunctionalInterface
  public interface PayloadTamper {
    /** Leaves everything as it is. */
    PayloadTamper NONE = (tag, payload) -> payload;

    /** The payload to send in round {@code tag} instead of {@code payload}. */
    byte[] tamper(RoundTag tag, byte[] payload);
  }

  /**
   * A party's transport that remembers the round of everything the party sent; for a misshaping
   * party it also turns its broadcast of one round into point-to-point envelopes, signed anew with
   * the party's key (a validly signed envelope of the wrong shape).
   */
  private static final class RecordingTransport extends dev.mayfly.transport.ForwardingTransport {
    private final @Nullable RoundTag misshaped;
    private final AtomicReference<IdentityKeyPair> identity;
    private final List<RoundTag> sent = Collections.synchronizedList(new ArrayList<>());

    RecordingTransport(dev.mayfly.transport.Transport inner, @Nullable RoundTag misshaped,
        AtomicReference<IdentityKeyPair> identity) {
      super(inner);
      this.misshaped = misshaped;
      this.identity = identity;
    }

    List<RoundTag> sent() {
      synchronized (sent) {
        return List.copyOf(sent);
      }
    }

    @Override
    public void send(dev.mayfly.transport.Envelope envelope)
        throws dev.mayfly.transport.TransportException {
      sent.add(envelope.tag());
      super.send(envelope);
    }

    @Override
    public void broadcast(dev.mayfly.transport.Envelope envelope)
        throws dev.mayfly.transport.TransportException {
      sent.add(envelope.tag());
      IdentityKeyPair key = identity.get();
      if (envelope.tag().equals(misshaped) && key != null) {
        for (PartyId peer : peers()) {
          super.send(envelope.toBuilder().recipient(peer).sign(key));
        }
        return;
      }
      super.broadcast(envelope);
    }
  }

  /** A fault in how one party, or the approvals, are set up (not in the network). */
  private record SetupFault(String kind, @Nullable PartyId party) {}

  private LocalCeremony(Builder b) {
    this.parties = b.parties;
    this.threshold = b.threshold;
    Map<String, byte[]> list = new LinkedHashMap<>();
    if (b.artifacts.isEmpty()) {
      list.put(Builder.SAMPLE_NAME, Builder.SAMPLE_BYTES.clone());
    } else {
      b.artifacts.forEach((name, bytes) -> list.put(name, bytes.clone()));
    }
    this.artifacts = java.util.Collections.unmodifiableMap(list);
    this.approvedArtifacts = b.approvedArtifacts;
    this.jars = Set.copyOf(b.jars);
    this.algorithm = b.algorithm;
    this.issuance = b.issuance;
    this.artifactMode = b.artifactMode;
    this.networkFaults = b.networkFaults;
    this.setupFaults = List.copyOf(b.setupFaults);
    this.phaseTimeout = b.phaseTimeout;
    this.abortWindow = b.abortWindow != null ? b.abortWindow : b.phaseTimeout;
    this.phaseTimeouts = Map.copyOf(b.phaseTimeouts);
    this.partyApprovalPolicies = Map.copyOf(b.partyApprovalPolicies);
    this.clock = b.clock;
    this.random = b.random;
    this.listener = b.listener;
    this.tampers = Map.copyOf(b.tampers);
    this.partyClocks = Map.copyOf(b.partyClocks);
    Map<PartyId, Map<String, byte[]>> given = new TreeMap<>();
    b.partyArtifacts.forEach((party, byName) -> given.put(party, Map.copyOf(byName)));
    this.partyArtifacts = given;
    this.pinnedChips = Map.copyOf(b.pinnedChips);
    this.sharedAuthority = b.authority;
    this.misshapes = Map.copyOf(b.misshapes);
    this.limits = b.limits;
    this.hostDataPins = Map.copyOf(b.hostDataPins);
    this.onStart = b.onStart;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Runs the ceremony: every party to its end. Never throws for a party's abort: each party's
   * result or abort is in the {@link Outcome}. May be called again for a new session (new
   * session id and keys) with the same simulated chips and approvals; {@link #close()} when done.
   *
   * @throws MayflyException if the simulated setup itself fails (not expected)
   * @throws InterruptedException if interrupted while waiting for the parties
   */
  public Outcome run() throws MayflyException, InterruptedException {
    Instant now = clock.instant();
    Fixture fixture = fixture(now);
    // The parties that misbehave themselves. A network fault on a party's messages (drop, delay,
    // corrupt, duplicate, reorder) and a host fault (another artifact) leave it honest; a crash
    // silences it, and an equivocation is signed with its key.
    Set<PartyId> faulty = new TreeSet<>(tampers.keySet());
    faulty.addAll(partyClocks.keySet());
    faulty.addAll(misshapes.keySet());
    networkFaults.faults().stream()
        .filter(f -> f.kind() == FaultKind.CRASH || f.kind() == FaultKind.EQUIVOCATE)
        .forEach(f -> faulty.add(f.party()));
    setupFaults.stream().filter(f -> f.party() != null && !f.kind().equals("artifact"))
        .forEach(f -> faulty.add(f.party()));

    try (InMemoryNetwork network = InMemoryNetwork.builder().parties(parties)
            .faults(networkFaults).build()) {
      SessionProposal proposal = proposal(fixture, now);
      Map<PartyId, CeremonyParty> members = new LinkedHashMap<>();
      Map<PartyId, RecordingTransport> transports = new TreeMap<>();
      for (PartyInfo info : proposal.parties()) {
        PartyId id = info.id();
        CeremonyOptions.Builder optionsBuilder = CeremonyOptions.builder()
            .phaseTimeouts(phaseTimeout);
        phaseTimeouts.forEach(optionsBuilder::phaseTimeout);
        CeremonyOptions options = optionsBuilder
            .abortWindow(abortWindow)
            .clock(partyClocks.getOrDefault(id,
                has("clock", id) ? Clock.offset(clock, Duration.ofMinutes(5)) : clock))
            .snpVerifyOptions(fixture.snpOptions)
            .build();
        CeremonyLimits.Builder limits = CeremonyLimits.builder()
            .minThreshold(this.limits.minThreshold())
            .allowedAlgorithms(this.limits.allowedAlgorithms())
            .maxParties(this.limits.maxParties());
        pinnedChips.forEach(limits::pinChip);
        hostDataPins.forEach(limits::pinHostData);
        AtomicReference<IdentityKeyPair> identity = new AtomicReference<>();
        RecordingTransport recording = new RecordingTransport(network.transport(id),
            misshapes.get(id), identity);
        transports.put(id, recording);
        CeremonyParty.Builder party = CeremonyParty.builder()
            .proposal(proposal).self(id).transport(recording)
            .teePolicy(fixture.policies.get(id))
            .approvalPolicy(partyApprovalPolicies.getOrDefault(id, fixture.approvalPolicy))
            .limits(limits.build())
            .evidenceProvider(fixture.evidence.get(id))
            .options(options)
            .random(random).progressListener(listener);
        PayloadTamper tamper = tampers.getOrDefault(id, PayloadTamper.NONE);
        boolean equivocates = equivocates(id);
        if (tamper != PayloadTamper.NONE || equivocates || misshapes.containsKey(id)) {
          EngineAccess.install(party, new SessionHooks() {
            @Override
            public void identityKeyMade(IdentityKeyPair key) {
              identity.set(key);
              if (equivocates) {
                network.registerEquivocationKey(id, key);
              }
            }

            @Override
            public byte[] outgoing(RoundTag tag, byte[] payload) {
              return tamper.tamper(tag, payload);
            }
          });
        }
        if (artifactMode == ArtifactMode.RAW) {
          Map<String, byte[]> own = partyArtifacts.getOrDefault(id, Map.of());
          boolean first = true;
          for (Map.Entry<String, byte[]> artifact : artifacts.entrySet()) {
            byte[] bytes = own.containsKey(artifact.getKey()) ? own.get(artifact.getKey())
                : first && own.containsKey("") ? own.get("") : artifact.getValue();
            if (first && has("artifact", id)) {
              bytes = "not the approved artifact".getBytes(StandardCharsets.UTF_8);
            }
            party.addArtifact(bytes);
            first = false;
          }
        }
        members.put(id, party.build());
      }
      onStart.accept(network, proposal);
      Map<PartyId, PartyResult> results = new TreeMap<>();
      Map<PartyId, CeremonyException> aborts = new TreeMap<>();
      ExecutorService pool = Executors.newFixedThreadPool(parties, runnable -> {
        Thread thread = new Thread(runnable, "mayfly-local-party");
        thread.setDaemon(true);
        return thread;
      });
      try {
        Map<PartyId, Future<PartyResult>> running = new LinkedHashMap<>();
        members.forEach((id, party) -> running.put(id, pool.submit(party::run)));
        for (Map.Entry<PartyId, Future<PartyResult>> entry : running.entrySet()) {
          try {
            results.put(entry.getKey(), entry.getValue().get());
          } catch (ExecutionException e) {
            if (e.getCause() instanceof CeremonyException abort) {
              aborts.put(entry.getKey(), abort);
            } else {
              throw new IllegalStateException(entry.getKey() + " failed unexpectedly",
                  e.getCause());
            }
          }
        }
      } finally {
        pool.shutdownNow();
      }
      CeremonyOutput output = null;
      if (aborts.isEmpty()) {
        output = fixture.assembler.assemble(results.values().iterator().next(),
            List.copyOf(artifacts.values()));
      }
      Map<PartyId, Integer> secretsAlive = new TreeMap<>();
      members.forEach((id, party) -> secretsAlive.put(id, party.aliveSecretCount()));
      Map<PartyId, List<RoundTag>> sent = new TreeMap<>();
      transports.forEach((id, t) -> sent.put(id, t.sent()));
      return new Outcome(proposal, results, aborts, faulty, output, secretsAlive, sent);
    }
  }

  /**
   * Destroys the simulated chips' keys (and the simulated authority, unless it was given by the
   * caller). Idempotent.
   */
  @Override
  public synchronized void close() {
    if (fixture != null) {
      fixture.close();
      fixture = null;
    }
  }

  /**
   * Everything a run needs that does not depend on the session: the simulated deployment (chips,
   * policy, approvers, TSA, CA) and what the setup faults change in it: each party's evidence
   * provider and TEE policy, and the approvals. Made at the first run and reused by later ones
   * (approvals stay valid for an hour).
   */
  private static final class Fixture {
    final SimulatedDeployment deployment;
    final List<SimulatedChip> extraChips = new ArrayList<>();
    final Map<PartyId, EvidenceProvider> evidence = new TreeMap<>();
    final Map<PartyId, TeePolicy> policies = new TreeMap<>();
    final TeePolicy policy;
    final SnpVerifyOptions snpOptions;
    final ApprovalPolicy approvalPolicy;
    final List<byte[]> approvals;
    final ApprovalPolicy proposedPolicy;
    final List<byte[]> proposedApprovals;
    final BundleAssembler assembler;

    Fixture(LocalCeremony ceremony, Instant now) throws MayflyException {
      SimulatedDeployment.Builder builder = SimulatedDeployment.builder()
          .parties(ceremony.parties).threshold(ceremony.threshold)
          .algorithm(ceremony.algorithm).issuance(ceremony.issuance)
          .clock(ceremony.clock).random(ceremony.random);
      if (ceremony.sharedAuthority != null) {
        builder.authority(ceremony.sharedAuthority);
      }
      deployment = builder.build();
      try {
        policy = deployment.teePolicy();
        approvalPolicy = deployment.approvalPolicy();
        approvals = ceremony.approvals(deployment, policy.hash(), now);
        if (ceremony.setupFaults.contains(new SetupFault("approval-hostmade", null))) {
          // The host makes its own approver key and a quorum of one, and approves by itself.
          try (ApproverSigningKey host = ApproverSigningKey.generate(KeyAlgorithm.ED25519,
              ceremony.random)) {
            proposedPolicy = ApprovalPolicy.builder().approvers(ApproverSet.builder()
                .approver("host", host.publicKey()).build()).quorum(1).build();
            proposedApprovals = List.of(ceremony.approve(ApprovalSigner.create(host), "host",
                ceremony.approvedList(), policy.hash(), now.minus(Duration.ofHours(3)),
                now.plus(Duration.ofHours(1))));
          }
        } else {
          proposedPolicy = approvalPolicy;
          proposedApprovals = approvals;
        }
        assembler = deployment.assembler();
        SimulatedAuthority authority = deployment.authority();
        for (PartyId id : deployment.partyIds()) {
          boolean masked = ceremony.has("maskedchip", id);
          if (ceremony.has("vlek", id) || ceremony.has("chip", id) || masked
              || ceremony.has("evidence", id)) {
            // A chip of its own (a VLEK-signed one, or a second chip with party 1's CHIP_ID), or
            // reports with another measurement.
            SimulatedChip chip = deployment.chip(id);
            if (ceremony.has("vlek", id)) {
              chip = authority.newVlekChip(SimulatedDeployment.SIMULATED_TCB);
              extraChips.add(chip);
            } else if (ceremony.has("chip", id) || masked) {
              chip = authority.newChip(SimulatedDeployment.chipId(PartyId.of(1)),
                  SimulatedDeployment.SIMULATED_TCB);
              extraChips.add(chip);
            }
            SimulatedEvidenceProvider.Builder provider = SimulatedEvidenceProvider.builder(chip)
                .measurement(ceremony.has("evidence", id)
                    ? sha384("some other image") : SIMULATED_MEASUREMENT)
                .random(ceremony.random);
            if (masked) {
              provider.maskChipId();
            }
            evidence.put(id, provider.build());
          } else {
            evidence.put(id, deployment.evidenceProvider(id));
          }
          policies.put(id, ceremony.has("policy", id)
              ? TeePolicy.builder().products(List.of(Product.MILAN))
                  .allowMeasurement(SIMULATED_MEASUREMENT).allowDebug(true).build()
              : policy);
        }
        snpOptions = deployment.snpVerifyOptions();
      } catch (MayflyException | RuntimeException e) {
        close();
        throw e;
      }
    }

    void close() {
      extraChips.forEach(SimulatedChip::destroy);
      deployment.close();
    }
  }

  private synchronized Fixture fixture(Instant now) throws MayflyException {
    if (fixture == null) {
      fixture = new Fixture(this, now);
    }
    return fixture;
  }

  private List<byte[]> approvals(SimulatedDeployment deployment, byte[] policyHash, Instant now)
      throws MayflyException {
    List<ArtifactDigest> digest = approvedList();
    ApprovalSigner alice = deployment.approvalSigner("alice");
    ApprovalSigner bob = deployment.approvalSigner("bob");
    List<byte[]> approvals = new ArrayList<>();
    boolean expired = setupFaults.contains(new SetupFault("approval-expired", null));
    // "fresh": valid only from just after the start time the proposal will carry.
    Instant from = setupFaults.contains(new SetupFault("approval-fresh", null))
        ? now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).plusMillis(1)
        : now.minus(Duration.ofHours(3));
    approvals.add(approve(alice, "alice", digest, policyHash, from,
        expired ? now.minus(Duration.ofHours(2)) : now.plus(Duration.ofHours(1))));
    if (setupFaults.contains(new SetupFault("approval-duplicate", null))) {
      approvals.add(approve(alice, "alice", digest, policyHash, from,
          now.plus(Duration.ofHours(1))));
    } else if (!setupFaults.contains(new SetupFault("approval-missing", null))) {
      approvals.add(approve(bob, "bob", digest, policyHash, from,
          now.plus(Duration.ofHours(1))));
    }
    return approvals;
  }

  private SessionProposal proposal(Fixture fixture, Instant now) {
    List<PartyInfo> infos = new ArrayList<>();
    for (int i = 1; i <= parties; i++) {
      infos.add(PartyInfo.of(i));
    }
    byte[] sessionId = new byte[SessionId.LENGTH_BYTES];
    random.nextBytes(sessionId);
    SessionProposal.Builder builder = SessionProposal.builder();
    jars.forEach(builder::signJar);
    return builder
        .sessionId(SessionId.create(sessionId))
        .parties(infos)
        .threshold(threshold)
        .algorithm(algorithm)
        .artifacts(releaseList())
        .artifactMode(artifactMode)
        .teePolicyHash(fixture.policy.hash())
        .approvalPolicy(fixture.proposedPolicy)
        .approvals(fixture.proposedApprovals)
        .startTime(now)
        .issuance(issuance)
        .build();
  }

  /** The session's artifacts, in order. */
  private List<ArtifactDigest> releaseList() {
    List<ArtifactDigest> list = new ArrayList<>();
    artifacts.forEach((name, bytes) -> list.add(ArtifactDigest.create(name, sha256(bytes))));
    return list;
  }

  /** What the approvers approve: the session's artifacts unless a test chose another list. */
  private List<ArtifactDigest> approvedList() {
    return approvedArtifacts != null ? approvedArtifacts : releaseList();
  }

  private byte[] approve(ApprovalSigner signer, String approver, List<ArtifactDigest> digest,
      byte[] policyHash, Instant from, Instant notAfter) throws MayflyException {
    byte[] nonce = new byte[32];
    random.nextBytes(nonce);
    ApprovalStatement statement = ApprovalStatement.builder()
        .artifacts(digest)
        .approverId(approver)
        .changeRef("demo://local-ceremony")
        .teePolicyHash(policyHash)
        .validity(from, notAfter)
        .nonce(nonce)
        .build();
    return signer.sign(statement).toJsonBytes();
  }

  private boolean has(String kind, PartyId party) {
    return setupFaults.contains(new SetupFault(kind, party));
  }

  private boolean equivocates(PartyId party) {
    return networkFaults.faults().stream()
        .anyMatch(f -> f.kind() == FaultKind.EQUIVOCATE && f.party().equals(party));
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from the JDK", e);
    }
  }

  private static byte[] sha384(String text) {
    try {
      return MessageDigest.getInstance("SHA-384").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-384 is missing from the JDK", e);
    }
  }

  @Override
  public String toString() {
    return "LocalCeremony[" + threshold + "-of-" + parties + ", " + algorithm.id() + ", "
        + String.join(", ", artifacts.keySet()) + ", faults " + networkFaults + " " + setupFaults + "]";
  }

  /**
   * What every party of a local ceremony ended with.
   *
   * @since 0.1.0
   */
  public static final class Outcome {
    private final SessionProposal proposal;
    private final Map<PartyId, PartyResult> results;
    private final Map<PartyId, CeremonyException> aborts;
    private final Set<PartyId> faulty;
    private final @Nullable CeremonyOutput output;
    private final Map<PartyId, Integer> secretsAlive;
    private final Map<PartyId, List<RoundTag>> sent;

    Outcome(SessionProposal proposal, Map<PartyId, PartyResult> results,
        Map<PartyId, CeremonyException> aborts, Set<PartyId> faulty,
        @Nullable CeremonyOutput output, Map<PartyId, Integer> secretsAlive,
        Map<PartyId, List<RoundTag>> sent) {
      this.proposal = proposal;
      this.results = Collections.unmodifiableMap(new TreeMap<>(results));
      this.aborts = Collections.unmodifiableMap(new TreeMap<>(aborts));
      this.faulty = Collections.unmodifiableSet(new TreeSet<>(faulty));
      this.output = output;
      this.secretsAlive = Collections.unmodifiableMap(new TreeMap<>(secretsAlive));
      this.sent = Collections.unmodifiableMap(new TreeMap<>(sent));
    }

    /** The rounds of every envelope {@code party} sent, in order (aborts included). */
    public List<RoundTag> sentRounds(PartyId party) {
      return sent.getOrDefault(party, List.of());
    }

    public SessionProposal proposal() {
      return proposal;
    }

    /** Whether every party ended with a result (and the output was assembled). */
    public boolean succeeded() {
      return aborts.isEmpty() && output != null;
    }

    /** The parties' results, by party. */
    public Map<PartyId, PartyResult> results() {
      return results;
    }

    /** The parties' aborts, by party. */
    public Map<PartyId, CeremonyException> aborts() {
      return aborts;
    }

    /** The parties a fault was injected into; every other party is honest. */
    public Set<PartyId> faultyParties() {
      return faulty;
    }

    /** The honest parties: those without an injected fault. */
    public List<PartyId> honestParties() {
      List<PartyId> honest = new ArrayList<>();
      for (PartyId party : proposal.partyIds()) {
        if (!faulty.contains(party)) {
          honest.add(party);
        }
      }
      return honest;
    }

    /**
     * The abort of the honest parties, if they all aborted with the same code and culprits (the
     * ceremony's promise); empty if the session succeeded or honest parties disagree.
     */
    public Optional<CeremonyException> honestAbort() {
      CeremonyException first = null;
      for (PartyId party : honestParties()) {
        CeremonyException abort = aborts.get(party);
        if (abort == null) {
          return Optional.empty();
        }
        if (first == null) {
          first = abort;
        } else if (!first.record().equals(abort.record())) {
          return Optional.empty();
        }
      }
      return Optional.ofNullable(first);
    }

    /** The assembled output files, when every party succeeded. */
    public Optional<CeremonyOutput> output() {
      return Optional.ofNullable(output);
    }

    /** How many secret holders of each party were still alive after it ended (must be 0). */
    public Map<PartyId, Integer> secretsAlive() {
      return secretsAlive;
    }

    @Override
    public String toString() {
      return "Outcome[" + (succeeded() ? "signed" : "aborted " + aborts) + "]";
    }
  }

  /**
   * Builder for {@link LocalCeremony}; every field has a default (3 parties, threshold 2,
   * Ed25519, a generated sample artifact, self-attested, no faults).
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private static final Set<String> PARTY_FAULTS =
        Set.of("policy", "evidence", "chip", "maskedchip", "vlek", "artifact", "clock");
    private static final Set<String> APPROVAL_FAULTS =
        Set.of("missing", "duplicate", "expired", "hostmade", "fresh");

    private int parties = 3;
    private int threshold = 2;
    static final String SAMPLE_NAME = "sample-artifact.txt";
    static final byte[] SAMPLE_BYTES =
        "Mayfly sample artifact\n".getBytes(StandardCharsets.UTF_8);

    private final Map<String, byte[]> artifacts = new LinkedHashMap<>();
    private @Nullable List<ArtifactDigest> approvedArtifacts;
    private final Set<String> jars = new TreeSet<>();
    private GroupKeyAlgorithm algorithm = GroupKeyAlgorithm.ED25519;
    private IssuanceMode issuance = IssuanceMode.SELF_ATTESTED;
    private ArtifactMode artifactMode = ArtifactMode.RAW;
    private FaultPlan networkFaults = FaultPlan.none();
    private final List<SetupFault> setupFaults = new ArrayList<>();
    private Duration phaseTimeout = Duration.ofSeconds(20);
    private @Nullable Duration abortWindow;
    private final Map<CeremonyPhase, Duration> phaseTimeouts = new java.util.EnumMap<>(
        CeremonyPhase.class);
    private final Map<PartyId, ApprovalPolicy> partyApprovalPolicies = new TreeMap<>();
    private Clock clock = Clock.systemUTC();
    private SecureRandom random = new SecureRandom();
    private ProgressListener listener = ProgressListener.NONE;
    private final Map<PartyId, PayloadTamper> tampers = new TreeMap<>();
    private final Map<PartyId, Clock> partyClocks = new TreeMap<>();
    private final Map<PartyId, Map<String, byte[]>> partyArtifacts = new TreeMap<>();
    private final Map<PartyId, byte[]> pinnedChips = new TreeMap<>();
    private final Map<PartyId, RoundTag> misshapes = new TreeMap<>();
    private CeremonyLimits limits = CeremonyLimits.defaults();
    private final Map<PartyId, byte[]> hostDataPins = new TreeMap<>();
    private @Nullable SimulatedAuthority authority;
    private BiConsumer<InMemoryNetwork, SessionProposal> onStart = (network, proposal) -> { };

    private Builder() {}

    /**
     * The simulated AMD authority (a Milan ARK and ASK) to issue the parties' simulated chips
     * from; by default each run generates its own. Sharing one saves the RSA key generation when
     * many ceremonies run; the caller keeps ownership and destroys it.
     */
    public Builder simulatedAuthority(SimulatedAuthority authority) {
      this.authority = requireNonNull(authority, "authority");
      return this;
    }

    /**
     * Runs {@code hook} with the network and the proposal once the parties are built and before
     * they start: a hostile relay can inject frames there. Tests only.
     */
    public Builder onStart(BiConsumer<InMemoryNetwork, SessionProposal> hook) {
      this.onStart = requireNonNull(hook, "hook");
      return this;
    }

    /**
     * The ceremony limits every party is configured with (slot pins are added by {@link
     * #pinChip} and {@link #pinHostData}); default {@link CeremonyLimits#defaults()}.
     */
    public Builder limits(CeremonyLimits limits) {
      this.limits = requireNonNull(limits, "limits");
      return this;
    }

    /** Every party requires {@code party}'s reports to carry this HOST_DATA. Tests only. */
    public Builder pinHostData(PartyId party, byte[] hostData) {
      hostDataPins.put(requireNonNull(party, "party"), requireNonNull(hostData, "hostData").clone());
      return this;
    }

    /** Every party requires {@code party} to run on {@code chipId}. Tests only. */
    public Builder pinChip(PartyId party, byte[] chipId) {
      pinnedChips.put(requireNonNull(party, "party"), requireNonNull(chipId, "chipId").clone());
      return this;
    }

    /** Makes {@code party} malicious: everything it sends goes through {@code tamper}. Tests only. */
    public Builder tamper(PartyId party, PayloadTamper tamper) {
      tampers.put(requireNonNull(party, "party"), requireNonNull(tamper, "tamper"));
      return this;
    }

    /** Gives {@code party} its own clock. Tests only. */
    public Builder partyClock(PartyId party, Clock clock) {
      partyClocks.put(requireNonNull(party, "party"), requireNonNull(clock, "clock"));
      return this;
    }

    /** Gives {@code party} other bytes for the first artifact than the approved ones. Tests only. */
    public Builder partyArtifact(PartyId party, byte[] bytes) {
      return partyArtifact(party, "", bytes);
    }

    /**
     * Gives {@code party} other bytes for the artifact {@code name} than the approved ones (the
     * empty name: the first artifact). Tests only.
     */
    public Builder partyArtifact(PartyId party, String name, byte[] bytes) {
      requireNonNull(name, "name");
      partyArtifacts.computeIfAbsent(requireNonNull(party, "party"), p -> new TreeMap<>())
          .put(name, requireNonNull(bytes, "bytes").clone());
      return this;
    }

    /**
     * The approvers approve {@code release} instead of the session's artifacts (another list, a
     * subset, a swapped digest). Tests only.
     */
    public Builder approvedArtifactsInsecure(List<ArtifactDigest> release) {
      this.approvedArtifacts = List.copyOf(requireNonNull(release, "release"));
      return this;
    }

    public Builder parties(int parties) {
      this.parties = parties;
      return this;
    }

    public Builder threshold(int threshold) {
      this.threshold = threshold;
      return this;
    }

    /**
     * Adds an artifact to sign and its name (the base name of its output files); call once per
     * artifact of a release, in order. Without any, a generated sample artifact is signed.
     *
     * @throws IllegalArgumentException if an artifact of that name was added already
     */
    public Builder artifact(String name, byte[] bytes) {
      requireNonNull(name, "name");
      requireNonNull(bytes, "bytes");
      if (artifacts.containsKey(name)) {
        throw new IllegalArgumentException("artifact " + name + " was added already");
      }
      artifacts.put(name, bytes.clone());
      return this;
    }

    /**
     * Signs the artifact {@code name} (a JAR) also in the JAR signature format: the output holds
     * {@code NAME-signed.jar}, timestamped by the ceremony's test TSA (raw mode only).
     *
     * @since 0.2.0
     */
    public Builder signJar(String name) {
      jars.add(requireNonNull(name, "name"));
      return this;
    }

    public Builder algorithm(GroupKeyAlgorithm algorithm) {
      this.algorithm = requireNonNull(algorithm, "algorithm");
      return this;
    }

    public Builder issuance(IssuanceMode issuance) {
      this.issuance = requireNonNull(issuance, "issuance");
      return this;
    }

    public Builder artifactMode(ArtifactMode mode) {
      this.artifactMode = requireNonNull(mode, "mode");
      return this;
    }

    /**
     * Faults to inject, comma separated: the in-memory transport's kinds ({@code crash:2@dkg},
     * {@code equivocate:3@dkg}, {@code corrupt:2@sign}, {@code drop}, {@code delay}, {@code
     * duplicate}, {@code reorder}; grammar in docs/transport.md) and the setup kinds {@code
     * policy:N} (party N runs another TEE policy), {@code evidence:N} (party N's reports carry
     * another measurement), {@code chip:N} (party N runs on party 1's chip), {@code
     * maskedchip:N} (the same, with CHIP_ID masked in party N's reports), {@code artifact:N} (the
     * host gives party N other artifact bytes), {@code clock:N} (party N's clock is five minutes
     * fast), {@code misshape:N@phase:round} (party N sends its broadcast of that round point to
     * point, validly signed) and {@code approval:missing|duplicate|expired}.
     *
     * @throws IllegalArgumentException if the spec does not parse
     */
    public Builder faults(String spec) {
      requireNonNull(spec, "spec");
      List<String> network = new ArrayList<>();
      for (String raw : spec.split(",", -1)) {
        String item = raw.strip();
        int colon = item.indexOf(':');
        String kind = colon < 0 ? item : item.substring(0, colon);
        String argument = colon < 0 ? "" : item.substring(colon + 1);
        if (kind.equals("misshape")) {
          Fault parsed = Fault.parse("drop:" + argument);
          if (parsed.phase().isEmpty() || parsed.round().isEmpty()) {
            throw new IllegalArgumentException("'" + item + "': misshape takes party@phase:round");
          }
          misshapes.put(parsed.party(),
              RoundTag.of(parsed.phase().get(), parsed.round().getAsInt()));
        } else if (PARTY_FAULTS.contains(kind)) {
          if (!argument.matches("[1-9][0-9]{0,4}")) {
            throw new IllegalArgumentException("'" + item + "': " + kind + " takes a party number");
          }
          setupFaults.add(new SetupFault(kind, PartyId.of(Integer.parseInt(argument))));
        } else if (kind.equals("approval")) {
          if (!APPROVAL_FAULTS.contains(argument)) {
            throw new IllegalArgumentException(
                "'" + item + "': approval takes one of " + new TreeSet<>(APPROVAL_FAULTS));
          }
          setupFaults.add(new SetupFault("approval-" + argument, null));
        } else {
          network.add(item);
        }
      }
      if (!network.isEmpty()) {
        this.networkFaults = FaultPlan.parse(String.join(",", network));
      }
      return this;
    }

    /** Network faults as a plan; replaces those given by {@link #faults(String)}. */
    public Builder networkFaults(FaultPlan plan) {
      this.networkFaults = requireNonNull(plan, "plan");
      return this;
    }

    /** The deadline of one phase, instead of {@link #phaseTimeout(Duration)}. */
    public Builder phaseTimeout(CeremonyPhase phase, Duration timeout) {
      phaseTimeouts.put(requireNonNull(phase, "phase"), requireNonNull(timeout, "timeout"));
      return this;
    }

    /** How long an aborting party collects announcements; default the phase timeout. */
    public Builder abortWindow(Duration window) {
      this.abortWindow = requireNonNull(window, "window");
      return this;
    }

    /** Pins another approval policy at {@code party} (a misconfigured party). Tests only. */
    public Builder partyApprovalPolicy(PartyId party, ApprovalPolicy policy) {
      partyApprovalPolicies.put(requireNonNull(party, "party"), requireNonNull(policy, "policy"));
      return this;
    }

    /** The deadline of every phase; default 20 seconds. */
    public Builder phaseTimeout(Duration timeout) {
      this.phaseTimeout = requireNonNull(timeout, "timeout");
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = requireNonNull(clock, "clock");
      return this;
    }

    public Builder random(SecureRandom random) {
      this.random = requireNonNull(random, "random");
      return this;
    }

    public Builder progressListener(ProgressListener listener) {
      this.listener = requireNonNull(listener, "listener");
      return this;
    }

    /**
     * Checks the settings.
     *
     * @throws IllegalArgumentException for an impossible configuration
     */
    public LocalCeremony build() {
      if (parties < 2 || parties > 16) {
        throw new IllegalArgumentException("a local ceremony runs 2..16 parties, got " + parties);
      }
      if (threshold < 2 || threshold > parties) {
        throw new IllegalArgumentException(
            "threshold must be in 2.." + parties + ", got " + threshold);
      }
      Set<Integer> named = new TreeSet<>();
      networkFaults.faults().stream().map(Fault::party).forEach(p -> named.add(p.value()));
      setupFaults.stream().map(SetupFault::party).filter(p -> p != null)
          .forEach(p -> named.add(p.value()));
      for (int party : named) {
        if (party > parties) {
          throw new IllegalArgumentException(
              "a fault names party " + party + ", but there are only " + parties);
        }
      }
      if (setupFaults.contains(new SetupFault("chip", PartyId.of(1)))
          || setupFaults.contains(new SetupFault("maskedchip", PartyId.of(1)))) {
        throw new IllegalArgumentException("chip:1 would put party 1 on its own chip; name another");
      }
      return new LocalCeremony(this);
    }
  }
}

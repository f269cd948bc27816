package dev.mayfly.simulation;

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
import dev.mayfly.ceremony.CeremonyOptions;
import dev.mayfly.ceremony.CeremonyOutput;
import dev.mayfly.ceremony.CeremonyParty;
import dev.mayfly.ceremony.PartyInfo;
import dev.mayfly.ceremony.PartyResult;
import dev.mayfly.ceremony.SessionProposal;
import dev.mayfly.ceremony.Signer;
import dev.mayfly.cert.bundle.TrustedRoot;
import dev.mayfly.cert.mint.GroupKeyAlgorithm;
import dev.mayfly.cert.mint.IssuanceMode;
import dev.mayfly.cert.tsa.TimestampVerifier;
import dev.mayfly.cert.tsa.Timestamper;
import dev.mayfly.cert.verify.BundleVerifierOptions;
import dev.mayfly.common.MayflyException;
import dev.mayfly.common.PartyId;
import dev.mayfly.simulation.cert.TestCertificateAuthority;
import dev.mayfly.simulation.cert.TestTimestampAuthority;
import dev.mayfly.simulation.snp.SimulatedAuthority;
import dev.mayfly.simulation.snp.SimulatedChip;
import dev.mayfly.simulation.snp.SimulatedEvidenceProvider;
import dev.mayfly.snp.abi.Product;
import dev.mayfly.snp.abi.TcbVersion;
import dev.mayfly.snp.evidence.EvidenceProvider;
import dev.mayfly.snp.validate.TeePolicy;
import dev.mayfly.snp.verify.SnpVerifyOptions;
import dev.mayfly.transport.SessionId;
import dev.mayfly.transport.Transport;
import dev.mayfly.transport.memory.InMemoryNetwork;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A whole <b>simulated</b> Mayfly deployment in one object, for trying Mayfly and for tests: a
 * simulated AMD authority (Milan ARK and ASK), one simulated chip per party (64-byte chip id, a
 * TCB, reports with the launch measurement the TEE policy allows), that TEE policy and its hash,
 * approvers (keys, an approval policy, and approvals for an artifact on request), an in-process
 * test TSA and, for CA-issued certificates, a test CA, with the trusted root and verifier options
 * that check its output.
 *
 * <pre>{@code
 * try (SimulatedDeployment deployment = SimulatedDeployment.builder().build();
 *     Signer signer = deployment.localSimulatedInsecure()) {
 *   List<byte[]> approvals = deployment.approve("app.jar", artifact);
 *   CeremonyOutput output = signer.sign("app.jar", artifact, approvals);
 *   BundleVerifier.create(deployment.verifierOptions())
 *       .verify(artifact, output.sigstoreBundle(), output.evidence());
 * }
 * }</pre>
 *
 * <p>Its pieces also serve hosts that wire parties themselves: {@link #evidenceProvider} for each
 * party, {@link #teePolicy}, {@link #approvalPolicy}, {@link #ceremonyOptions}, {@link #assembler}
 * and {@link #propose}.
 *
 * <p><b>Security:</b> simulation only, never in production. Simulated evidence chains to a root
 * anyone can make; the approvers' private keys live in this object; the TSA's time is this JVM's
 * clock. Output is labelled SIMULATED and a default {@code BundleVerifier} refuses it. {@link
 * #close()} destroys the chips', the authority's (unless the caller gave it) and the approvers'
 * keys.
 *
 * <p>Thread-safe once built.
 *
 * @since 0.1.0
 */
public final class SimulatedDeployment implements AutoCloseable {
  /** The TCB the simulated chips report and their VCEKs certify. */
  public static final TcbVersion SIMULATED_TCB = TcbVersion.of(3, 0, 8, 115);

  private static final byte[] MEASUREMENT = sha384("mayfly/v1/simulated-party-image");

  private final List<PartyInfo> parties;
  private final int threshold;
  private final GroupKeyAlgorithm algorithm;
  private final IssuanceMode issuance;
  private final Clock clock;
  private final SecureRandom random;
  private final Duration phaseTimeout;
  private final Duration abortWindow;
  private final SimulatedAuthority authority;
  private final boolean ownsAuthority;
  private final Map<PartyId, SimulatedChip> chips = new TreeMap<>();
  private final Map<PartyId, EvidenceProvider> evidence = new TreeMap<>();
  private final TeePolicy teePolicy;
  private final Map<String, ApproverSigningKey> approvers;
  private final ApprovalPolicy approvalPolicy;
  private final TestTimestampAuthority tsa;
  private final @Nullable TestCertificateAuthority ca;
  private final BundleAssembler assembler;
  private final SnpVerifyOptions snpOptions;

  private SimulatedDeployment(Builder b, SimulatedAuthority authority,
      Map<String, ApproverSigningKey> approvers, TestTimestampAuthority tsa,
      @Nullable TestCertificateAuthority ca) {
    this.threshold = b.threshold;
    this.algorithm = b.algorithm;
    this.issuance = b.issuance;
    this.clock = b.clock;
    this.random = b.random;
    this.phaseTimeout = b.phaseTimeout;
    this.abortWindow = b.abortWindow;
    this.authority = authority;
    this.ownsAuthority = b.authority == null;
    this.approvers = approvers;
    this.tsa = tsa;
    this.ca = ca;
    this.teePolicy = TeePolicy.builder().products(List.of(Product.MILAN))
        .allowMeasurement(MEASUREMENT).build();
    ApproverSet.Builder set = ApproverSet.builder();
    approvers.forEach((id, key) -> set.approver(id, key.publicKey()));
    this.approvalPolicy = ApprovalPolicy.builder().approvers(set.build())
        .quorum(approvers.size()).build();
    List<PartyInfo> infos = new ArrayList<>();
    for (int i = 1; i <= b.parties; i++) {
      PartyId id = PartyId.of(i);
      infos.add(PartyInfo.of(i));
      SimulatedChip chip = authority.newChip(chipId(id), SIMULATED_TCB);
      chips.put(id, chip);
      evidence.put(id, SimulatedEvidenceProvider.builder(chip).measurement(MEASUREMENT)
          .random(random).build());
    }
    this.parties = List.copyOf(infos);
    BundleAssembler.Builder assembly = BundleAssembler.builder()
        .timestamper(Timestamper.create(tsa, TimestampVerifier.create(tsa.chain())))
        .timestampAuthorityChain(tsa.chain());
    if (ca != null) {
      assembly.issuer(ca, List.of(ca.rootCertificate()));
    }
    this.assembler = assembly.build();
    this.snpOptions = SnpVerifyOptions.builder().clock(clock).allowSimulatedEvidenceInsecure()
        .build();
  }

  /**
   * A builder: 3 parties, threshold 2, Ed25519, self-attested certificates, approvers alice and
   * bob.
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The launch measurement the simulated chips report and the TEE policy allows: a stand-in for
   * the measurement of a pinned Mayfly party image (48 bytes; a copy).
   */
  public static byte[] simulatedMeasurement() {
    return MEASUREMENT.clone();
  }

  /** The 64-byte CHIP_ID of {@code party}'s simulated chip (the same in every deployment). */
  public static byte[] chipId(PartyId party) {
    byte[] digest = sha384("mayfly/v1/simulated-chip/" + requireNonNull(party, "party").value());
    byte[] id = new byte[64];
    System.arraycopy(digest, 0, id, 0, digest.length);
    System.arraycopy(digest, 0, id, digest.length, 64 - digest.length);
    return id;
  }

  /** The parties, 1..n, ascending. */
  public List<PartyInfo> parties() {
    return parties;
  }

  /** The party ids, 1..n, ascending. */
  public List<PartyId> partyIds() {
    return parties.stream().map(PartyInfo::id).toList();
  }

  public int threshold() {
    return threshold;
  }

  public GroupKeyAlgorithm algorithm() {
    return algorithm;
  }

  public IssuanceMode issuance() {
    return issuance;
  }

  /** The simulated AMD authority the chips are issued from. */
  public SimulatedAuthority authority() {
    return authority;
  }

  /**
   * {@code party}'s simulated chip.
   *
   * @throws IllegalArgumentException if {@code party} is not one of {@link #partyIds()}
   */
  public SimulatedChip chip(PartyId party) {
    SimulatedChip chip = chips.get(requireNonNull(party, "party"));
    if (chip == null) {
      throw new IllegalArgumentException(party + " is not a party of " + this);
    }
    return chip;
  }

  /**
   * {@code party}'s evidence provider: reports from its chip with {@link #simulatedMeasurement()}.
   *
   * @throws IllegalArgumentException if {@code party} is not one of {@link #partyIds()}
   */
  public EvidenceProvider evidenceProvider(PartyId party) {
    chip(party);
    return evidence.get(party);
  }

  /** The TEE policy every party pins: Milan, {@link #simulatedMeasurement()}, strict otherwise. */
  public TeePolicy teePolicy() {
    return teePolicy;
  }

  /** The TEE_POLICY_HASH of {@link #teePolicy()} (32 bytes; a copy). */
  public byte[] teePolicyHash() {
    return teePolicy.hash();
  }

  /** The approval policy every party pins: every approver, all of them required. */
  public ApprovalPolicy approvalPolicy() {
    return approvalPolicy;
  }

  /** The approver ids, in order. */
  public List<String> approverIds() {
    return List.copyOf(approvers.keySet());
  }

  /**
   * A signer of approvals with {@code approverId}'s key, for approvals of one's own making (other
   * validity windows, other artifacts); valid until {@link #close()}.
   *
   * @throws IllegalArgumentException if there is no such approver
   */
  public ApprovalSigner approvalSigner(String approverId) {
    ApproverSigningKey key = approvers.get(requireNonNull(approverId, "approverId"));
    if (key == null) {
      throw new IllegalArgumentException("no approver '" + approverId + "' in " + approverIds());
    }
    return ApprovalSigner.create(key);
  }

  /**
   * A quorum of approval envelopes (DSSE JSON, one per approver) for {@code artifact} named
   * {@code artifactName} under {@link #teePolicyHash()}, valid from an hour before the clock's
   * time to an hour after it.
   */
  public List<byte[]> approve(String artifactName, byte[] artifact) {
    requireNonNull(artifactName, "artifactName");
    byte[] digest = sha256(requireNonNull(artifact, "artifact"));
    Instant now = clock.instant();
    List<byte[]> approvals = new ArrayList<>();
    for (String id : approvers.keySet()) {
      approvals.add(approvalSigner(id).sign(ApprovalStatement.builder()
          .artifact(artifactName, digest)
          .approverId(id)
          .changeRef("simulated://deployment")
          .teePolicyHash(teePolicy.hash())
          .validity(now.minus(Duration.ofHours(1)), now.plus(Duration.ofHours(1)))
          .random(random)
          .build()).toJsonBytes());
    }
    return approvals;
  }

  /** The in-process test TSA. */
  public TestTimestampAuthority timestampAuthority() {
    return tsa;
  }

  /** The TSA's chain, TSA first. */
  public List<X509Certificate> timestampAuthorityChain() {
    return tsa.chain();
  }

  /** The timestamper of the test TSA, checking its answers against its chain. */
  public Timestamper timestamper() {
    return Timestamper.create(tsa, TimestampVerifier.create(tsa.chain()));
  }

  /** The test CA, for {@link IssuanceMode#CA_ISSUED} deployments. */
  public Optional<TestCertificateAuthority> certificateAuthority() {
    return Optional.ofNullable(ca);
  }

  /** Assembles a party's result into output files with the test TSA (and the test CA). */
  public BundleAssembler assembler() {
    return assembler;
  }

  /** Attestation options accepting this deployment's simulated evidence, at its clock. */
  public SnpVerifyOptions snpVerifyOptions() {
    return snpOptions;
  }

  /**
   * Ceremony options for a party of this deployment: simulated evidence accepted, its phase
   * timeout and abort window, its clock.
   */
  public CeremonyOptions ceremonyOptions() {
    return CeremonyOptions.builder().phaseTimeouts(phaseTimeout).abortWindow(abortWindow)
        .clock(clock).snpVerifyOptions(snpOptions).build();
  }

  /**
   * A proposal of a new session (fresh session id, the clock's time) of every party for {@code
   * artifact}, under this deployment's pins, with {@code approvals}.
   */
  public SessionProposal propose(String artifactName, byte[] artifact, List<byte[]> approvals) {
    return SessionProposal.builder()
        .sessionId(SessionId.generate(random))
        .parties(parties)
        .threshold(threshold)
        .algorithm(algorithm)
        .artifact(requireNonNull(artifactName, "artifactName"), sha256(artifact))
        .artifactMode(ArtifactMode.RAW)
        .teePolicyHash(teePolicy.hash())
        .approvalPolicy(approvalPolicy)
        .approvals(approvals)
        .startTime(clock.instant())
        .issuance(issuance)
        .build();
  }

  /** The trusted root of this deployment's output: the test CA (if any) and the test TSA. */
  public TrustedRoot trustedRoot() {
    List<List<X509Certificate>> cas =
        ca == null ? List.of() : List.of(List.of(ca.rootCertificate()));
    return TrustedRoot.of(cas, List.of(tsa.chain()));
  }

  /**
   * Options that verify this deployment's output: its TEE policy hash and approval policy pinned,
   * its trusted root, simulated evidence accepted ({@link
   * BundleVerifierOptions.Builder#localSimulatedInsecure}).
   */
  public BundleVerifierOptions verifierOptions() {
    return BundleVerifierOptions.builder()
        .localSimulatedInsecure(teePolicy.hash(), approvalPolicy, trustedRoot()).build();
  }

  /**
   * Preset: a {@link Signer} that runs every party of this deployment in this JVM, on its own
   * thread, over a fresh in-memory network per session.
   *
   * <p><b>Security:</b> one process holds every share, so nothing is protected; for trying
   * Mayfly and for tests only.
   */
  public Signer localSimulatedInsecure() {
    return Signer.builder().backend(new LocalBackend(null)).build();
  }

  /**
   * Preset: as {@link #localSimulatedInsecure()}, over the host's own transports: {@code
   * transports} gives each party's endpoint (for every session; the signer does not close them).
   */
  public Signer localSimulatedInsecure(Function<PartyId, Transport> transports) {
    return Signer.builder().backend(new LocalBackend(requireNonNull(transports, "transports")))
        .build();
  }

  /** Destroys the chips', the approvers' and (unless given by the caller) the authority's keys. */
  @Override
  public void close() {
    chips.values().forEach(SimulatedChip::destroy);
    approvers.values().forEach(ApproverSigningKey::close);
    if (ownsAuthority) {
      authority.destroy();
    }
  }

  @Override
  public String toString() {
    return "SimulatedDeployment[" + threshold + "-of-" + parties.size() + ", " + algorithm.id()
        + ", " + issuance + ", SIMULATED]";
  }

  /** Every party in this JVM; the output of the first party that returned a result. */
  private final class LocalBackend implements Signer.Backend {
    private final @Nullable Function<PartyId, Transport> transports;

    LocalBackend(@Nullable Function<PartyId, Transport> transports) {
      this.transports = transports;
    }

    @Override
    public CeremonyOutput sign(String artifactName, byte[] artifact, List<byte[]> approvals)
        throws MayflyException, InterruptedException {
      SessionProposal proposal = propose(artifactName, artifact, approvals);
      InMemoryNetwork network = transports != null ? null
          : InMemoryNetwork.builder().parties(parties.size()).build();
      ExecutorService pool = Executors.newFixedThreadPool(parties.size(), runnable -> {
        Thread thread = new Thread(runnable, "mayfly-simulated-party");
        thread.setDaemon(true);
        return thread;
      });
      try {
        Map<PartyId, Future<PartyResult>> running = new LinkedHashMap<>();
        for (PartyId id : partyIds()) {
          Transport transport = network != null ? network.transport(id)
              : requireNonNull(transports.apply(id), "transport of " + id);
          CeremonyParty party = CeremonyParty.builder()
              .proposal(proposal).self(id).transport(transport)
              .teePolicy(teePolicy).approvalPolicy(approvalPolicy)
              .evidenceProvider(evidence.get(id))
              .options(ceremonyOptions()).random(random)
              .artifact(artifact)
              .build();
          running.put(id, pool.submit(party::run));
        }
        PartyResult result = null;
        CeremonyException abort = null;
        for (Future<PartyResult> party : running.values()) {
          try {
            PartyResult got = party.get();
            result = result == null ? got : result;
          } catch (ExecutionException e) {
            if (e.getCause() instanceof CeremonyException aborted) {
              abort = abort == null ? aborted : abort;
            } else {
              throw new IllegalStateException("a simulated party failed unexpectedly",
                  e.getCause());
            }
          }
        }
        if (result == null) {
          throw requireNonNull(abort);
        }
        return assembler.assemble(result, artifact);
      } finally {
        pool.shutdownNow();
        if (network != null) {
          network.close();
        }
      }
    }

    @Override
    public void close() {
      // The deployment owns the keys; the host owns its transports.
    }

    @Override
    public String toString() {
      return "local simulated " + SimulatedDeployment.this;
    }
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

  /**
   * Builder for {@link SimulatedDeployment}; every field has a default.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private int parties = 3;
    private int threshold = 2;
    private GroupKeyAlgorithm algorithm = GroupKeyAlgorithm.ED25519;
    private IssuanceMode issuance = IssuanceMode.SELF_ATTESTED;
    private List<String> approverIds = List.of("alice", "bob");
    private Clock clock = Clock.systemUTC();
    private SecureRandom random = new SecureRandom();
    private Duration phaseTimeout = Duration.ofSeconds(20);
    private Duration abortWindow = CeremonyOptions.DEFAULT_ABORT_WINDOW;
    private @Nullable SimulatedAuthority authority;

    private Builder() {}

    /** How many parties, 2..16; default 3. */
    public Builder parties(int parties) {
      this.parties = parties;
      return this;
    }

    /** The signing threshold, 2..parties; default 2. */
    public Builder threshold(int threshold) {
      this.threshold = threshold;
      return this;
    }

    /** Default {@link GroupKeyAlgorithm#ED25519}. */
    public Builder algorithm(GroupKeyAlgorithm algorithm) {
      this.algorithm = requireNonNull(algorithm, "algorithm");
      return this;
    }

    /**
     * Default {@link IssuanceMode#SELF_ATTESTED}; {@link IssuanceMode#CA_ISSUED} makes a test CA
     * and writes {@code trusted_root.json} with the output (what Sigstore verifiers take).
     */
    public Builder issuance(IssuanceMode issuance) {
      this.issuance = requireNonNull(issuance, "issuance");
      return this;
    }

    /** The approvers (ids as approvals carry them), all required; default alice and bob. */
    public Builder approvers(List<String> approverIds) {
      List<String> ids = List.copyOf(requireNonNull(approverIds, "approverIds"));
      if (ids.isEmpty() || ids.stream().distinct().count() != ids.size()
          || !ids.stream().allMatch(ApprovalStatement::isValidApproverId)) {
        throw new IllegalArgumentException("need distinct valid approver ids, got " + ids);
      }
      this.approverIds = ids;
      return this;
    }

    /** The clock of the authority, the TSA, approvals and proposals; default system UTC. */
    public Builder clock(Clock clock) {
      this.clock = requireNonNull(clock, "clock");
      return this;
    }

    public Builder random(SecureRandom random) {
      this.random = requireNonNull(random, "random");
      return this;
    }

    /** The deadline of every phase at the parties; default 20 seconds. */
    public Builder phaseTimeout(Duration timeout) {
      requireNonNull(timeout, "timeout");
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("timeout must be positive, got " + timeout);
      }
      this.phaseTimeout = timeout;
      return this;
    }

    /** How long an aborting party collects the others' announcements; default 10 seconds. */
    public Builder abortWindow(Duration window) {
      requireNonNull(window, "window");
      if (window.isNegative() || window.isZero()) {
        throw new IllegalArgumentException("window must be positive, got " + window);
      }
      this.abortWindow = window;
      return this;
    }

    /**
     * A simulated authority (Milan) to issue the chips from, instead of a fresh one: saves its RSA
     * key generation when many deployments are made. The caller keeps it and destroys it.
     */
    public Builder authority(SimulatedAuthority authority) {
      this.authority = requireNonNull(authority, "authority");
      return this;
    }

    /**
     * Makes the deployment's keys and certificates.
     *
     * @throws IllegalArgumentException if the parties or the threshold are out of range, or a
     *     given authority is not a Milan one
     */
    public SimulatedDeployment build() {
      if (parties < 2 || parties > 16) {
        throw new IllegalArgumentException("a simulated deployment has 2..16 parties, got "
            + parties);
      }
      if (threshold < 2 || threshold > parties) {
        throw new IllegalArgumentException(
            "threshold must be in 2.." + parties + ", got " + threshold);
      }
      if (authority != null && authority.product() != Product.MILAN) {
        throw new IllegalArgumentException("the authority must be a Milan one, got "
            + authority.product());
      }
      // The authority's RSA keys are the slowest part: made on their own thread meanwhile.
      Instant now = clock.instant();
      CompletableFuture<SimulatedAuthority> generated = authority != null
          ? CompletableFuture.completedFuture(authority)
          : CompletableFuture.supplyAsync(
              () -> SimulatedAuthority.generate(Product.MILAN, random, now),
              runnable -> {
                Thread thread = new Thread(runnable, "mayfly-simulated-authority");
                thread.setDaemon(true);
                thread.start();
              });
      Map<String, ApproverSigningKey> keys = new LinkedHashMap<>();
      try {
        for (String id : approverIds) {
          keys.put(id, ApproverSigningKey.generate(KeyAlgorithm.ED25519, random));
        }
        TestTimestampAuthority tsa = TestTimestampAuthority.generate(clock);
        TestCertificateAuthority ca = issuance == IssuanceMode.CA_ISSUED
            ? TestCertificateAuthority.generate() : null;
        return new SimulatedDeployment(this, generated.join(), keys, tsa, ca);
      } catch (RuntimeException e) {
        keys.values().forEach(ApproverSigningKey::close);
        if (authority == null) {
          generated.thenAccept(SimulatedAuthority::destroy);
        }
        throw e;
      }
    }
  }
}

package dev.mayfly.party;

import static java.util.Objects.requireNonNull;

import dev.mayfly.approval.ApprovalPolicy;
import dev.mayfly.ceremony.ArtifactMode;
import dev.mayfly.ceremony.NamedArtifact;
import dev.mayfly.common.ArtifactDigest;
import dev.mayfly.ceremony.BundleAssembler;
import dev.mayfly.ceremony.CeremonyOptions;
import dev.mayfly.ceremony.CeremonyOutput;
import dev.mayfly.ceremony.OutcomeRecord;
import dev.mayfly.ceremony.PartyInfo;
import dev.mayfly.ceremony.PartyResult;
import dev.mayfly.ceremony.ProgressListener;
import dev.mayfly.ceremony.SessionProposal;
import dev.mayfly.ceremony.Signer;
import dev.mayfly.ceremony.internal.SimulationSupport;
import dev.mayfly.cert.bundle.TrustedRoot;
import dev.mayfly.cert.mint.GroupKeyAlgorithm;
import dev.mayfly.cert.tsa.HttpTsaClient;
import dev.mayfly.cert.tsa.TimestampVerifier;
import dev.mayfly.cert.tsa.Timestamper;
import dev.mayfly.cert.verify.BundleVerifier;
import dev.mayfly.cert.verify.BundleVerifierOptions;
import dev.mayfly.cert.verify.VerifiedArtifact;
import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.MayflyException;
import dev.mayfly.common.PartyId;
import dev.mayfly.party.internal.PartyChannel;
import dev.mayfly.party.internal.ProposalCodec;
import dev.mayfly.party.internal.SigningService;
import dev.mayfly.party.internal.SigningWire;
import dev.mayfly.snp.AttestationException;
import dev.mayfly.snp.validate.TeePolicy;
import dev.mayfly.snp.verify.SnpVerifier;
import dev.mayfly.snp.verify.SnpVerifyOptions;
import dev.mayfly.transport.SessionId;
import dev.mayfly.transport.TransportException;
import dev.mayfly.transport.grpc.internal.PeerAttestation;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The untrusted signing client, for hosts that embed signing instead of calling {@code mayfly
 * sign}: proposes a session to every party, streams each the artifact, collects their answers,
 * assembles the bundle from a party's public result and verifies it with {@link BundleVerifier}
 * under the expected TEE policy and approval policy before handing it back.
 *
 * <pre>{@code
 * try (SigningClient client = SigningClient.create(SignConfig.read(Path.of("sign.json")))) {
 *   SigningResult signed = client.sign("app.jar", artifactBytes, approvalEnvelopes);
 *   signed.output().writeTo(Path.of("out"));
 * } catch (SigningException e) {
 *   e.code(); e.culprits(); e.outcomes();   // the agreed record, every party's outcome
 * }
 * }</pre>
 *
 * <p>Before proposing, the client connects to every party's client port and checks, in the TLS
 * handshake, the party's SEV-SNP evidence against the expected TEE policy (as the parties check
 * each other); a party that fails is named ({@code TRANSPORT_POLICY_HASH_MISMATCH}, {@code
 * TRANSPORT_PEER_NOT_ATTESTED}, {@code TRANSPORT_PEER_UNREACHABLE}) and nothing is proposed.
 *
 * <p><b>Security:</b> the client holds no secret and is not trusted by the parties: each checks
 * the proposal against its own pins and talks to its peers directly, so a client can only make a
 * session abort. Nor does the client trust the parties' answers: it rebuilds every signed document
 * from its own proposal ({@link PartyResult#decode}), checks each signature, and writes nothing
 * the bundle verifier does not accept under the client's own pins.
 *
 * <p>Thread-safe: several sessions may run at once; connections are kept and shared until {@link
 * #close()}.
 *
 * @since 0.1.0
 */
public final class SigningClient implements AutoCloseable {
  private final Map<PartyId, PartyInfo> parties;
  private final Map<PartyId, PartyChannel> channels;
  private final int threshold;
  private final GroupKeyAlgorithm algorithm;
  private final TeePolicy teePolicy;
  private final ApprovalPolicy approvalPolicy;
  private final Timestamper timestamper;
  private final List<X509Certificate> tsaChain;
  private final boolean simulated;
  private final Duration connectTimeout;
  private final Duration sessionTimeout;
  private final Duration certificateValidity;
  private final ProgressListener listener;
  private final Clock clock;
  private final SecureRandom random;

  private SigningClient(Builder b) {
    this.threshold = b.threshold;
    this.algorithm = b.algorithm;
    this.teePolicy = requireNonNull(b.teePolicy);
    this.approvalPolicy = requireNonNull(b.approvalPolicy);
    this.timestamper = requireNonNull(b.timestamper);
    this.tsaChain = List.copyOf(b.tsaChain);
    this.simulated = !b.simulatedRoots.isEmpty();
    this.connectTimeout = b.connectTimeout;
    this.sessionTimeout = b.sessionTimeout;
    this.certificateValidity = b.certificateValidity;
    this.listener = b.listener;
    this.clock = b.clock;
    this.random = b.random;
    SnpVerifyOptions verify = simulated
        ? SnpVerifyOptions.builder().clock(clock).allowSimulatedEvidenceInsecure().build()
        : SnpVerifyOptions.builder().clock(clock).build();
    PeerAttestation attestation = new PeerAttestation(teePolicy, SnpVerifier.create(verify),
        b.simulatedRoots, false, clock, Duration.ofSeconds(60));
    Map<PartyId, PartyInfo> infos = new TreeMap<>();
    Map<PartyId, PartyChannel> links = new TreeMap<>();
    b.parties.forEach((id, party) -> {
      infos.put(id, new PartyInfo(id, party.name()));
      links.put(id, new PartyChannel(id, party.address(), attestation));
    });
    this.parties = infos;
    this.channels = links;
  }

  /** A builder. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A client for {@code config}: its parties, pins, timestamp authority and deadlines.
   *
   * @throws ConfigException if the simulated authority file the configuration names is unusable
   */
  public static SigningClient create(SignConfig config) throws ConfigException {
    return create(config, ProgressListener.NONE);
  }

  /**
   * As {@link #create(SignConfig)}, telling {@code listener} every party's progress.
   *
   * @throws ConfigException if the simulated authority file the configuration names is unusable
   */
  public static SigningClient create(SignConfig config, ProgressListener listener)
      throws ConfigException {
    requireNonNull(config, "config");
    Builder builder = builder()
        .progressListener(listener)
        .threshold(config.threshold())
        .algorithm(config.algorithm())
        .teePolicy(config.teePolicy())
        .approvalPolicy(config.approvalPolicy())
        .connectTimeout(config.connectTimeout())
        .sessionTimeout(config.sessionTimeout())
        .certificateValidity(config.certificateValidity());
    config.parties().values().forEach(p -> builder.party(p.id(), p.name(), p.address()));
    if (config.testTimestampAuthorityInsecure()) {
      SimulationSupport.LocalTsa tsa = PartyServer.simulation(config.file().toString(),
          "timestampAuthority.testAuthorityInsecure").testTimestampAuthority(Clock.systemUTC());
      builder.timestampAuthority(Timestamper.create(tsa.client(),
          TimestampVerifier.create(tsa.chain())), tsa.chain());
    } else {
      builder.timestampAuthority(Timestamper.create(
          HttpTsaClient.create(config.timestampAuthorityUrl().orElseThrow(),
              config.timestampAuthorityTimeout()),
          TimestampVerifier.create(config.timestampAuthorityChain())),
          config.timestampAuthorityChain());
    }
    if (config.simulatedAuthorityFileInsecure().isPresent()) {
      try {
        builder.trustSimulatedRootInsecure(PartyServer.simulation(config.file().toString(),
            "attestation.simulatedAuthorityFileInsecure")
            .arkDer(config.simulatedAuthorityFileInsecure().get()));
      } catch (IOException | AttestationException e) {
        throw new ConfigException(config.file().toString(),
            "attestation.simulatedAuthorityFileInsecure", "cannot be used: " + e.getMessage(), e);
      }
    }
    return builder.build();
  }

  /** The parties, ascending. */
  public List<PartyId> parties() {
    return List.copyOf(parties.keySet());
  }

  /**
   * Runs one signing session for {@code artifact} (named {@code artifactName}) with the approval
   * envelopes {@code approvals}, and returns the verified output (not yet written).
   *
   * @throws SigningException if any party could not be reached or attested (nothing proposed),
   *     the session aborted (the agreed record's code and culprits; every party's outcome), no
   *     party returned a usable result, or the assembled bundle does not verify
   * @throws InterruptedException if interrupted while waiting
   */
  public SigningResult sign(String artifactName, byte[] artifact, List<byte[]> approvals)
      throws SigningException, InterruptedException {
    requireNonNull(artifactName, "artifactName");
    requireNonNull(artifact, "artifact");
    return sign(List.of(NamedArtifact.of(artifactName, artifact)), approvals);
  }

  /**
   * Runs one signing session for a release: every artifact of {@code artifacts} (in this order,
   * distinct names) is signed in one ceremony, under one key and one certificate, with the
   * approval envelopes {@code approvals} (which must approve exactly this list), and returns the
   * verified output (not yet written; shared files named {@value
   * BundleAssembler#DEFAULT_RELEASE_NAME} when there are several artifacts).
   *
   * <p>The session runs in raw mode (every party gets and checks every artifact's bytes) when
   * each artifact is at most {@link CeremonyOptions#DEFAULT_RAW_ARTIFACT_MAX_BYTES} and all
   * together at most 1 GiB, in statement mode otherwise.
   *
   * @throws SigningException as {@link #sign(String, byte[], List)}
   * @throws IllegalArgumentException if the list is empty, too long or repeats a name
   * @throws InterruptedException if interrupted while waiting
   * @since 0.2.0
   */
  public SigningResult sign(List<NamedArtifact> artifacts, List<byte[]> approvals)
      throws SigningException, InterruptedException {
    return sign(artifacts, approvals, java.util.Set.of());
  }

  /**
   * As {@link #sign(List, List)}, and signs the artifacts named in {@code jars} also in the JAR
   * signature format (docs/jar-signing.md, "In a ceremony"): the output holds {@code
   * NAME-signed.jar} for each, timestamped by the configured TSA. JAR signing needs raw mode.
   *
   * @throws IllegalArgumentException also if {@code jars} names no artifact of the list, or the
   *     artifacts are too large for raw mode
   * @since 0.2.0
   */
  public SigningResult sign(List<NamedArtifact> artifacts, List<byte[]> approvals,
      java.util.Set<String> jars) throws SigningException, InterruptedException {
    requireNonNull(jars, "jars");
    List<NamedArtifact> release = List.copyOf(requireNonNull(artifacts, "artifacts"));
    requireNonNull(approvals, "approvals");
    List<ArtifactDigest> digests = ArtifactDigest.checkRelease(
        release.stream().map(NamedArtifact::digest).toList());
    for (Map.Entry<PartyId, PartyChannel> channel : channels.entrySet()) {
      try {
        channel.getValue().connect(connectTimeout);
      } catch (TransportException e) {
        throw new SigningException(e.code(), "cannot start a session: " + e.getMessage(),
            e.culprits(), Map.of(), e);
      }
    }
    long total = release.stream().mapToLong(NamedArtifact::length).sum();
    boolean raw = total <= SigningService.MAX_RAW_TOTAL_BYTES && release.stream()
        .allMatch(a -> a.length() <= CeremonyOptions.DEFAULT_RAW_ARTIFACT_MAX_BYTES);
    List<byte[]> contents = release.stream().map(NamedArtifact::bytes).toList();
    if (!jars.isEmpty() && !raw) {
      throw new IllegalArgumentException("JAR signing needs raw mode: each artifact at most "
          + CeremonyOptions.DEFAULT_RAW_ARTIFACT_MAX_BYTES + " bytes");
    }
    SessionProposal.Builder proposalBuilder = SessionProposal.builder();
    jars.forEach(proposalBuilder::signJar);
    SessionProposal proposal = proposalBuilder
        .sessionId(SessionId.generate(random))
        .parties(List.copyOf(parties.values()))
        .threshold(threshold)
        .algorithm(algorithm)
        .artifacts(digests)
        .artifactMode(raw ? ArtifactMode.RAW : ArtifactMode.STATEMENT)
        .teePolicyHash(teePolicy.hash())
        .approvalPolicy(approvalPolicy)
        .approvals(approvals)
        .startTime(clock.instant())
        .certificateValidity(certificateValidity)
        .build();
    byte[] encoded = ProposalCodec.encode(proposal);
    byte[] streamed = raw ? concatenate(contents) : new byte[0];
    List<Long> lengths = raw ? contents.stream().map(c -> (long) c.length).toList() : List.of();
    Map<PartyId, CompletableFuture<PartyChannel.Answer>> calls = new LinkedHashMap<>();
    for (Map.Entry<PartyId, PartyChannel> channel : channels.entrySet()) {
      calls.put(channel.getKey(), channel.getValue().sign(
          SigningWire.propose(channel.getKey(), encoded, lengths), streamed,
          proposal.sessionId().toHex(), listener, sessionTimeout));
    }
    Map<PartyId, PartyOutcome> outcomes = new TreeMap<>();
    Map<PartyId, PartyResult> results = new TreeMap<>();
    long deadline = System.nanoTime() + sessionTimeout.toNanos() + TimeUnit.SECONDS.toNanos(5);
    for (Map.Entry<PartyId, CompletableFuture<PartyChannel.Answer>> call : calls.entrySet()) {
      PartyId party = call.getKey();
      try {
        PartyChannel.Answer answer = call.getValue().get(
            Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        if (answer.result() != null) {
          results.put(party, PartyResult.decode(answer.result(), proposal, teePolicy,
              raw ? contents : List.of(), party));
          outcomes.put(party, new PartyOutcome(party, PartyOutcome.Status.SIGNED, null, null,
              ""));
        } else {
          OutcomeRecord record = OutcomeRecord.decode(requireNonNull(answer.record()), party);
          outcomes.put(party, new PartyOutcome(party, PartyOutcome.Status.ABORTED, record, null,
              answer.message()));
        }
      } catch (ExecutionException e) {
        MayflyException failure = e.getCause() instanceof MayflyException m ? m
            : new MayflyException(ErrorCode.TRANSPORT_PEER_UNREACHABLE, party
                + " failed: " + e.getCause(), List.of(party), e.getCause());
        outcomes.put(party, new PartyOutcome(party, PartyOutcome.Status.FAILED, null, failure,
            failure.getMessage()));
      } catch (MayflyException e) {
        outcomes.put(party, new PartyOutcome(party, PartyOutcome.Status.FAILED, null, e,
            e.getMessage()));
      } catch (TimeoutException e) {
        call.getValue().cancel(true);
        MayflyException failure = new TransportException(ErrorCode.TRANSPORT_PEER_UNREACHABLE,
            party + " did not answer within " + sessionTimeout.toSeconds() + " s",
            List.of(party), e);
        outcomes.put(party, new PartyOutcome(party, PartyOutcome.Status.FAILED, null, failure,
            failure.getMessage()));
      }
    }
    if (results.isEmpty()) {
      throw aborted(proposal, outcomes);
    }
    return assemble(proposal, results, outcomes, contents);
  }

  private static byte[] concatenate(List<byte[]> parts) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    parts.forEach(out::writeBytes);
    return out.toByteArray();
  }

  private SigningResult assemble(SessionProposal proposal, Map<PartyId, PartyResult> results,
      Map<PartyId, PartyOutcome> outcomes, List<byte[]> artifacts) throws SigningException {
    PartyResult chosen = results.values().iterator().next();
    checkAgreement(results.values(), outcomes);
    try {
      BundleAssembler assembler = BundleAssembler.builder().timestamper(timestamper)
          .timestampAuthorityChain(tsaChain).build();
      CeremonyOutput output = assembler.assemble(chosen, artifacts);
      BundleVerifierOptions.Builder options = BundleVerifierOptions.builder()
          .teePolicyHash(teePolicy.hash())
          .approvalPolicy(approvalPolicy)
          .trustedRoot(TrustedRoot.of(List.of(), List.of(tsaChain)))
          .maxValidity(certificateValidity.compareTo(Duration.ofMinutes(10)) > 0
              ? certificateValidity : Duration.ofMinutes(10));
      if (simulated) {
        options.allowSimulatedEvidenceInsecure();
      }
      BundleVerifier verifier = BundleVerifier.create(options.build());
      List<VerifiedArtifact> verified = new ArrayList<>();
      for (int i = 0; i < artifacts.size(); i++) {
        verified.add(verifier.verify(artifacts.get(i), output.artifacts().get(i).sigstoreBundle(),
            output.evidence()));
      }
      return new SigningResult(proposal, output, verified, outcomes);
    } catch (MayflyException e) {
      throw new SigningException(e.code(), "the bundle from " + chosen.party()
          + "'s result failed: " + e.getMessage(), e.culprits(), outcomes, e);
    }
  }

  /**
   * Every result must carry the first one's group key and signatures: honest parties end with
   * equal results, so a difference means a party lied, and nothing is written.
   *
   * @throws SigningException {@code PARTY_RESULTS_DIFFER} naming the parties that differ
   */
  static void checkAgreement(java.util.Collection<PartyResult> results,
      Map<PartyId, PartyOutcome> outcomes) throws SigningException {
    PartyResult chosen = results.iterator().next();
    List<PartyId> differing = new ArrayList<>();
    for (PartyResult other : results) {
      boolean same = other.artifacts().size() == chosen.artifacts().size();
      for (int i = 0; same && i < chosen.artifacts().size(); i++) {
        same = MessageDigest.isEqual(other.artifacts().get(i).signature(),
            chosen.artifacts().get(i).signature());
      }
      if (!other.groupKey().equals(chosen.groupKey()) || !same
          || !MessageDigest.isEqual(other.certificateSignature(),
              chosen.certificateSignature())) {
        differing.add(other.party());
      }
    }
    if (!differing.isEmpty()) {
      throw new SigningException(ErrorCode.PARTY_RESULTS_DIFFER, "the results of " + differing
          + " differ from " + chosen.party() + "'s; nothing written", differing, outcomes, null);
    }
  }

  /** The exception for a session without a usable result. */
  private static SigningException aborted(SessionProposal proposal,
      Map<PartyId, PartyOutcome> outcomes) {
    PartyOutcome first = outcomes.values().stream()
        .filter(o -> o.status() == PartyOutcome.Status.ABORTED).findFirst()
        .orElse(outcomes.values().iterator().next());
    StringBuilder text = new StringBuilder("session " + proposal.sessionId().toHex()
        .substring(0, 16) + " aborted; nothing written:");
    for (PartyOutcome outcome : outcomes.values()) {
      text.append(' ').append(outcome.party()).append(' ');
      if (outcome.record() != null) {
        OutcomeRecord record = outcome.record();
        text.append("aborted ").append(record.code()).append(" in ").append(record.phase())
            .append(record.culprits().isEmpty() ? "" : " naming " + record.culprits())
            .append(record.reports().stream().map(r -> r.code() + " by " + r.reporter()
                + (r.accused().isEmpty() ? "" : " about " + r.accused()))
                .collect(Collectors.joining(", ", " (reports: ", ")")))
            .append(" record ").append(record.digestHex(), 0, 16).append(';');
      } else {
        text.append(outcome.status() == PartyOutcome.Status.SIGNED ? "signed;"
            : "failed " + requireNonNull(outcome.failure()).code() + ";");
      }
    }
    if (first.record() != null) {
      OutcomeRecord record = first.record();
      return new SigningException(record.code(), text.toString(), record.culprits(), outcomes,
          null);
    }
    MayflyException failure = requireNonNull(first.failure());
    return new SigningException(failure.code(), text.toString(), failure.culprits(), outcomes,
        failure);
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from the JDK", e);
    }
  }

  /**
   * Preset: this client as a {@link Signer}, the SDK's signing entry point. {@link
   * Signer#sign(String, byte[], List)} runs {@link #sign} and returns the verified output files;
   * a failure is the {@link SigningException} with its code, culprits and every party's outcome.
   * Closing the signer closes this client.
   *
   * @since 0.1.0
   */
  public Signer asSigner() {
    return Signer.builder().backend(new Signer.Backend() {
      @Override
      public CeremonyOutput sign(String artifactName, byte[] artifact, List<byte[]> approvals)
          throws SigningException, InterruptedException {
        return SigningClient.this.sign(artifactName, artifact, approvals).output();
      }

      @Override
      public void close() {
        SigningClient.this.close();
      }

      @Override
      public String toString() {
        return SigningClient.this.toString();
      }
    }).build();
  }

  /** Closes the connections to the parties. */
  @Override
  public void close() {
    channels.values().forEach(PartyChannel::close);
  }

  @Override
  public String toString() {
    return "SigningClient[" + threshold + "-of-" + parties.size() + " " + algorithm.id() + "]";
  }

  /**
   * Builder for {@link SigningClient}: at least two parties, the threshold, the TEE policy, the
   * approval policy and the timestamp authority are required.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private final Map<PartyId, SignConfig.Party> parties = new TreeMap<>();
    private int threshold;
    private GroupKeyAlgorithm algorithm = GroupKeyAlgorithm.ED25519;
    private @Nullable TeePolicy teePolicy;
    private @Nullable ApprovalPolicy approvalPolicy;
    private @Nullable Timestamper timestamper;
    private List<X509Certificate> tsaChain = List.of();
    private final List<byte[]> simulatedRoots = new ArrayList<>();
    private Duration connectTimeout = Duration.ofSeconds(30);
    private Duration sessionTimeout = Duration.ofMinutes(10);
    private Duration certificateValidity = Duration.ofMinutes(10);
    private ProgressListener listener = ProgressListener.NONE;
    private Clock clock = Clock.systemUTC();
    private SecureRandom random = new SecureRandom();

    private Builder() {}

    /** A party: its id, display name and client address ({@code clientListen} in its config). */
    public Builder party(PartyId id, String name, InetSocketAddress clientAddress) {
      requireNonNull(id, "id");
      if (parties.put(id, new SignConfig.Party(id, requireNonNull(name, "name"),
          requireNonNull(clientAddress, "clientAddress"))) != null) {
        throw new IllegalArgumentException(id + " is added twice");
      }
      return this;
    }

    /** The signing threshold, 2..n. Required. */
    public Builder threshold(int threshold) {
      this.threshold = threshold;
      return this;
    }

    /** Default {@link GroupKeyAlgorithm#ED25519}. */
    public Builder algorithm(GroupKeyAlgorithm algorithm) {
      this.algorithm = requireNonNull(algorithm, "algorithm");
      return this;
    }

    /** The TEE policy every party and the output must be pinned to. Required. */
    public Builder teePolicy(TeePolicy teePolicy) {
      this.teePolicy = requireNonNull(teePolicy, "teePolicy");
      return this;
    }

    /** The approval policy every party and the output must be pinned to. Required. */
    public Builder approvalPolicy(ApprovalPolicy approvalPolicy) {
      this.approvalPolicy = requireNonNull(approvalPolicy, "approvalPolicy");
      return this;
    }

    /** The RFC 3161 timestamper and the TSA's chain (TSA first) the verifier trusts. Required. */
    public Builder timestampAuthority(Timestamper timestamper, List<X509Certificate> chain) {
      this.timestamper = requireNonNull(timestamper, "timestamper");
      this.tsaChain = List.copyOf(requireNonNull(chain, "chain"));
      return this;
    }

    /**
     * Accepts parties whose evidence is simulated under this simulated ARK (DER), and simulated
     * evidence in the bundle.
     *
     * <p><b>Security:</b> simulated evidence proves nothing about hardware; demos and tests only.
     */
    public Builder trustSimulatedRootInsecure(byte[] arkDer) {
      simulatedRoots.add(requireNonNull(arkDer, "arkDer").clone());
      return this;
    }

    /** How long to wait for each party's attested connection; default 30 s. */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = positive(timeout, "timeout");
      return this;
    }

    /** The deadline of a whole session at each party's call; default 10 minutes. */
    public Builder sessionTimeout(Duration timeout) {
      this.sessionTimeout = positive(timeout, "timeout");
      return this;
    }

    /** The certificate's validity, whole seconds, 1 s..24 h; default 10 minutes. */
    public Builder certificateValidity(Duration validity) {
      this.certificateValidity = positive(validity, "validity");
      return this;
    }

    /** Every party's progress events, as they arrive (on network threads; must be quick). */
    public Builder progressListener(ProgressListener listener) {
      this.listener = requireNonNull(listener, "listener");
      return this;
    }

    /** The clock of the proposal's start time and the handshake checks; default system UTC. */
    public Builder clock(Clock clock) {
      this.clock = requireNonNull(clock, "clock");
      return this;
    }

    public Builder random(SecureRandom random) {
      this.random = requireNonNull(random, "random");
      return this;
    }

    /**
     * Builds the client (connections are made at the first session).
     *
     * @throws IllegalStateException if a required field is missing or the threshold is out of
     *     range
     */
    public SigningClient build() {
      if (teePolicy == null || approvalPolicy == null || timestamper == null) {
        throw new IllegalStateException("teePolicy, approvalPolicy and timestampAuthority must"
            + " be set");
      }
      if (parties.size() < 2 || threshold < 2 || threshold > parties.size()) {
        throw new IllegalStateException("need at least two parties and a threshold in 2.."
            + parties.size() + ", got " + parties.size() + " parties, threshold " + threshold);
      }
      return new SigningClient(this);
    }

    private static Duration positive(Duration value, String name) {
      requireNonNull(value, name);
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException(name + " must be positive, got " + value);
      }
      return value;
    }
  }
}

package dev.mayfly.ceremony;

import static java.util.Objects.requireNonNull;

import dev.mayfly.approval.ApprovalPolicy;
import dev.mayfly.common.MayflyException;
import dev.mayfly.common.PartyId;
import dev.mayfly.snp.evidence.EvidenceProvider;
import dev.mayfly.snp.validate.TeePolicy;
import dev.mayfly.transport.Transport;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The signing entry point: one type for every way a host signs, chosen by a preset, each with
 * safe defaults. Verification has its own entry point, {@code BundleVerifier} (module {@code
 * mayfly-cert-ephemeral}).
 *
 * <ul>
 *   <li><b>One party</b> over the host's own transport ({@link Builder#party}): this process is one
 *       party of a deployment; another process proposes sessions, and {@link #sign(SessionProposal,
 *       byte[])} takes part in one and returns the output files. The pins (TEE policy, approval
 *       policy, limits) and the evidence provider are required; options default to the strict
 *       {@link CeremonyOptions#defaults()} (real AMD roots only).
 *   <li><b>A client of remote parties</b>: {@code SigningClient.asSigner()} in {@code
 *       mayfly-party-server}; {@link #sign(String, byte[], List)} proposes a session to party
 *       servers and returns the verified output.
 *   <li><b>A local simulated deployment</b>, for trying Mayfly without SEV-SNP: {@code
 *       SimulatedDeployment.localSimulatedInsecure()} in {@code mayfly-simulation} (a test-scope
 *       dependency, never on a production class path); every party in this JVM, over the in-memory
 *       transport or the host's own.
 * </ul>
 *
 * <pre>{@code
 * try (Signer signer = deployment.localSimulatedInsecure()) {
 *   CeremonyOutput output = signer.sign("app.jar", artifact, approvals);
 *   output.writeTo(Path.of("out"));
 * }
 * }</pre>
 *
 * <p>The presets of other modules plug in through {@link Builder#backend}; hosts do not need to.
 *
 * <p><b>Security:</b> a party signer trusts nobody (see {@link CeremonyParty}); what decides
 * whether a signature may exist is its pins, never the proposal. The remote-parties client holds
 * no secret and returns only output it has verified under its own pins. The simulated preset runs
 * every party in one JVM on simulated hardware: it protects nothing, and says so in its name.
 *
 * <p>Thread-safety: a party signer runs one session at a time over its transport (calls are
 * serialized); proposing signers are as thread-safe as their backend (both presets are).
 *
 * @since 0.1.0
 */
public final class Signer implements AutoCloseable {
  private final @Nullable Backend backend;
  private final @Nullable PartyId self;
  /** The party's settings, applied to a fresh {@link CeremonyParty.Builder} for each session. */
  private final List<Consumer<CeremonyParty.Builder>> party;
  private final @Nullable BundleAssembler assembler;

  private Signer(@Nullable Backend backend, @Nullable PartyId self,
      List<Consumer<CeremonyParty.Builder>> party, @Nullable BundleAssembler assembler) {
    this.backend = backend;
    this.self = self;
    this.party = List.copyOf(party);
    this.assembler = assembler;
  }

  /** A builder; pick a preset ({@link Builder#party} or a backend from another module). */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Proposes a new session for {@code artifact} (named {@code artifactName}, the base name of the
   * output files) with the approval envelopes {@code approvals}, runs it and returns the checked
   * output files (not yet written).
   *
   * @throws MayflyException the session's abort (its agreed code and culprits) or the backend's
   *     failure (unreachable or unattested parties, an output that does not verify)
   * @throws InterruptedException if interrupted while waiting for the parties
   * @throws IllegalStateException on a party signer, which joins sessions others propose
   */
  public CeremonyOutput sign(String artifactName, byte[] artifact, List<byte[]> approvals)
      throws MayflyException, InterruptedException {
    requireNonNull(artifactName, "artifactName");
    requireNonNull(artifact, "artifact");
    requireNonNull(approvals, "approvals");
    if (backend == null) {
      throw new IllegalStateException("a party signer joins proposed sessions: call "
          + "sign(SessionProposal, byte[])");
    }
    return backend.sign(artifactName, artifact, List.copyOf(approvals));
  }

  /**
   * Takes part, as this signer's party, in the session of {@code proposal} (from the untrusted
   * host that proposed it) and returns the output files assembled from this party's result.
   *
   * @param artifact the artifact bytes the approvals name
   * @throws CeremonyException the abort, with the record every honest party agrees on
   * @throws MayflyException if the output cannot be assembled (certificate, issuer, timestamp)
   * @throws IllegalStateException on a proposing signer (remote client, simulated deployment)
   */
  public CeremonyOutput sign(SessionProposal proposal, byte[] artifact) throws MayflyException {
    requireNonNull(proposal, "proposal");
    requireNonNull(artifact, "artifact");
    if (assembler == null) {
      throw new IllegalStateException("this signer proposes its own sessions: call "
          + "sign(String, byte[], List)");
    }
    CeremonyParty.Builder builder = CeremonyParty.builder().proposal(proposal);
    party.forEach(setting -> setting.accept(builder));
    if (proposal.artifactMode() == ArtifactMode.RAW) {
      builder.artifact(artifact);
    }
    synchronized (this) {
      return assembler.assemble(builder.build().run(), artifact);
    }
  }

  /** Closes the backend (a remote client's connections, a simulated deployment's network). */
  @Override
  public void close() {
    if (backend != null) {
      backend.close();
    }
  }

  @Override
  public String toString() {
    return self != null ? "Signer[party " + self + "]" : "Signer[" + backend + "]";
  }

  /**
   * How a preset of another module signs: proposes a session, runs it, returns checked output.
   * Implemented by {@code mayfly-party-server} (remote parties) and {@code mayfly-simulation}
   * (the local simulated deployment); hosts use those presets rather than implementing it.
   *
   * @since 0.1.0
   */
  public interface Backend extends AutoCloseable {
    /**
     * Signs {@code artifact} in a new session; see {@link Signer#sign(String, byte[], List)}.
     *
     * @throws MayflyException the abort or failure, with its code and culprits
     * @throws InterruptedException if interrupted while waiting
     */
    CeremonyOutput sign(String artifactName, byte[] artifact, List<byte[]> approvals)
        throws MayflyException, InterruptedException;

    /** Releases what the backend holds. Idempotent; never throws. */
    @Override
    void close();
  }

  /**
   * Builder for {@link Signer}: one preset, either {@link #party} with its pins or {@link
   * #backend}.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private @Nullable Backend backend;
    private @Nullable PartyId self;
    private final List<Consumer<CeremonyParty.Builder>> party = new ArrayList<>();
    private final Set<String> given = new TreeSet<>();
    private @Nullable BundleAssembler assembler;

    private Builder() {}

    /**
     * Preset: this process is party {@code self}, reaching its peers over {@code transport}
     * (yours; the signer neither owns nor closes it). Requires {@link #teePolicy}, {@link
     * #approvalPolicy}, {@link #evidenceProvider} and {@link #assembler}.
     */
    public Builder party(PartyId self, Transport transport) {
      requireNonNull(transport, "transport");
      this.self = requireNonNull(self, "self");
      return set("party", b -> b.self(self).transport(transport));
    }

    /** Preset of another module: a backend that proposes and runs sessions. */
    public Builder backend(Backend backend) {
      this.backend = requireNonNull(backend, "backend");
      return this;
    }

    /** Party pin: the local TEE policy; its hash must be the proposal's and every peer's. */
    public Builder teePolicy(TeePolicy teePolicy) {
      requireNonNull(teePolicy, "teePolicy");
      return set("teePolicy", b -> b.teePolicy(teePolicy));
    }

    /** Party pin: who may approve and how many must. */
    public Builder approvalPolicy(ApprovalPolicy approvalPolicy) {
      requireNonNull(approvalPolicy, "approvalPolicy");
      return set("approvalPolicy", b -> b.approvalPolicy(approvalPolicy));
    }

    /** Party pin: the ceremony limits; default {@link CeremonyLimits#defaults()}. */
    public Builder limits(CeremonyLimits limits) {
      requireNonNull(limits, "limits");
      return set("limits", b -> b.limits(limits));
    }

    /** Where this party's reports come from ({@code ConfigfsTsmProvider} in an SEV-SNP guest). */
    public Builder evidenceProvider(EvidenceProvider evidenceProvider) {
      requireNonNull(evidenceProvider, "evidenceProvider");
      return set("evidenceProvider", b -> b.evidenceProvider(evidenceProvider));
    }

    /** Deadlines and attestation checks; default the strict {@link CeremonyOptions#defaults()}. */
    public Builder options(CeremonyOptions options) {
      requireNonNull(options, "options");
      return set("options", b -> b.options(options));
    }

    /** Turns this party's result into the output files (timestamp authority, CA). Required. */
    public Builder assembler(BundleAssembler assembler) {
      this.assembler = requireNonNull(assembler, "assembler");
      return this;
    }

    /** The party's randomness; default a new {@link SecureRandom}. */
    public Builder random(SecureRandom random) {
      requireNonNull(random, "random");
      return set("random", b -> b.random(random));
    }

    /** The party's progress events; default none. */
    public Builder progressListener(ProgressListener listener) {
      requireNonNull(listener, "listener");
      return set("progressListener", b -> b.progressListener(listener));
    }

    private Builder set(String name, Consumer<CeremonyParty.Builder> setting) {
      given.add(name);
      party.add(setting);
      return this;
    }

    /**
     * Checks the preset and builds the signer.
     *
     * @throws IllegalStateException if no preset or both were chosen, or a party setting that is
     *     required is missing
     */
    public Signer build() {
      if ((backend == null) == (self == null)) {
        throw new IllegalStateException("choose one preset: party(self, transport) or a backend");
      }
      if (backend != null) {
        return new Signer(backend, null, List.of(), null);
      }
      if (!given.containsAll(Set.of("teePolicy", "approvalPolicy", "evidenceProvider"))
          || assembler == null) {
        throw new IllegalStateException("a party signer needs teePolicy, approvalPolicy, "
            + "evidenceProvider and assembler");
      }
      return new Signer(null, self, party, assembler);
    }
  }
}

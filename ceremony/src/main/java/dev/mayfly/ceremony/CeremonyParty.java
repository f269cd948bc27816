package dev.mayfly.ceremony;

import static java.util.Objects.requireNonNull;

import dev.mayfly.approval.ApprovalPolicy;
import dev.mayfly.ceremony.internal.EngineAccess;
import dev.mayfly.ceremony.internal.SecretLedger;
import dev.mayfly.ceremony.internal.SessionHooks;
import dev.mayfly.common.PartyId;
import dev.mayfly.snp.evidence.EvidenceProvider;
import dev.mayfly.snp.validate.TeePolicy;
import dev.mayfly.transport.Transport;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * One party of a signing ceremony, for hosts that run each party in its own process or enclave:
 * it drives the whole session (DESIGN.md section 1) over the {@link Transport} the host gives it
 * and returns a {@link PartyResult}, or throws a {@link CeremonyException} carrying the outcome
 * record every honest party agrees on.
 *
 * <pre>{@code
 * PartyResult result = CeremonyParty.builder()
 *     .proposal(proposal).self(PartyId.of(2)).transport(transport)
 *     .teePolicy(policy)                      // pin: the TEE policy hash
 *     .approvalPolicy(approvers)              // pin: approver keys and quorum
 *     .limits(CeremonyLimits.builder().minThreshold(2).build())
 *     .evidenceProvider(ConfigfsTsmProvider.create())
 *     .artifact(artifactBytes)
 *     .build()
 *     .run();
 * }</pre>
 *
 * <p><b>Security:</b> the party trusts nobody: not the host that proposed the session, not the
 * transport, not the other parties. What decides whether a signature may exist is configured here,
 * never taken from the proposal: the TEE policy, the approval policy and the ceremony limits
 * (party-side pins); a proposal that differs is refused before the party's hello. The party checks
 * the approvals quorum at the proposal's start time, its own clock and the artifact digest; it
 * admits a peer only with valid attestation evidence bound to the peer's session keys and the
 * local policy; it signs only bytes it built itself; it names a culprit only with proof. A
 * misbehaving host or peer can make the session abort, never sign something else. Every secret
 * (identity key, HPKE key, DKG state, key share, nonces, plaintexts) is registered where it is made
 * and destroyed before {@link #run()} returns or throws, on every path (best effort: see
 * docs/ceremony.md, "Destruction").
 *
 * <p>Single use: {@link #run()} may be called once. Not thread-safe; run it on one thread.
 *
 * @since 0.1.0
 */
public final class CeremonyParty {
  static {
    EngineAccess.register((builder, hooks) -> ((Builder) builder).hooks = hooks);
  }

  private final SessionProposal proposal;
  private final PartyId self;
  private final Transport transport;
  private final TeePolicy teePolicy;
  private final byte[] approvalPolicyDigest;
  private final CeremonyLimits limits;
  private final EvidenceProvider evidenceProvider;
  private final List<byte[]> artifacts;
  private final CeremonyOptions options;
  private final SecureRandom random;
  private final ProgressListener listener;
  private final SessionHooks hooks;
  private final SecretLedger ledger = new SecretLedger();
  private final AtomicBoolean started = new AtomicBoolean();

  private CeremonyParty(Builder b, byte[] approvalPolicyDigest) {
    this.proposal = requireNonNull(b.proposal);
    this.self = requireNonNull(b.self);
    this.transport = requireNonNull(b.transport);
    this.teePolicy = requireNonNull(b.teePolicy);
    this.approvalPolicyDigest = approvalPolicyDigest;
    this.limits = b.limits;
    this.evidenceProvider = requireNonNull(b.evidenceProvider);
    this.artifacts = List.copyOf(b.artifacts);
    this.options = b.options;
    this.random = b.random;
    this.listener = b.listener;
    this.hooks = b.hooks;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** This party's id. */
  public PartyId self() {
    return self;
  }

  /**
   * Runs the whole session and returns this party's result.
   *
   * @throws CeremonyException the abort, with the outcome record every honest party agrees on
   * @throws IllegalStateException if called twice
   */
  public PartyResult run() throws CeremonyException {
    if (!started.compareAndSet(false, true)) {
      throw new IllegalStateException(self + " already ran");
    }
    return new PartySession(proposal, self, transport, teePolicy, approvalPolicyDigest, limits,
        evidenceProvider, artifacts, options, random, listener, ledger, hooks).run();
  }

  /**
   * How many secret holders of this party's session are not destroyed: 0 once {@link #run()} has
   * returned or thrown, on every path. An audit of destruction a host may log or alert on (a
   * non-zero count after the run is a bug in Mayfly); during the run it counts the holders made so
   * far and not yet destroyed. Thread-safe.
   *
   * <p><b>Security:</b> it counts the holders the session registered where it made them (identity
   * key, HPKE key, DKG state, key share, nonces, plaintexts) and asks each whether it is
   * destroyed. Zero means each of them wiped what it owns, not that no copy exists anywhere in the
   * JVM: destruction is best effort (see docs/ceremony.md, "Destruction").
   *
   * @since 0.1.0
   */
  public int aliveSecretCount() {
    return ledger.alive().size();
  }

  /** Secret holders of the run that are still alive, by class; for the destruction tests. */
  List<String> aliveSecretsForTest() {
    return ledger.alive();
  }

  /** How many secret holders the run registered; for the destruction tests. */
  int secretCountForTest() {
    return ledger.size();
  }

  @Override
  public String toString() {
    return "CeremonyParty[" + self + ", " + proposal + "]";
  }

  /**
   * Builder for {@link CeremonyParty}; proposal, self, transport, TEE policy, approval policy (or
   * its digest) and evidence provider are required, and the artifact bytes in {@link
   * ArtifactMode#RAW}.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private @Nullable SessionProposal proposal;
    private @Nullable PartyId self;
    private @Nullable Transport transport;
    private @Nullable TeePolicy teePolicy;
    private byte @Nullable [] approvalPolicyDigest;
    private CeremonyLimits limits = CeremonyLimits.defaults();
    private @Nullable EvidenceProvider evidenceProvider;
    private final List<byte[]> artifacts = new ArrayList<>();
    private CeremonyOptions options = CeremonyOptions.defaults();
    private SecureRandom random = new SecureRandom();
    private ProgressListener listener = ProgressListener.NONE;
    private SessionHooks hooks = SessionHooks.NONE;

    private Builder() {}

    public Builder proposal(SessionProposal proposal) {
      this.proposal = requireNonNull(proposal, "proposal");
      return this;
    }

    public Builder self(PartyId self) {
      this.self = requireNonNull(self, "self");
      return this;
    }

    /** The transport to the other parties; the party neither closes nor owns it. */
    public Builder transport(Transport transport) {
      this.transport = requireNonNull(transport, "transport");
      return this;
    }

    /** Pin: the local TEE policy; its hash must be the proposal's and every peer's. */
    public Builder teePolicy(TeePolicy teePolicy) {
      this.teePolicy = requireNonNull(teePolicy, "teePolicy");
      return this;
    }

    /** Pin: who may approve and how many must; the proposal must carry exactly this policy. */
    public Builder approvalPolicy(ApprovalPolicy approvalPolicy) {
      this.approvalPolicyDigest = requireNonNull(approvalPolicy, "approvalPolicy").digest();
      return this;
    }

    /**
     * Pin: the digest ({@link ApprovalPolicy#digest()}, 32 bytes) of the approval policy the
     * proposal must carry, for parties configured with the digest alone.
     */
    public Builder approvalPolicyDigest(byte[] digest) {
      requireNonNull(digest, "digest");
      if (digest.length != 32) {
        throw new IllegalArgumentException("an approval policy digest is 32 bytes, got "
            + digest.length);
      }
      this.approvalPolicyDigest = digest.clone();
      return this;
    }

    /** Pin: the ceremony limits; default {@link CeremonyLimits#defaults()}. */
    public Builder limits(CeremonyLimits limits) {
      this.limits = requireNonNull(limits, "limits");
      return this;
    }

    /** Where this party's own attestation reports come from (configfs-tsm on a real guest). */
    public Builder evidenceProvider(EvidenceProvider evidenceProvider) {
      this.evidenceProvider = requireNonNull(evidenceProvider, "evidenceProvider");
      return this;
    }

    /**
     * The artifact bytes of a one-artifact session, replacing any given before; required in
     * {@link ArtifactMode#RAW}, ignored otherwise.
     */
    public Builder artifact(byte[] artifact) {
      artifacts.clear();
      return addArtifact(artifact);
    }

    /**
     * Adds the bytes of the next artifact of the proposal's list (in its order); in {@link
     * ArtifactMode#RAW} every artifact's bytes are required.
     *
     * @since 0.2.0
     */
    public Builder addArtifact(byte[] artifact) {
      artifacts.add(requireNonNull(artifact, "artifact").clone());
      return this;
    }

    /**
     * The bytes of every artifact, in the proposal's order, replacing any given before.
     *
     * @since 0.2.0
     */
    public Builder artifacts(List<byte[]> artifacts) {
      List<byte[]> copy = List.copyOf(requireNonNull(artifacts, "artifacts"));
      this.artifacts.clear();
      copy.forEach(this::addArtifact);
      return this;
    }

    public Builder options(CeremonyOptions options) {
      this.options = requireNonNull(options, "options");
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
     * Checks the configuration and builds the party.
     *
     * @throws IllegalStateException if a required field is missing
     * @throws IllegalArgumentException if this party is not in the proposal, the transport is
     *     another party's, or the artifact is missing or too large for raw mode
     */
    public CeremonyParty build() {
      if (proposal == null || self == null || transport == null || teePolicy == null
          || approvalPolicyDigest == null || evidenceProvider == null) {
        throw new IllegalStateException("proposal, self, transport, teePolicy, approvalPolicy "
            + "(or its digest) and evidenceProvider must be set");
      }
      if (!proposal.partyIds().contains(self)) {
        throw new IllegalArgumentException(self + " is not a party of " + proposal);
      }
      if (!transport.self().equals(self)) {
        throw new IllegalArgumentException(
            "the transport belongs to " + transport.self() + ", not " + self);
      }
      if (proposal.artifactMode() == ArtifactMode.RAW) {
        if (artifacts.isEmpty()) {
          throw new IllegalArgumentException("raw mode needs the artifact bytes");
        }
        if (artifacts.size() != proposal.artifactCount()) {
          throw new IllegalArgumentException("raw mode needs the bytes of all "
              + proposal.artifactCount() + " artifacts, got " + artifacts.size());
        }
        for (byte[] artifact : artifacts) {
          if (artifact.length > options.rawArtifactMaxBytes()) {
            throw new IllegalArgumentException("an artifact has " + artifact.length
                + " bytes, raw mode allows " + options.rawArtifactMaxBytes()
                + " per artifact: use ArtifactMode.STATEMENT");
          }
        }
      }
      return new CeremonyParty(this, approvalPolicyDigest);
    }
  }
}

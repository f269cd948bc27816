package dev.mayfly.ceremony;

import static java.util.Objects.requireNonNull;

import dev.mayfly.ceremony.internal.SecretLedger;
import dev.mayfly.common.PartyId;
import dev.mayfly.snp.evidence.EvidenceProvider;
import dev.mayfly.snp.validate.TeePolicy;
import dev.mayfly.transport.Transport;
import java.security.SecureRandom;
import dev.mayfly.transport.IdentityKeyPair;
import java.util.List;
import java.util.function.Consumer;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * One party of a signing ceremony, for hosts that run each party in its own process or enclave:
 * it drives the whole session (DESIGN.md section 1) over the {@link Transport} the host gives it
 * and returns a {@link PartyResult}, or throws a {@link CeremonyException} that names the culprit.
 *
 * <pre>{@code
 * PartyResult result = CeremonyParty.builder()
 *     .proposal(proposal).self(PartyId.of(2)).transport(transport)
 *     .teePolicy(policy).evidenceProvider(ConfigfsTsmProvider.create())
 *     .artifact(artifactBytes)
 *     .build()
 *     .run();
 * }</pre>
 *
 * <p><b>Security:</b> the party trusts nobody: not the host that proposed the session, not the
 * transport, not the other parties. It checks the approvals quorum, its own policy pin, the
 * proposal time and the artifact digest itself; it accepts a peer only with valid attestation
 * evidence bound to the peer's session keys and the local policy; it signs only bytes it built
 * itself. A misbehaving host or peer can make the session abort, never sign something else. Every
 * secret (identity key, HPKE key, DKG state, key share, nonces) is destroyed before {@link #run()}
 * returns or throws, on every path (best effort: see docs/ceremony.md, "Destruction").
 *
 * <p>Single use: {@link #run()} may be called once. Not thread-safe; run it on one thread.
 *
 * @since 0.1.0
 */
public final class CeremonyParty {
  private final SessionProposal proposal;
  private final PartyId self;
  private final Transport transport;
  private final TeePolicy teePolicy;
  private final EvidenceProvider evidenceProvider;
  private final byte @Nullable [] artifact;
  private final CeremonyOptions options;
  private final SecureRandom random;
  private final ProgressListener listener;
  private final Consumer<IdentityKeyPair> identityKeyHook;
  private final PayloadTamper tamper;
  private final SecretLedger ledger = new SecretLedger();
  private final AtomicBoolean started = new AtomicBoolean();

  private CeremonyParty(Builder b) {
    this.proposal = requireNonNull(b.proposal);
    this.self = requireNonNull(b.self);
    this.transport = requireNonNull(b.transport);
    this.teePolicy = requireNonNull(b.teePolicy);
    this.evidenceProvider = requireNonNull(b.evidenceProvider);
    this.artifact = b.artifact;
    this.options = b.options;
    this.random = b.random;
    this.listener = b.listener;
    this.identityKeyHook = b.identityKeyHook;
    this.tamper = b.tamper;
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
   * @throws CeremonyException the abort, with the code and culprits every honest party reports
   * @throws IllegalStateException if called twice
   */
  public PartyResult run() throws CeremonyException {
    if (!started.compareAndSet(false, true)) {
      throw new IllegalStateException(self + " already ran");
    }
    return new PartySession(proposal, self, transport, teePolicy, evidenceProvider, artifact,
        options, random, listener, ledger, identityKeyHook, tamper).run();
  }

  /** Secret holders of the run that are still alive; for the destruction tests. */
  List<String> aliveSecretsForTest() {
    return ledger.alive();
  }

  /** How many secret holders the run created; for the destruction tests. */
  int secretCountForTest() {
    return ledger.size();
  }

  @Override
  public String toString() {
    return "CeremonyParty[" + self + ", " + proposal + "]";
  }

  /**
   * Builder for {@link CeremonyParty}; proposal, self, transport, TEE policy and evidence
   * provider are required, and the artifact bytes in {@link ArtifactMode#RAW}.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private @Nullable SessionProposal proposal;
    private @Nullable PartyId self;
    private @Nullable Transport transport;
    private @Nullable TeePolicy teePolicy;
    private @Nullable EvidenceProvider evidenceProvider;
    private byte @Nullable [] artifact;
    private CeremonyOptions options = CeremonyOptions.defaults();
    private SecureRandom random = new SecureRandom();
    private ProgressListener listener = ProgressListener.NONE;
    private Consumer<IdentityKeyPair> identityKeyHook = key -> { };
    private PayloadTamper tamper = PayloadTamper.NONE;

    private Builder() {}

    /**
     * Hands the session identity key to {@code hook} as soon as it exists. Only {@link
     * LocalCeremony} uses it, to let the in-memory network play this party as a malicious
     * equivocator; never part of the public API.
     */
    Builder onIdentityKey(Consumer<IdentityKeyPair> hook) {
      this.identityKeyHook = requireNonNull(hook, "hook");
      return this;
    }

    /** Makes this party malicious (see {@link PayloadTamper}). Tests only. */
    Builder tamper(PayloadTamper tamper) {
      this.tamper = requireNonNull(tamper, "tamper");
      return this;
    }

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

    /** The local TEE policy; its hash is this party's pin. */
    public Builder teePolicy(TeePolicy teePolicy) {
      this.teePolicy = requireNonNull(teePolicy, "teePolicy");
      return this;
    }

    /** Where this party's own attestation reports come from (configfs-tsm on a real guest). */
    public Builder evidenceProvider(EvidenceProvider evidenceProvider) {
      this.evidenceProvider = requireNonNull(evidenceProvider, "evidenceProvider");
      return this;
    }

    /** The artifact bytes; required in {@link ArtifactMode#RAW}, ignored otherwise. */
    public Builder artifact(byte[] artifact) {
      this.artifact = requireNonNull(artifact, "artifact").clone();
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
     *     another party's, the artifact is missing or too large for raw mode, or the algorithm is
     *     not available
     */
    public CeremonyParty build() {
      if (proposal == null || self == null || transport == null || teePolicy == null
          || evidenceProvider == null) {
        throw new IllegalStateException(
            "proposal, self, transport, teePolicy and evidenceProvider must be set");
      }
      if (!proposal.partyIds().contains(self)) {
        throw new IllegalArgumentException(self + " is not a party of " + proposal);
      }
      if (!transport.self().equals(self)) {
        throw new IllegalArgumentException(
            "the transport belongs to " + transport.self() + ", not " + self);
      }
      if (proposal.artifactMode() == ArtifactMode.RAW) {
        if (artifact == null) {
          throw new IllegalArgumentException("raw mode needs the artifact bytes");
        }
        if (artifact.length > options.rawArtifactMaxBytes()) {
          throw new IllegalArgumentException("the artifact has " + artifact.length
              + " bytes, raw mode allows " + options.rawArtifactMaxBytes()
              + ": use ArtifactMode.STATEMENT");
        }
      }
      return new CeremonyParty(this);
    }
  }
}

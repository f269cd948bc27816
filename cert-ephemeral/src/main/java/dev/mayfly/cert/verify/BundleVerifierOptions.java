package dev.mayfly.cert.verify;

import static java.util.Objects.requireNonNull;

import dev.mayfly.approval.ApprovalPolicy;
import dev.mayfly.cert.bundle.TrustedRoot;
import dev.mayfly.cert.mint.CertificateProfile;
import dev.mayfly.snp.verify.SnpVerifyOptions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * How a {@link BundleVerifier} decides; every default is the strict one.
 *
 * <ul>
 *   <li>TEE policy hash: must be pinned with {@link Builder#teePolicyHash} or waived by name with
 *       {@link Builder#acceptAnyTeePolicyHashInsecure()}.
 *   <li>Approval policy: must be pinned with {@link Builder#approvalPolicy} or {@link
 *       Builder#approvalPolicyDigest}, or taken from the evidence with {@link
 *       Builder#approvalPolicyFromEvidenceInsecure()} (trusting whoever wrote the evidence).
 *   <li>Trusted root (CAs and TSAs): none by default, so CA-issued certificates and timestamps are
 *       refused until one is given.
 *   <li>A timestamp is required ({@link Builder#allowMissingTimestamp()} checks the certificate
 *       at the clock's time instead).
 *   <li>Simulated evidence is refused ({@link Builder#allowSimulatedEvidenceInsecure()}).
 *   <li>Validity cap: 10 minutes ({@link Builder#maxValidity}).
 * </ul>
 *
 * @since 0.1.0
 */
public final class BundleVerifierOptions {
  private final TrustedRoot trustedRoot;
  private final byte @Nullable [] teePolicyHash;
  private final @Nullable ApprovalPolicy approvalPolicy;
  private final byte @Nullable [] approvalPolicyDigest;
  private final SnpVerifyOptions snpOptions;
  private final boolean allowSimulated;
  private final boolean trustRecordedTsa;
  private final boolean requireTimestamp;
  private final Duration maxValidity;
  private final Clock clock;

  private BundleVerifierOptions(Builder b) {
    this.trustedRoot = b.trustedRoot;
    this.teePolicyHash = b.teePolicyHash;
    this.approvalPolicy = b.approvalPolicy;
    this.approvalPolicyDigest = b.approvalPolicy != null ? b.approvalPolicy.digest()
        : b.approvalPolicyDigest;
    this.snpOptions = b.snpOptions;
    this.allowSimulated = b.allowSimulated;
    this.trustRecordedTsa = b.trustRecordedTsa;
    this.requireTimestamp = b.requireTimestamp;
    this.maxValidity = b.maxValidity;
    this.clock = b.clock;
  }

  /** A new builder with the strict defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** The trusted certificate and timestamp authorities. */
  public TrustedRoot trustedRoot() {
    return trustedRoot;
  }

  /** The pinned TEE policy hash; empty when waived. */
  public Optional<byte[]> teePolicyHash() {
    return Optional.ofNullable(teePolicyHash).map(byte[]::clone);
  }

  /** The pinned approval policy, if pinned as a whole. */
  public Optional<ApprovalPolicy> approvalPolicy() {
    return Optional.ofNullable(approvalPolicy);
  }

  /**
   * The digest ({@link ApprovalPolicy#digest()}) the evidence's approval policy must have; empty
   * only when the evidence's is trusted as it is ({@link
   * Builder#approvalPolicyFromEvidenceInsecure()}).
   */
  public Optional<byte[]> approvalPolicyDigest() {
    return Optional.ofNullable(approvalPolicyDigest).map(byte[]::clone);
  }

  /** Options for checking attestation reports. */
  public SnpVerifyOptions snpOptions() {
    return snpOptions;
  }

  /** Whether simulated evidence is accepted. */
  public boolean allowsSimulatedEvidence() {
    return allowSimulated;
  }

  /** Whether the TSA chain recorded in the evidence is trusted too (insecure; demos only). */
  public boolean trustsRecordedTimestampAuthority() {
    return trustRecordedTsa;
  }

  /** Whether a bundle without a timestamp is refused. */
  public boolean requiresTimestamp() {
    return requireTimestamp;
  }

  /** The longest certificate validity accepted. */
  public Duration maxValidity() {
    return maxValidity;
  }

  /** The clock used when there is no timestamp. */
  public Clock clock() {
    return clock;
  }

  /**
   * Builder for {@link BundleVerifierOptions}.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private TrustedRoot trustedRoot = TrustedRoot.of(List.of(), List.of());
    private byte @Nullable [] teePolicyHash;
    private boolean anyTeePolicyHash;
    private @Nullable ApprovalPolicy approvalPolicy;
    private byte @Nullable [] approvalPolicyDigest;
    private boolean approvalPolicyFromEvidence;
    private @Nullable SnpVerifyOptions snpOptionsGiven;
    private SnpVerifyOptions snpOptions = SnpVerifyOptions.defaults();
    private boolean allowSimulated;
    private boolean trustRecordedTsa;
    private boolean requireTimestamp = true;
    private Duration maxValidity = CertificateProfile.DEFAULT_VALIDITY;
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /** The certificate and timestamp authorities to trust. */
    public Builder trustedRoot(TrustedRoot trustedRoot) {
      this.trustedRoot = requireNonNull(trustedRoot, "trustedRoot");
      return this;
    }

    /** Pins the TEE policy hash (32 bytes) every certificate and party must carry. */
    public Builder teePolicyHash(byte[] teePolicyHash) {
      requireNonNull(teePolicyHash, "teePolicyHash");
      if (teePolicyHash.length != 32) {
        throw new IllegalArgumentException("teePolicyHash must be 32 bytes");
      }
      this.teePolicyHash = teePolicyHash.clone();
      return this;
    }

    /**
     * Accepts whatever TEE policy the evidence names (still checking that certificate, evidence and
     * policy document agree). <b>Security:</b> then any code measured under any policy passes.
     */
    public Builder acceptAnyTeePolicyHashInsecure() {
      this.anyTeePolicyHash = true;
      return this;
    }

    /**
     * Pins the approval policy (approver set and quorum): the evidence must record exactly this
     * policy, and the approvals must reach its quorum.
     */
    public Builder approvalPolicy(ApprovalPolicy approvalPolicy) {
      this.approvalPolicy = requireNonNull(approvalPolicy, "approvalPolicy");
      return this;
    }

    /**
     * Pins the approval policy by its digest ({@link ApprovalPolicy#digest()}, 32 bytes): the
     * policy recorded in the evidence is used only if its digest is this one.
     */
    public Builder approvalPolicyDigest(byte[] digest) {
      requireNonNull(digest, "digest");
      if (digest.length != 32) {
        throw new IllegalArgumentException("an approval policy digest is 32 bytes");
      }
      this.approvalPolicyDigest = digest.clone();
      return this;
    }

    /**
     * Uses whatever approval policy the evidence records. <b>Security:</b> whoever wrote the
     * evidence chose the approvers: a host that made its own approver key and a quorum of one
     * passes. Only for looking at output whose approvers are unknown; never to decide trust.
     */
    public Builder approvalPolicyFromEvidenceInsecure() {
      this.approvalPolicyFromEvidence = true;
      return this;
    }

    /** Options for the attestation-snp verifier (roots, CRLs, clock); default strict offline. */
    public Builder snpOptions(SnpVerifyOptions snpOptions) {
      this.snpOptionsGiven = requireNonNull(snpOptions, "snpOptions");
      return this;
    }

    /**
     * Accepts evidence from the simulated provider. <b>Security:</b> simulated evidence proves
     * nothing about hardware; for demos and tests only.
     */
    public Builder allowSimulatedEvidenceInsecure() {
      this.allowSimulated = true;
      return this;
    }

    /**
     * Preset for the output of a local simulated deployment ({@code
     * SimulatedDeployment.localSimulatedInsecure()} in {@code mayfly-simulation}, whose {@code
     * verifierOptions()} calls this): pins {@code teePolicyHash} and {@code approvalPolicy},
     * trusts the CAs and TSAs of {@code trustedRoot}, and accepts simulated evidence. The same
     * as calling {@link #teePolicyHash}, {@link #approvalPolicy}, {@link #trustedRoot} and {@link
     * #allowSimulatedEvidenceInsecure()}.
     *
     * <p><b>Security:</b> simulated evidence proves nothing about hardware; for trying Mayfly and
     * for tests only. Verifiers of real output use the strict defaults.
     *
     * @since 0.1.0
     */
    public Builder localSimulatedInsecure(byte[] teePolicyHash, ApprovalPolicy approvalPolicy,
        TrustedRoot trustedRoot) {
      return teePolicyHash(teePolicyHash).approvalPolicy(approvalPolicy).trustedRoot(trustedRoot)
          .allowSimulatedEvidenceInsecure();
    }

    /**
     * Also trusts the timestamp authority chain recorded in the evidence document's completion
     * part, if any. <b>Security:</b> whoever wrote the evidence chose that TSA, so its timestamps
     * prove nothing about time; for the demo's in-process test TSA only, together with {@link
     * #allowSimulatedEvidenceInsecure()}.
     */
    public Builder trustRecordedTimestampAuthorityInsecure() {
      this.trustRecordedTsa = true;
      return this;
    }

    /** Accepts bundles without a timestamp, checking the certificate at the clock's time. */
    public Builder allowMissingTimestamp() {
      this.requireTimestamp = false;
      return this;
    }

    /** The longest certificate validity accepted; default 10 minutes, at most 24 hours. */
    public Builder maxValidity(Duration maxValidity) {
      requireNonNull(maxValidity, "maxValidity");
      if (maxValidity.isNegative() || maxValidity.isZero()
          || maxValidity.compareTo(CertificateProfile.MAX_VALIDITY_CEILING) > 0) {
        throw new IllegalArgumentException("maxValidity must be in (0, 24 h], got " + maxValidity);
      }
      this.maxValidity = maxValidity;
      return this;
    }

    /** The clock for bundles without a timestamp; default the system UTC clock. */
    public Builder clock(Clock clock) {
      this.clock = requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Builds the options.
     *
     * @throws IllegalStateException when the TEE policy hash or the approval policy was neither
     *     pinned nor explicitly waived, or more than one choice was made
     */
    public BundleVerifierOptions build() {
      if ((teePolicyHash == null) == !anyTeePolicyHash) {
        throw new IllegalStateException(
            "pin the TEE policy hash or call acceptAnyTeePolicyHashInsecure(), exactly one");
      }
      int approvalChoices = (approvalPolicy != null ? 1 : 0)
          + (approvalPolicyDigest != null ? 1 : 0) + (approvalPolicyFromEvidence ? 1 : 0);
      if (approvalChoices != 1) {
        throw new IllegalStateException("pin the approval policy (or its digest), or call "
            + "approvalPolicyFromEvidenceInsecure(), exactly one");
      }
      if (snpOptionsGiven != null) {
        snpOptions = snpOptionsGiven;
      } else if (allowSimulated) {
        snpOptions = SnpVerifyOptions.builder().allowSimulatedEvidenceInsecure().build();
      } else {
        snpOptions = SnpVerifyOptions.defaults();
      }
      return new BundleVerifierOptions(this);
    }
  }
}

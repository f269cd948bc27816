package dev.mayfly.cert.mint;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.jspecify.annotations.Nullable;

/**
 * Everything that determines an ephemeral certificate (DESIGN.md section 5), agreed by all parties
 * before minting: from these inputs every party builds the same to-be-signed bytes
 * ({@link CertificateTemplates}).
 *
 * <p>Validity starts at the agreed start time, truncated to whole seconds (X.509 times have no
 * fraction), and lasts {@link #validity()}, which never exceeds {@link #maxValidity()}. The
 * defaults are 10 minutes for both; the cap itself may not exceed {@link #MAX_VALIDITY_CEILING}.
 *
 * @since 0.1.0
 */
public final class CertificateProfile {
  /** The default validity and default cap: 10 minutes. */
  public static final Duration DEFAULT_VALIDITY = Duration.ofMinutes(10);

  /** The largest cap a profile accepts: 24 hours. An ephemeral certificate is not a long-lived one. */
  public static final Duration MAX_VALIDITY_CEILING = Duration.ofHours(24);

  /** Length in bytes of the session id and of every digest carried in the extensions. */
  public static final int DIGEST_LENGTH_BYTES = 32;

  private final MayflyExtensions extensions;
  private final Instant notBefore;
  private final Duration validity;
  private final Duration maxValidity;
  private final GroupPublicKey groupKey;
  private final boolean simulated;

  private CertificateProfile(Builder b, GroupPublicKey groupKey, String protocol) {
    this.extensions = new MayflyExtensions(requireNonNull(b.sessionId), requireNonNull(b.teePolicyHash),
        requireNonNull(b.evidenceDigest), requireNonNull(b.approvalsDigest), b.threshold, b.parties,
        protocol);
    this.notBefore = requireNonNull(b.startTime, "startTime").truncatedTo(ChronoUnit.SECONDS);
    this.validity = b.validity;
    this.maxValidity = b.maxValidity;
    this.groupKey = groupKey;
    this.simulated = b.simulated;
  }

  /** A new builder; every field without a stated default must be set. */
  public static Builder builder() {
    return new Builder();
  }

  /** The 32-byte session id (extension {@code .1}); the serial number is derived from it. */
  public byte[] sessionId() {
    return extensions.sessionId();
  }

  /** notBefore: the agreed start time truncated to whole seconds. */
  public Instant notBefore() {
    return notBefore;
  }

  /** notAfter: {@link #notBefore()} plus {@link #validity()}. */
  public Instant notAfter() {
    return notBefore.plus(validity);
  }

  /** How long the certificate is valid. */
  public Duration validity() {
    return validity;
  }

  /** The cap on {@link #validity()}, also enforced on certificates returned by an issuer. */
  public Duration maxValidity() {
    return maxValidity;
  }

  /** The group public key the certificate certifies. */
  public GroupPublicKey groupKey() {
    return groupKey;
  }

  /**
   * The values of the five Mayfly extensions: session id, TEE policy hash, evidence digest,
   * approvals digest, threshold t of n parties and protocol name.
   */
  public MayflyExtensions extensions() {
    return extensions;
  }

  /** Whether the session ran on simulated attestation; labelled in the subject when true. */
  public boolean simulated() {
    return simulated;
  }

  @Override
  public String toString() {
    return "CertificateProfile[" + groupKey.algorithm().id() + ", " + extensions.threshold()
        + "-of-" + extensions.parties()
        + ", notBefore=" + notBefore + ", validity=" + validity
        + (simulated ? ", SIMULATED" : "") + "]";
  }

  /**
   * Builder for {@link CertificateProfile}; {@link #build()} checks every field.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private byte @Nullable [] sessionId;
    private @Nullable Instant startTime;
    private Duration validity = DEFAULT_VALIDITY;
    private Duration maxValidity = DEFAULT_VALIDITY;
    private @Nullable GroupPublicKey groupKey;
    private byte @Nullable [] teePolicyHash;
    private byte @Nullable [] evidenceDigest;
    private byte @Nullable [] approvalsDigest;
    private int threshold;
    private int parties;
    private @Nullable String protocol;
    private boolean simulated;

    private Builder() {}

    /** The 32-byte session id. Required. */
    public Builder sessionId(byte[] sessionId) {
      this.sessionId = requireNonNull(sessionId, "sessionId").clone();
      return this;
    }

    /** The agreed start time of the session proposal. Required. */
    public Builder startTime(Instant startTime) {
      this.startTime = requireNonNull(startTime, "startTime");
      return this;
    }

    /** Validity, whole seconds, at least one second; default 10 minutes. */
    public Builder validity(Duration validity) {
      this.validity = requireNonNull(validity, "validity");
      return this;
    }

    /** The cap on validity, at most 24 hours; default 10 minutes. */
    public Builder maxValidity(Duration maxValidity) {
      this.maxValidity = requireNonNull(maxValidity, "maxValidity");
      return this;
    }

    /** The group public key. Required. */
    public Builder groupKey(GroupPublicKey groupKey) {
      this.groupKey = requireNonNull(groupKey, "groupKey");
      return this;
    }

    /** The 32-byte TEE policy hash. Required. */
    public Builder teePolicyHash(byte[] teePolicyHash) {
      this.teePolicyHash = requireNonNull(teePolicyHash, "teePolicyHash").clone();
      return this;
    }

    /** The 32-byte evidence digest (see {@code EvidenceDocument}). Required. */
    public Builder evidenceDigest(byte[] evidenceDigest) {
      this.evidenceDigest = requireNonNull(evidenceDigest, "evidenceDigest").clone();
      return this;
    }

    /** The 32-byte approvals digest. Required. */
    public Builder approvalsDigest(byte[] approvalsDigest) {
      this.approvalsDigest = requireNonNull(approvalsDigest, "approvalsDigest").clone();
      return this;
    }

    /** Threshold t and party count n, {@code 1 <= t <= n <= 65535}. Required. */
    public Builder threshold(int threshold, int parties) {
      this.threshold = threshold;
      this.parties = parties;
      return this;
    }

    /** The protocol name; default {@link GroupKeyAlgorithm#defaultProtocol()}. */
    public Builder protocol(String protocol) {
      this.protocol = requireNonNull(protocol, "protocol");
      return this;
    }

    /** Marks a session on simulated attestation; default false. */
    public Builder simulated(boolean simulated) {
      this.simulated = simulated;
      return this;
    }

    /**
     * Checks every field and builds the profile.
     *
     * @throws NullPointerException when a required field is missing
     * @throws IllegalArgumentException when a field is out of range
     */
    public CertificateProfile build() {
      requireLength(requireNonNull(sessionId, "sessionId"), "sessionId");
      requireNonNull(startTime, "startTime");
      GroupPublicKey key = requireNonNull(groupKey, "groupKey");
      requireLength(requireNonNull(teePolicyHash, "teePolicyHash"), "teePolicyHash");
      requireLength(requireNonNull(evidenceDigest, "evidenceDigest"), "evidenceDigest");
      requireLength(requireNonNull(approvalsDigest, "approvalsDigest"), "approvalsDigest");
      if (maxValidity.isNegative() || maxValidity.isZero()
          || maxValidity.compareTo(MAX_VALIDITY_CEILING) > 0) {
        throw new IllegalArgumentException(
            "maxValidity must be in (0, " + MAX_VALIDITY_CEILING + "], got " + maxValidity);
      }
      if (validity.getNano() != 0 || validity.getSeconds() < 1) {
        throw new IllegalArgumentException(
            "validity must be whole seconds and at least 1 s, got " + validity);
      }
      if (validity.compareTo(maxValidity) > 0) {
        throw new IllegalArgumentException(
            "validity " + validity + " exceeds the cap " + maxValidity);
      }
      if (threshold < 1 || parties < threshold || parties > 0xFFFF) {
        throw new IllegalArgumentException(
            "threshold must satisfy 1 <= t <= n <= 65535, got t=" + threshold + " n=" + parties);
      }
      String name = protocol != null ? protocol : key.algorithm().defaultProtocol();
      if (name.isEmpty()) {
        throw new IllegalArgumentException("protocol must not be empty");
      }
      return new CertificateProfile(this, key, name);
    }

    private static void requireLength(byte[] value, String name) {
      if (value.length != DIGEST_LENGTH_BYTES) {
        throw new IllegalArgumentException(
            name + " must be " + DIGEST_LENGTH_BYTES + " bytes, got " + value.length);
      }
    }
  }
}

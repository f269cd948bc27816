package dev.mayfly.ceremony;

import static java.util.Objects.requireNonNull;

import dev.mayfly.approval.ApprovalPolicy;
import dev.mayfly.cert.mint.GroupKeyAlgorithm;
import dev.mayfly.cert.jar.JarSigningParameters;
import dev.mayfly.cert.mint.IssuanceMode;
import dev.mayfly.common.ArtifactDigest;
import dev.mayfly.common.PartyId;
import dev.mayfly.common.bytes.ByteWriter;
import dev.mayfly.common.internal.Sha256;
import dev.mayfly.transport.SessionId;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * What one signing session is, as the host proposes it to every party (DESIGN.md section 1):
 * session id, parties, threshold, algorithm, the artifacts (one, or every artifact of a release:
 * name and digest each), TEE policy hash, approval policy and approvals, start time, certificate
 * validity and issuance mode.
 *
 * <p>Every party hashes the proposal ({@link #hash()}) into its hello message, so a party given a
 * different proposal is detected ({@code CEREMONY_PROPOSAL_MISMATCH}) before any key exists. The
 * hash covers a canonical binary encoding documented in docs/ceremony.md.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class SessionProposal {
  /** The largest number of parties of one session. */
  public static final int MAX_PARTIES = 255;
  /** The format version of the canonical encoding of a one-artifact session. */
  public static final int FORMAT_VERSION = 1;
  /**
   * The format version of the canonical encoding of a release (several artifacts).
   *
   * @since 0.2.0
   */
  public static final int RELEASE_FORMAT_VERSION = 2;
  /**
   * The most artifacts one session signs.
   *
   * @since 0.2.0
   */
  public static final int MAX_ARTIFACTS = ArtifactDigest.MAX_ARTIFACTS;

  private static final byte[] DOMAIN = "mayfly/v1/proposal".getBytes(StandardCharsets.US_ASCII);

  private final SessionId sessionId;
  private final List<PartyInfo> parties;
  private final int threshold;
  private final GroupKeyAlgorithm algorithm;
  private final List<ArtifactDigest> artifacts;
  /** Per artifact, the JAR signer name if it is signed in the JAR format, else null. */
  private final List<@Nullable String> jarSigners;
  private final ArtifactMode artifactMode;
  private final byte[] teePolicyHash;
  private final ApprovalPolicy approvalPolicy;
  private final List<byte[]> approvals;
  private final Instant startTime;
  private final Duration certificateValidity;
  private final IssuanceMode issuance;
  private final byte[] hash;

  private SessionProposal(Builder b, List<PartyInfo> parties, List<ArtifactDigest> artifacts,
      List<@Nullable String> jarSigners) {
    this.sessionId = requireNonNull(b.sessionId);
    this.parties = parties;
    this.threshold = b.threshold;
    this.algorithm = b.algorithm;
    this.artifacts = artifacts;
    this.jarSigners = jarSigners;
    this.artifactMode = b.artifactMode;
    this.teePolicyHash = requireNonNull(b.teePolicyHash).clone();
    this.approvalPolicy = requireNonNull(b.approvalPolicy);
    List<byte[]> copies = new ArrayList<>();
    b.approvals.forEach(a -> copies.add(a.clone()));
    this.approvals = List.copyOf(copies);
    this.startTime = requireNonNull(b.startTime);
    this.certificateValidity = b.certificateValidity;
    this.issuance = b.issuance;
    this.hash = computeHash();
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  public SessionId sessionId() {
    return sessionId;
  }

  /** The parties, ascending by id. */
  public List<PartyInfo> parties() {
    return parties;
  }

  /** The party ids, ascending. */
  public List<PartyId> partyIds() {
    return parties.stream().map(PartyInfo::id).toList();
  }

  /** The number of parties n. */
  public int partyCount() {
    return parties.size();
  }

  /** The signing threshold t. */
  public int threshold() {
    return threshold;
  }

  /**
   * The parties that sign: the first {@link #threshold()} ids. Every party knows this set without
   * talking to anyone; the others check the signatures.
   */
  public List<PartyId> signers() {
    return partyIds().subList(0, threshold);
  }

  public GroupKeyAlgorithm algorithm() {
    return algorithm;
  }

  /**
   * The artifacts the session signs, in proposal order (the order of every per-artifact list:
   * documents, signatures, output). Names are distinct.
   *
   * @since 0.2.0
   */
  public List<ArtifactDigest> artifacts() {
    return artifacts;
  }

  /** The number of artifacts. */
  public int artifactCount() {
    return artifacts.size();
  }

  /**
   * How the artifact at {@code index} is signed in the JAR format, if it is (docs/jar-signing.md,
   * "In a ceremony"): the proposal's algorithm, the signer name it carries, and the agreed start
   * time as the signing time. Every party computes the JAR signing plan from these and the JAR
   * bytes it was given.
   *
   * @throws IndexOutOfBoundsException if there is no artifact at {@code index}
   * @since 0.2.0
   */
  public java.util.Optional<JarSigningParameters> jarSigningParameters(int index) {
    String signer = jarSigners.get(index);
    if (signer == null) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(JarSigningParameters.builder(algorithm).signerName(signer)
        .signingTime(startTime).build());
  }

  /**
   * How many documents the parties sign: the certificate, then per artifact its bytes (raw mode),
   * its statement (statement mode, and every Ed25519 session) and its JAR signed attributes.
   *
   * @since 0.2.0
   */
  public int documentCount() {
    boolean raw = artifactMode == ArtifactMode.RAW;
    boolean statement = !raw || algorithm == GroupKeyAlgorithm.ED25519;
    int count = 1;
    for (String signer : jarSigners) {
      count += (raw ? 1 : 0) + (statement ? 1 : 0) + (signer != null ? 1 : 0);
    }
    return count;
  }

  /**
   * Whether any artifact is signed in the JAR format.
   *
   * @since 0.2.0
   */
  public boolean signsJars() {
    return jarSigners.stream().anyMatch(java.util.Objects::nonNull);
  }

  /** The first artifact's name (the only one of a one-artifact session). */
  public String artifactName() {
    return artifacts.get(0).name();
  }

  /** The first artifact's SHA-256, as approved (the only one of a one-artifact session). */
  public byte[] artifactSha256() {
    return artifacts.get(0).sha256();
  }

  public ArtifactMode artifactMode() {
    return artifactMode;
  }

  /** The TEE policy hash every party must pin (32 bytes). */
  public byte[] teePolicyHash() {
    return teePolicyHash.clone();
  }

  public ApprovalPolicy approvalPolicy() {
    return approvalPolicy;
  }

  /** The approval envelopes (DSSE JSON), exactly as given. */
  public List<byte[]> approvals() {
    List<byte[]> copies = new ArrayList<>();
    approvals.forEach(a -> copies.add(a.clone()));
    return copies;
  }

  /** The agreed start time: certificate validity starts here; whole seconds. */
  public Instant startTime() {
    return startTime;
  }

  public Duration certificateValidity() {
    return certificateValidity;
  }

  public IssuanceMode issuance() {
    return issuance;
  }

  /** SHA-256 of the domain-separated canonical encoding (32 bytes). */
  public byte[] hash() {
    return hash.clone();
  }

  /** {@link #hash()} in lowercase hex. */
  public String hashHex() {
    return HexFormat.of().formatHex(hash);
  }

  /** The canonical encoding that {@link #hash()} covers (docs/ceremony.md). */
  public byte[] canonicalEncoding() {
    ByteWriter out = new ByteWriter(512);
    boolean release = artifacts.size() > 1 || signsJars();
    out.u8(release ? RELEASE_FORMAT_VERSION : FORMAT_VERSION).bytes(sessionId.bytes());
    out.u16(parties.size());
    for (PartyInfo party : parties) {
      out.u16(party.id().value()).u8(party.displayName().length())
          .bytes(party.displayName().getBytes(StandardCharsets.US_ASCII));
    }
    out.u16(threshold);
    ascii(out, algorithm.id());
    if (release) {
      out.u16(artifacts.size());
    }
    for (int i = 0; i < artifacts.size(); i++) {
      ArtifactDigest artifact = artifacts.get(i);
      byte[] name = artifact.name().getBytes(StandardCharsets.UTF_8);
      out.u16(name.length).bytes(name).bytes(artifact.sha256());
      if (release) {
        String signer = jarSigners.get(i);
        out.u8(signer == null ? 0 : 1);
        if (signer != null) {
          ascii(out, signer);
        }
      }
    }
    ascii(out, artifactMode.name());
    out.bytes(teePolicyHash).bytes(approvalPolicy.digest());
    out.u16(approvals.size());
    approvals.forEach(out::lengthPrefixed);
    out.u64(startTime.getEpochSecond()).u32(certificateValidity.getSeconds());
    ascii(out, issuance.name());
    return out.toByteArray();
  }

  private static void ascii(ByteWriter out, String value) {
    out.u8(value.length()).bytes(value.getBytes(StandardCharsets.US_ASCII));
  }

  private byte[] computeHash() {
    return Sha256.hash(DOMAIN, canonicalEncoding());
  }

  @Override
  public String toString() {
    return "SessionProposal[" + sessionId + ", " + threshold + "-of-" + parties.size() + ", "
        + algorithm.id() + ", " + (artifacts.size() == 1 ? artifactName()
        : artifacts.size() + " artifacts") + ", hash " + hashHex().substring(0, 16) + "]";
  }

  /**
   * Builder for {@link SessionProposal}; {@link #build()} checks every field.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private @Nullable SessionId sessionId;
    private final List<PartyInfo> parties = new ArrayList<>();
    private int threshold;
    private GroupKeyAlgorithm algorithm = GroupKeyAlgorithm.ED25519;
    private final ArtifactDigest.Collector artifacts = new ArtifactDigest.Collector();
    private final java.util.Map<String, String> jarSigners = new java.util.LinkedHashMap<>();
    private ArtifactMode artifactMode = ArtifactMode.RAW;
    private byte @Nullable [] teePolicyHash;
    private @Nullable ApprovalPolicy approvalPolicy;
    private final List<byte[]> approvals = new ArrayList<>();
    private @Nullable Instant startTime;
    private Duration certificateValidity = Duration.ofMinutes(10);
    private IssuanceMode issuance = IssuanceMode.SELF_ATTESTED;

    private Builder() {}

    /** The 32-byte random session id. Required. */
    public Builder sessionId(SessionId sessionId) {
      this.sessionId = requireNonNull(sessionId, "sessionId");
      return this;
    }

    /** Adds a party. At least two are required. */
    public Builder party(PartyInfo party) {
      parties.add(requireNonNull(party, "party"));
      return this;
    }

    /** Adds parties. */
    public Builder parties(List<PartyInfo> parties) {
      requireNonNull(parties, "parties").forEach(this::party);
      return this;
    }

    /** The signing threshold, 2 &lt;= t &lt;= n. Required. */
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
     * The artifact's name and SHA-256 as approved, for a one-artifact session: replaces any
     * artifact set before. This, {@link #addArtifact} or {@link #artifacts} is required.
     */
    public Builder artifact(String name, byte[] sha256) {
      artifacts.set(name, sha256);
      return this;
    }

    /**
     * Adds one artifact of a release (name and SHA-256 as approved); the order of calls is the
     * session's artifact order.
     *
     * @since 0.2.0
     */
    public Builder addArtifact(String name, byte[] sha256) {
      artifacts.add(name, sha256);
      return this;
    }

    /**
     * The artifacts of a release, in order, replacing any set before.
     *
     * @since 0.2.0
     */
    public Builder artifacts(List<ArtifactDigest> release) {
      artifacts.setAll(release);
      return this;
    }

    /**
     * Signs the artifact {@code artifactName} also in the JAR format, with signer name {@value
     * JarSigningParameters#DEFAULT_SIGNER_NAME}: see {@link #signJar(String, String)}.
     *
     * @since 0.2.0
     */
    public Builder signJar(String artifactName) {
      return signJar(artifactName, JarSigningParameters.DEFAULT_SIGNER_NAME);
    }

    /**
     * Signs the artifact {@code artifactName} (a JAR) also in the JAR signature format: every
     * party computes the JAR signing plan from the JAR bytes it was given and signs its signed
     * attributes (raw mode only).
     *
     * @param signerName the base name of {@code META-INF/NAME.SF}, 1 to 8 of A-Z 0-9 _ -
     * @since 0.2.0
     */
    public Builder signJar(String artifactName, String signerName) {
      requireNonNull(artifactName, "artifactName");
      JarSigningParameters.builder(GroupKeyAlgorithm.ED25519).signerName(
          requireNonNull(signerName, "signerName"));
      jarSigners.put(artifactName, signerName);
      return this;
    }

    /** Default {@link ArtifactMode#RAW}. */
    public Builder artifactMode(ArtifactMode mode) {
      this.artifactMode = requireNonNull(mode, "mode");
      return this;
    }

    /** The TEE policy hash every party pins. Required. */
    public Builder teePolicyHash(byte[] hash) {
      this.teePolicyHash = requireNonNull(hash, "hash").clone();
      return this;
    }

    /** Who may approve and how many must. Required. */
    public Builder approvalPolicy(ApprovalPolicy policy) {
      this.approvalPolicy = requireNonNull(policy, "policy");
      return this;
    }

    /** The approval envelopes (DSSE JSON bytes). At least the quorum must count at every party. */
    public Builder approvals(List<byte[]> envelopes) {
      requireNonNull(envelopes, "envelopes").forEach(e -> approvals.add(e.clone()));
      return this;
    }

    /** The agreed start time; truncated to whole seconds. Required. */
    public Builder startTime(Instant startTime) {
      this.startTime = requireNonNull(startTime, "startTime").truncatedTo(
          java.time.temporal.ChronoUnit.SECONDS);
      return this;
    }

    /** Default 10 minutes; whole seconds, at least one second. */
    public Builder certificateValidity(Duration validity) {
      this.certificateValidity = requireNonNull(validity, "validity");
      return this;
    }

    /** Default {@link IssuanceMode#SELF_ATTESTED}. */
    public Builder issuance(IssuanceMode issuance) {
      this.issuance = requireNonNull(issuance, "issuance");
      return this;
    }

    /**
     * Checks every field and builds the proposal.
     *
     * @throws IllegalStateException if a required field is missing
     * @throws IllegalArgumentException if a field is out of range
     */
    public SessionProposal build() {
      if (sessionId == null || artifacts.isEmpty()
          || teePolicyHash == null || approvalPolicy == null || startTime == null) {
        throw new IllegalStateException("sessionId, artifact, teePolicyHash, approvalPolicy and "
            + "startTime must be set");
      }
      TreeMap<PartyId, PartyInfo> byId = new TreeMap<>();
      for (PartyInfo party : parties) {
        if (byId.put(party.id(), party) != null) {
          throw new IllegalArgumentException(party.id() + " is listed twice");
        }
      }
      Set<String> names = parties.stream().map(PartyInfo::displayName).collect(Collectors.toSet());
      if (names.size() != parties.size()) {
        throw new IllegalArgumentException("display names must be distinct");
      }
      int n = byId.size();
      if (n < 2 || n > MAX_PARTIES) {
        throw new IllegalArgumentException("a session needs 2.." + MAX_PARTIES + " parties, got " + n);
      }
      if (threshold < 2 || threshold > n) {
        throw new IllegalArgumentException(
            "threshold must be in 2.." + n + " (the number of parties), got " + threshold);
      }
      List<ArtifactDigest> release = artifacts.build();
      if (teePolicyHash.length != 32) {
        throw new IllegalArgumentException("artifact digest and TEE policy hash must be 32 bytes");
      }
      if (approvals.size() > 256) {
        throw new IllegalArgumentException("at most 256 approvals, got " + approvals.size());
      }
      if (certificateValidity.getNano() != 0 || certificateValidity.getSeconds() < 1
          || certificateValidity.getSeconds() > 24 * 3600) {
        throw new IllegalArgumentException(
            "certificate validity must be whole seconds in 1 s..24 h, got " + certificateValidity);
      }
      List<@Nullable String> signers = new ArrayList<>();
      for (ArtifactDigest artifact : release) {
        signers.add(jarSigners.get(artifact.name()));
      }
      for (String name : jarSigners.keySet()) {
        if (release.stream().noneMatch(a -> a.name().equals(name))) {
          throw new IllegalArgumentException("signJar names " + name + ", not an artifact");
        }
      }
      if (!jarSigners.isEmpty() && artifactMode != ArtifactMode.RAW) {
        throw new IllegalArgumentException("JAR signing needs raw mode: every party computes the "
            + "plan from the JAR bytes");
      }
      SessionProposal proposal = new SessionProposal(this, List.copyOf(byId.values()),
          List.copyOf(release), java.util.Collections.unmodifiableList(signers));
      if (algorithm == GroupKeyAlgorithm.ECDSA_P256
          && proposal.documentCount() > RoundPlan.ECDSA_MAX_DOCUMENTS) {
        throw new IllegalArgumentException("an ECDSA session signs at most "
            + RoundPlan.ECDSA_MAX_DOCUMENTS + " documents (its sealed signing messages must fit "
            + "an envelope), this one " + proposal.documentCount() + ": split the release");
      }
      return proposal;
    }

  }
}

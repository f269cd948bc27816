package dev.mayfly.cert.evidence;

import static java.util.Objects.requireNonNull;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.mayfly.cert.internal.Crypto;
import dev.mayfly.common.internal.Hex;
import dev.mayfly.cert.internal.Json;
import dev.mayfly.cert.mint.GroupKeyAlgorithm;
import dev.mayfly.common.ArtifactDigest;
import dev.mayfly.common.PartyId;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The part of the evidence document fixed before minting (schema in
 * {@code docs/evidence-format.md}): everything the parties agreed and attested before the
 * certificate was signed. Its exact bytes ({@link #bytes()}) are written once, as compact JSON, and
 * their SHA-256 ({@link #digest()}) is the certificate's evidence digest (extension {@code .3}).
 *
 * <p>A parsed instance keeps the bytes it was parsed from, so the digest is always over the exact
 * bytes, never over re-serialised JSON.
 *
 * @since 0.1.0
 */
public final class SessionEvidence {
  /** The schema version of the session part of a one-artifact session. */
  public static final int VERSION = 1;
  /**
   * The schema version of the session part of a release: {@code artifacts} (a list) in place of
   * {@code artifact}.
   *
   * @since 0.2.0
   */
  public static final int RELEASE_VERSION = 2;

  private final byte[] bytes;
  private final boolean simulated;
  private final byte[] sessionId;
  private final GroupKeyAlgorithm algorithm;
  private final String protocol;
  private final int threshold;
  private final Instant startTime;
  private final List<ArtifactDigest> artifacts;
  private final byte[] teePolicyDocument;
  private final byte[] teePolicyHash;
  private final byte[] approvalPolicy;
  private final List<byte[]> approvals;
  private final List<PartyEvidence> parties;

  private SessionEvidence(byte[] bytes, Builder b, GroupKeyAlgorithm algorithm, String protocol,
      Instant startTime, List<ArtifactDigest> artifacts, List<PartyEvidence> parties) {
    this.bytes = bytes;
    this.simulated = b.simulated;
    this.sessionId = requireNonNull(b.sessionId);
    this.algorithm = algorithm;
    this.protocol = protocol;
    this.threshold = b.threshold;
    this.startTime = startTime;
    this.artifacts = artifacts;
    this.teePolicyDocument = requireNonNull(b.teePolicyDocument);
    this.teePolicyHash = requireNonNull(b.teePolicyHash);
    this.approvalPolicy = requireNonNull(b.approvalPolicy);
    this.approvals = List.copyOf(b.approvals);
    this.parties = parties;
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** A copy of the exact bytes whose SHA-256 is the evidence digest. */
  public byte[] bytes() {
    return bytes.clone();
  }

  /** SHA-256 of {@link #bytes()}: the certificate's evidence digest. */
  public byte[] digest() {
    return Crypto.sha256(bytes);
  }

  /** Whether the parties ran on simulated attestation. */
  public boolean simulated() {
    return simulated;
  }

  /** The 32-byte session id. */
  public byte[] sessionId() {
    return sessionId.clone();
  }

  /** The group key algorithm. */
  public GroupKeyAlgorithm algorithm() {
    return algorithm;
  }

  /** The threshold protocol name. */
  public String protocol() {
    return protocol;
  }

  /** The signing threshold t. */
  public int threshold() {
    return threshold;
  }

  /** The agreed start time of the proposal. */
  public Instant startTime() {
    return startTime;
  }

  /**
   * The artifacts the session signed, in session order (one, or the release the approvals name).
   *
   * @since 0.2.0
   */
  public List<ArtifactDigest> artifacts() {
    return artifacts;
  }

  /** The (first) artifact's name the approvals name; see {@link #artifacts()} for a release. */
  public String artifactName() {
    return artifacts.get(0).name();
  }

  /** The (first) artifact's SHA-256; see {@link #artifacts()} for a release. */
  public byte[] artifactSha256() {
    return artifacts.get(0).sha256();
  }

  /** The TEE policy document, exact bytes as configured (attestation-snp JSON). */
  public byte[] teePolicyDocument() {
    return teePolicyDocument.clone();
  }

  /** The TEE policy hash the parties pinned. */
  public byte[] teePolicyHash() {
    return teePolicyHash.clone();
  }

  /** The approval policy document, exact JSON bytes. */
  public byte[] approvalPolicy() {
    return approvalPolicy.clone();
  }

  /** The approval DSSE envelopes, exact JSON bytes each, in proposal order. */
  public List<byte[]> approvals() {
    return approvals.stream().map(byte[]::clone).toList();
  }

  /** The parties in ascending id order. */
  public List<PartyEvidence> parties() {
    return parties;
  }

  /**
   * Parses the session part from its exact bytes.
   *
   * @throws IllegalArgumentException when the bytes do not follow the schema
   */
  static SessionEvidence parse(byte[] bytes) {
    JsonObject json = Json.parseObject(bytes, "evidence session part");
    int version = Json.integer(json, "version");
    if (version != VERSION && version != RELEASE_VERSION) {
      throw new IllegalArgumentException("session version is " + version + ", expected "
          + VERSION + " or " + RELEASE_VERSION);
    }
    Builder b = builder()
        .simulated(attestationIsSimulated(Json.string(json, "attestation")))
        .sessionId(Hex.decode(Json.string(json, "sessionId"), 32))
        .algorithm(GroupKeyAlgorithm.fromId(Json.string(json, "algorithm")))
        .protocol(Json.string(json, "protocol"))
        .threshold(Json.integer(json, "threshold"));
    try {
      b.startTime(Instant.parse(Json.string(json, "startTime")));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("startTime is not an RFC 3339 instant", e);
    }
    if (json.has("artifact") == json.has("artifacts")
        || json.has("artifacts") != (version == RELEASE_VERSION)) {
      throw new IllegalArgumentException("session version 1 has 'artifact', version 2 "
          + "'artifacts', and never both");
    }
    List<ArtifactDigest> artifacts = new ArrayList<>();
    if (json.has("artifact")) {
      artifacts.add(artifact(Json.object(json, "artifact")));
    } else {
      for (JsonElement artifact : Json.array(json, "artifacts")) {
        if (!artifact.isJsonObject()) {
          throw new IllegalArgumentException("artifacts entries must be objects");
        }
        artifacts.add(artifact(artifact.getAsJsonObject()));
      }
      if (artifacts.size() < 2) {
        throw new IllegalArgumentException(
            "'artifacts' lists fewer than two artifacts; one is written as 'artifact'");
      }
    }
    b.artifacts(artifacts);
    JsonObject policy = Json.object(json, "teePolicy");
    b.teePolicy(Json.base64(policy, "document"), Hex.decode(Json.string(policy, "sha256"), 32));
    b.approvalPolicy(Json.base64(json, "approvalPolicy"));
    List<byte[]> approvals = new ArrayList<>();
    for (JsonElement approval : Json.array(json, "approvals")) {
      approvals.add(Json.base64(approval, "approvals[]"));
    }
    b.approvals(approvals);
    List<PartyEvidence> parties = new ArrayList<>();
    for (JsonElement party : Json.array(json, "parties")) {
      if (!party.isJsonObject()) {
        throw new IllegalArgumentException("parties entries must be objects");
      }
      parties.add(PartyEvidence.fromJson(party.getAsJsonObject()));
    }
    if (Json.integer(json, "partyCount") != parties.size()) {
      throw new IllegalArgumentException("'partyCount' differs from the parties listed");
    }
    b.parties(parties);
    return b.build(bytes.clone());
  }

  private static ArtifactDigest artifact(JsonObject artifact) {
    return ArtifactDigest.create(Json.string(artifact, "name"),
        Hex.decode(Json.string(artifact, "sha256"), 32));
  }

  private static JsonObject artifactJson(ArtifactDigest artifact) {
    JsonObject json = new JsonObject();
    json.addProperty("name", artifact.name());
    json.addProperty("sha256", artifact.sha256Hex());
    return json;
  }

  static boolean attestationIsSimulated(String label) {
    return switch (label) {
      case EvidenceDocument.ATTESTATION_SIMULATED -> true;
      case EvidenceDocument.ATTESTATION_SEV_SNP -> false;
      default -> throw new IllegalArgumentException("unknown attestation label '" + label + "'");
    };
  }

  @Override
  public String toString() {
    return "SessionEvidence[" + algorithm.id() + ", " + threshold + "-of-" + parties.size()
        + (simulated ? ", SIMULATED" : "") + "]";
  }

  /**
   * Builder for {@link SessionEvidence}; {@link #build()} checks every field and writes the bytes.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private boolean simulated;
    private byte @Nullable [] sessionId;
    private @Nullable GroupKeyAlgorithm algorithm;
    private @Nullable String protocol;
    private int threshold;
    private @Nullable Instant startTime;
    private List<ArtifactDigest> artifacts = List.of();
    private byte @Nullable [] teePolicyDocument;
    private byte @Nullable [] teePolicyHash;
    private byte @Nullable [] approvalPolicy;
    private List<byte[]> approvals = List.of();
    private List<PartyEvidence> parties = List.of();

    private Builder() {}

    /** Marks evidence made with a simulated provider; default false. */
    public Builder simulated(boolean simulated) {
      this.simulated = simulated;
      return this;
    }

    /** The 32-byte session id. Required. */
    public Builder sessionId(byte[] sessionId) {
      this.sessionId = requireNonNull(sessionId, "sessionId").clone();
      return this;
    }

    /** The group key algorithm. Required. */
    public Builder algorithm(GroupKeyAlgorithm algorithm) {
      this.algorithm = requireNonNull(algorithm, "algorithm");
      return this;
    }

    /** The protocol name; default {@link GroupKeyAlgorithm#defaultProtocol()}. */
    public Builder protocol(String protocol) {
      this.protocol = requireNonNull(protocol, "protocol");
      return this;
    }

    /** The signing threshold t. Required. */
    public Builder threshold(int threshold) {
      this.threshold = threshold;
      return this;
    }

    /** The agreed start time. Required. */
    public Builder startTime(Instant startTime) {
      this.startTime = requireNonNull(startTime, "startTime");
      return this;
    }

    /** The artifact name and SHA-256 of a one-artifact session. This or a release is required. */
    public Builder artifact(String name, byte[] sha256) {
      this.artifacts = List.of(ArtifactDigest.create(name, sha256));
      return this;
    }

    /**
     * The artifacts of the session, in session order (1 to {@link ArtifactDigest#MAX_ARTIFACTS},
     * distinct names).
     *
     * @since 0.2.0
     */
    public Builder artifacts(List<ArtifactDigest> artifacts) {
      this.artifacts = List.copyOf(requireNonNull(artifacts, "artifacts"));
      return this;
    }

    /** The TEE policy document (exact bytes) and its hash. Required. */
    public Builder teePolicy(byte[] document, byte[] hash) {
      this.teePolicyDocument = requireNonNull(document, "document").clone();
      this.teePolicyHash = requireNonNull(hash, "hash").clone();
      return this;
    }

    /** The approval policy JSON (exact bytes). Required. */
    public Builder approvalPolicy(byte[] approvalPolicy) {
      this.approvalPolicy = requireNonNull(approvalPolicy, "approvalPolicy").clone();
      return this;
    }

    /** The approval envelopes' JSON bytes, in proposal order. */
    public Builder approvals(List<byte[]> approvals) {
      List<byte[]> copies = new ArrayList<>();
      for (byte[] approval : requireNonNull(approvals, "approvals")) {
        copies.add(requireNonNull(approval, "approval").clone());
      }
      this.approvals = copies;
      return this;
    }

    /** Every party's evidence; at least {@code threshold}, distinct ids. */
    public Builder parties(List<PartyEvidence> parties) {
      this.parties = List.copyOf(requireNonNull(parties, "parties"));
      return this;
    }

    /**
     * Checks every field and writes the exact bytes.
     *
     * @throws NullPointerException when a required field is missing
     * @throws IllegalArgumentException when a field is out of range
     */
    public SessionEvidence build() {
      return build(null);
    }

    private SessionEvidence build(byte @Nullable [] parsedBytes) {
      requireNonNull(sessionId, "sessionId");
      GroupKeyAlgorithm alg = requireNonNull(algorithm, "algorithm");
      Instant start = requireNonNull(startTime, "startTime");
      if (artifacts.isEmpty()) {
        throw new NullPointerException("artifact");
      }
      List<ArtifactDigest> release = ArtifactDigest.checkRelease(artifacts);
      requireNonNull(teePolicyDocument, "teePolicy");
      requireNonNull(teePolicyHash, "teePolicy");
      requireNonNull(approvalPolicy, "approvalPolicy");
      for (byte[] value : List.of(sessionId, teePolicyHash)) {
        if (value.length != 32) {
          throw new IllegalArgumentException("session id and policy hash are 32 bytes");
        }
      }
      List<PartyEvidence> sorted = new ArrayList<>(parties);
      sorted.sort(Comparator.comparing(PartyEvidence::partyId));
      for (int i = 1; i < sorted.size(); i++) {
        if (sorted.get(i).partyId().equals(sorted.get(i - 1).partyId())) {
          throw new IllegalArgumentException("duplicate " + sorted.get(i).partyId());
        }
      }
      if (threshold < 1 || threshold > sorted.size()) {
        throw new IllegalArgumentException(
            "threshold " + threshold + " needs 1..n parties, got " + sorted.size());
      }
      String proto = protocol != null ? protocol : alg.defaultProtocol();
      List<PartyEvidence> partyList = List.copyOf(sorted);
      byte[] bytes = parsedBytes != null ? parsedBytes
          : Json.compact(toJson(alg, proto, start, release, partyList));
      return new SessionEvidence(bytes, this, alg, proto, start, release, partyList);
    }

    private JsonObject toJson(GroupKeyAlgorithm alg, String proto, Instant start,
        List<ArtifactDigest> release, List<PartyEvidence> partyList) {
      JsonObject json = new JsonObject();
      json.addProperty("version", release.size() == 1 ? VERSION : RELEASE_VERSION);
      json.addProperty("attestation", simulated
          ? EvidenceDocument.ATTESTATION_SIMULATED : EvidenceDocument.ATTESTATION_SEV_SNP);
      json.addProperty("sessionId", Hex.encode(requireNonNull(sessionId)));
      json.addProperty("algorithm", alg.id());
      json.addProperty("protocol", proto);
      json.addProperty("threshold", threshold);
      json.addProperty("partyCount", partyList.size());
      json.addProperty("startTime", start.toString());
      if (release.size() == 1) {
        json.add("artifact", artifactJson(release.get(0)));
      } else {
        JsonArray artifactArray = new JsonArray();
        release.forEach(artifact -> artifactArray.add(artifactJson(artifact)));
        json.add("artifacts", artifactArray);
      }
      JsonObject policy = new JsonObject();
      policy.add("document", Json.base64(requireNonNull(teePolicyDocument)));
      policy.addProperty("sha256", Hex.encode(requireNonNull(teePolicyHash)));
      json.add("teePolicy", policy);
      json.add("approvalPolicy", Json.base64(requireNonNull(approvalPolicy)));
      JsonArray approvalArray = new JsonArray();
      approvals.forEach(approval -> approvalArray.add(Json.base64(approval)));
      json.add("approvals", approvalArray);
      JsonArray partyArray = new JsonArray();
      partyList.forEach(party -> partyArray.add(party.toJson()));
      json.add("parties", partyArray);
      return json;
    }
  }

  /** The ids of the parties, ascending. */
  public List<PartyId> partyIds() {
    return parties.stream().map(PartyEvidence::partyId).toList();
  }
}

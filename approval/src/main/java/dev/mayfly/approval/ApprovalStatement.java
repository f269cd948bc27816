package dev.mayfly.approval;

import static java.util.Objects.requireNonNull;

import com.google.gson.JsonObject;
import dev.mayfly.approval.internal.Encodings;
import dev.mayfly.approval.internal.StrictJson;
import dev.mayfly.approval.intoto.InTotoStatement;
import dev.mayfly.common.ArtifactDigest;
import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.internal.Hex;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * What one approver approves: an artifact, or a release of several (each a name and SHA-256), for
 * a TEE policy, within a validity window, with a change reference and a random nonce (DESIGN.md
 * §6). Immutable; byte arrays are copied in and out.
 *
 * <p>It travels as an in-toto Statement v1 with one subject per artifact (1 to {@link
 * ArtifactDigest#MAX_ARTIFACTS}, distinct names) and predicate type
 * {@value #PREDICATE_TYPE}; the predicate members, in this order, are {@code approverId},
 * {@code changeRef}, {@code teePolicyHash} (lowercase hex), {@code notBefore}, {@code notAfter}
 * (RFC 3339 UTC) and {@code nonce} (lowercase hex). See {@code docs/approvals.md}.
 *
 * @since 0.1.0
 */
public final class ApprovalStatement {
  /** The in-toto predicate type of a Mayfly approval. */
  public static final String PREDICATE_TYPE = "urn:mayfly:approval:v1";

  /** Length of the artifact digest and of the TEE policy hash. */
  public static final int HASH_BYTES = 32;

  /** Length of the nonce the builder draws; parsed nonces may be 16 to 64 bytes. */
  public static final int NONCE_BYTES = 32;

  /** The longest change reference, in characters. */
  public static final int MAX_CHANGE_REF_CHARS = 1024;

  /** The longest artifact name, in characters. */
  public static final int MAX_ARTIFACT_NAME_CHARS = 1024;

  private static final int MIN_NONCE_BYTES = 16;
  private static final int MAX_NONCE_BYTES = 64;
  private static final Pattern APPROVER_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@+-]{0,127}");
  private static final String WHAT = "approval predicate";
  private static final Set<String> PREDICATE_MEMBERS =
      Set.of("approverId", "changeRef", "teePolicyHash", "notBefore", "notAfter", "nonce");

  private final List<ArtifactDigest> artifacts;
  private final String approverId;
  private final String changeRef;
  private final byte[] teePolicyHash;
  private final Instant notBefore;
  private final Instant notAfter;
  private final byte[] nonce;

  private ApprovalStatement(
      List<ArtifactDigest> artifacts,
      String approverId,
      String changeRef,
      byte[] teePolicyHash,
      Instant notBefore,
      Instant notAfter,
      byte[] nonce) {
    this.artifacts = List.copyOf(artifacts);
    this.approverId = approverId;
    this.changeRef = changeRef;
    this.teePolicyHash = teePolicyHash;
    this.notBefore = notBefore;
    this.notAfter = notAfter;
    this.nonce = nonce;
  }

  /** A builder; every field but the nonce (default: {@value #NONCE_BYTES} random bytes) is required. */
  public static Builder builder() {
    return new Builder();
  }

  /** Whether {@code id} is a valid approver id: 1 to 128 of {@code A-Z a-z 0-9 . _ @ + -}, starting alphanumeric. */
  public static boolean isValidApproverId(String id) {
    return APPROVER_ID.matcher(requireNonNull(id, "id")).matches();
  }

  /**
   * The approved artifacts (the statement's subjects), in statement order; one for a single
   * artifact, several for a release.
   *
   * @since 0.2.0
   */
  public List<ArtifactDigest> artifacts() {
    return artifacts;
  }

  /** The first approved artifact's name (the only one unless the approval covers a release). */
  public String artifactName() {
    return artifacts.get(0).name();
  }

  /** A copy of the first approved artifact's SHA-256 (see {@link #artifactName()}). */
  public byte[] artifactSha256() {
    return artifacts.get(0).sha256();
  }

  /** The approver id the approval claims; a verifier checks it against the signing key. */
  public String approverId() {
    return approverId;
  }

  /** The change reference (ticket, pull request, release note), free text. */
  public String changeRef() {
    return changeRef;
  }

  /** A copy of the TEE policy hash (DESIGN.md §4) the approval is for. */
  public byte[] teePolicyHash() {
    return teePolicyHash.clone();
  }

  /** The first instant the approval is valid (inclusive). */
  public Instant notBefore() {
    return notBefore;
  }

  /** The last instant the approval is valid (inclusive). */
  public Instant notAfter() {
    return notAfter;
  }

  /** A copy of the nonce, which makes every approval statement unique. */
  public byte[] nonce() {
    return nonce.clone();
  }

  /** The in-toto statement carrying this approval. */
  public InTotoStatement toInTotoStatement() {
    JsonObject predicate = new JsonObject();
    predicate.addProperty("approverId", approverId);
    predicate.addProperty("changeRef", changeRef);
    predicate.addProperty("teePolicyHash", Hex.encode(teePolicyHash));
    predicate.addProperty("notBefore", Encodings.formatTime(notBefore));
    predicate.addProperty("notAfter", Encodings.formatTime(notAfter));
    predicate.addProperty("nonce", Hex.encode(nonce));
    InTotoStatement.Builder builder = InTotoStatement.builder();
    artifacts.forEach(a -> builder.subject(a.name(), a.sha256()));
    return builder
        .predicateType(PREDICATE_TYPE)
        .predicateJson(StrictJson.toBytes(predicate))
        .build();
  }

  /**
   * Reads an approval from an in-toto statement: 1 to {@link ArtifactDigest#MAX_ARTIFACTS}
   * subjects with distinct names, predicate type
   * {@value #PREDICATE_TYPE}, and exactly the documented predicate members with valid values
   * ({@code notBefore} not after {@code notAfter}).
   *
   * @throws ApprovalException {@link ErrorCode#APPROVAL_MALFORMED} for anything else
   */
  public static ApprovalStatement fromInTotoStatement(InTotoStatement statement)
      throws ApprovalException {
    requireNonNull(statement, "statement");
    if (!PREDICATE_TYPE.equals(statement.predicateType())) {
      throw StrictJson.malformed("statement predicateType is \""
          + StrictJson.printable(statement.predicateType()) + "\", expected " + PREDICATE_TYPE);
    }
    List<InTotoStatement.Subject> subjects = statement.subjects();
    if (subjects.isEmpty() || subjects.size() > ArtifactDigest.MAX_ARTIFACTS) {
      throw StrictJson.malformed("an approval statement must have 1 to "
          + ArtifactDigest.MAX_ARTIFACTS + " subjects, got " + subjects.size());
    }
    JsonObject p = StrictJson.parseObject(
        statement.predicateJson(), InTotoStatement.MAX_JSON_BYTES, WHAT);
    StrictJson.requireMembers(p, WHAT, PREDICATE_MEMBERS, Set.of());
    String approverId = StrictJson.string(p, "approverId", WHAT);
    String changeRef = StrictJson.string(p, "changeRef", WHAT);
    byte[] policy = Encodings.parseHex(
        StrictJson.string(p, "teePolicyHash", WHAT), HASH_BYTES, WHAT + " teePolicyHash");
    Instant notBefore = Encodings.parseTime(StrictJson.string(p, "notBefore", WHAT), WHAT + " notBefore");
    Instant notAfter = Encodings.parseTime(StrictJson.string(p, "notAfter", WHAT), WHAT + " notAfter");
    byte[] nonce = Encodings.parseHex(
        StrictJson.string(p, "nonce", WHAT), MIN_NONCE_BYTES, MAX_NONCE_BYTES, WHAT + " nonce");
    List<ArtifactDigest> artifacts = new ArrayList<>();
    for (InTotoStatement.Subject subject : subjects) {
      if (!isValidText(subject.name(), MAX_ARTIFACT_NAME_CHARS)
          || ArtifactDigest.nameProblem(subject.name()) != null) {
        throw StrictJson.malformed(WHAT + ": artifact name must be 1 to "
            + MAX_ARTIFACT_NAME_CHARS + " characters without control characters");
      }
      artifacts.add(ArtifactDigest.create(subject.name(), subject.sha256()));
    }
    String release = ArtifactDigest.releaseProblem(artifacts);
    if (release != null) {
      throw StrictJson.malformed(WHAT + ": " + StrictJson.printable(release));
    }
    String problem = problem(approverId, changeRef, notBefore, notAfter);
    if (problem != null) {
      throw StrictJson.malformed(WHAT + ": " + problem);
    }
    return new ApprovalStatement(artifacts, approverId, changeRef, policy, notBefore, notAfter,
        nonce);
  }

  private static @Nullable String problem(
      String approverId, String changeRef, Instant notBefore, Instant notAfter) {
    if (!isValidApproverId(approverId)) {
      return "approverId \"" + StrictJson.printable(approverId)
          + "\" is not 1 to 128 of A-Z a-z 0-9 . _ @ + - starting alphanumeric";
    }
    if (!isValidText(changeRef, MAX_CHANGE_REF_CHARS)) {
      return "changeRef must be 1 to " + MAX_CHANGE_REF_CHARS
          + " characters without control characters";
    }
    if (notBefore.isAfter(notAfter)) {
      return "notBefore " + notBefore + " is after notAfter " + notAfter;
    }
    return null;
  }

  private static boolean isValidText(String s, int maxChars) {
    if (s.isEmpty() || s.length() > maxChars) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isISOControl(c)) {
        return false;
      }
      if (Character.isHighSurrogate(c) && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return false;
      }
    }
    return true;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof ApprovalStatement other
        && artifacts.equals(other.artifacts)
        && approverId.equals(other.approverId)
        && changeRef.equals(other.changeRef)
        && Arrays.equals(teePolicyHash, other.teePolicyHash)
        && notBefore.equals(other.notBefore)
        && notAfter.equals(other.notAfter)
        && Arrays.equals(nonce, other.nonce);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(nonce) * 31 + approverId.hashCode();
  }

  @Override
  public String toString() {
    String what = artifacts.size() == 1 ? artifacts.get(0).name() + " sha256 "
        + artifacts.get(0).sha256Hex() : "a release of " + artifacts.size() + " artifacts";
    return "ApprovalStatement[" + approverId + " approves " + what + ", " + notBefore + ".."
        + notAfter + "]";
  }

  /**
   * Collects the fields of an approval statement.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private final ArtifactDigest.Collector artifacts = new ArtifactDigest.Collector();
    private @Nullable String approverId;
    private @Nullable String changeRef;
    private byte @Nullable [] teePolicyHash;
    private @Nullable Instant notBefore;
    private @Nullable Instant notAfter;
    private byte @Nullable [] nonce;
    private @Nullable SecureRandom random;

    private Builder() {}

    /**
     * The artifact's name and SHA-256 (this or {@link #artifacts(List)} is required): the
     * approval covers this one artifact, replacing any set before.
     */
    public Builder artifact(String name, byte[] sha256) {
      artifacts.set(name, sha256);
      return this;
    }

    /**
     * Adds one artifact of a release; call once per artifact, in the order the approver reviewed
     * them.
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

    /** The approver id (required); it must be the id the approver set gives the signing key. */
    public Builder approverId(String approverId) {
      this.approverId = requireNonNull(approverId, "approverId");
      return this;
    }

    /** The change reference (required, 1 to {@value #MAX_CHANGE_REF_CHARS} characters). */
    public Builder changeRef(String changeRef) {
      this.changeRef = requireNonNull(changeRef, "changeRef");
      return this;
    }

    /** The 32-byte TEE policy hash the ceremony pins (required). */
    public Builder teePolicyHash(byte[] teePolicyHash) {
      this.teePolicyHash = requireNonNull(teePolicyHash, "teePolicyHash").clone();
      return this;
    }

    /** The validity window, both ends inclusive (required). */
    public Builder validity(Instant notBefore, Instant notAfter) {
      this.notBefore = requireNonNull(notBefore, "notBefore");
      this.notAfter = requireNonNull(notAfter, "notAfter");
      return this;
    }

    /** An explicit nonce of 16 to 64 bytes; by default {@value #NONCE_BYTES} random bytes. */
    public Builder nonce(byte[] nonce) {
      this.nonce = requireNonNull(nonce, "nonce").clone();
      return this;
    }

    /** The random source for the default nonce; by default a new {@link SecureRandom}. */
    public Builder random(SecureRandom random) {
      this.random = requireNonNull(random, "random");
      return this;
    }

    /**
     * Builds the statement.
     *
     * @throws IllegalStateException if a required field is missing
     * @throws IllegalArgumentException if a field is out of range (digest or policy hash not 32
     *     bytes, invalid approver id, empty or over-long text, control characters, nonce length,
     *     times outside years 0000 to 9999, notBefore after notAfter)
     */
    public ApprovalStatement build() {
      if (artifacts.isEmpty() || approverId == null || changeRef == null
          || teePolicyHash == null || notBefore == null || notAfter == null) {
        throw new IllegalStateException(
            "artifact, approverId, changeRef, teePolicyHash and validity are required");
      }
      if (teePolicyHash.length != HASH_BYTES) {
        throw new IllegalArgumentException("artifact sha256 and TEE policy hash must be 32 bytes");
      }
      for (Instant t : List.of(notBefore, notAfter)) {
        if (t.isBefore(Encodings.MIN_TIME) || t.isAfter(Encodings.MAX_TIME)) {
          throw new IllegalArgumentException("time " + t + " is outside years 0000 to 9999");
        }
      }
      List<ArtifactDigest> release = artifacts.build();
      String problem = problem(approverId, changeRef, notBefore, notAfter);
      if (problem != null) {
        throw new IllegalArgumentException(problem);
      }
      byte[] n = nonce;
      if (n == null) {
        n = new byte[NONCE_BYTES];
        (random == null ? new SecureRandom() : random).nextBytes(n);
      } else if (n.length < MIN_NONCE_BYTES || n.length > MAX_NONCE_BYTES) {
        throw new IllegalArgumentException(
            "nonce must be " + MIN_NONCE_BYTES + " to " + MAX_NONCE_BYTES + " bytes");
      }
      return new ApprovalStatement(release, approverId, changeRef,
          teePolicyHash.clone(), notBefore, notAfter, n.clone());
    }
  }
}

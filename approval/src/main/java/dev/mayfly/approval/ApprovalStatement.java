package dev.mayfly.approval;

import static java.util.Objects.requireNonNull;

import com.google.gson.JsonObject;
import dev.mayfly.approval.internal.Encodings;
import dev.mayfly.approval.internal.StrictJson;
import dev.mayfly.approval.intoto.InTotoStatement;
import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.internal.Hex;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * What one approver approves: an artifact (name and SHA-256), for a TEE policy, within a validity
 * window, with a change reference and a random nonce (DESIGN.md §6). Immutable; byte arrays are
 * copied in and out.
 *
 * <p>It travels as an in-toto Statement v1 with one subject and predicate type
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

  private final String artifactName;
  private final byte[] artifactSha256;
  private final String approverId;
  private final String changeRef;
  private final byte[] teePolicyHash;
  private final Instant notBefore;
  private final Instant notAfter;
  private final byte[] nonce;

  private ApprovalStatement(
      String artifactName,
      byte[] artifactSha256,
      String approverId,
      String changeRef,
      byte[] teePolicyHash,
      Instant notBefore,
      Instant notAfter,
      byte[] nonce) {
    this.artifactName = artifactName;
    this.artifactSha256 = artifactSha256;
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

  /** The approved artifact's name (the statement's subject name). */
  public String artifactName() {
    return artifactName;
  }

  /** A copy of the approved artifact's SHA-256. */
  public byte[] artifactSha256() {
    return artifactSha256.clone();
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
    return InTotoStatement.builder()
        .subject(artifactName, artifactSha256)
        .predicateType(PREDICATE_TYPE)
        .predicateJson(StrictJson.toBytes(predicate))
        .build();
  }

  /**
   * Reads an approval from an in-toto statement: exactly one subject, predicate type
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
    if (subjects.size() != 1) {
      throw StrictJson.malformed(
          "an approval statement must have exactly one subject, got " + subjects.size());
    }
    JsonObject p = StrictJson.parseObject(
        statement.predicateJson(), InTotoStatement.MAX_JSON_BYTES, WHAT);
    StrictJson.requireMembers(p, WHAT, PREDICATE_MEMBERS, Set.of());
    String artifactName = subjects.get(0).name();
    String approverId = StrictJson.string(p, "approverId", WHAT);
    String changeRef = StrictJson.string(p, "changeRef", WHAT);
    byte[] policy = Encodings.parseHex(
        StrictJson.string(p, "teePolicyHash", WHAT), HASH_BYTES, WHAT + " teePolicyHash");
    Instant notBefore = Encodings.parseTime(StrictJson.string(p, "notBefore", WHAT), WHAT + " notBefore");
    Instant notAfter = Encodings.parseTime(StrictJson.string(p, "notAfter", WHAT), WHAT + " notAfter");
    byte[] nonce = Encodings.parseHex(
        StrictJson.string(p, "nonce", WHAT), MIN_NONCE_BYTES, MAX_NONCE_BYTES, WHAT + " nonce");
    String problem = problem(artifactName, approverId, changeRef, notBefore, notAfter);
    if (problem != null) {
      throw StrictJson.malformed(WHAT + ": " + problem);
    }
    return new ApprovalStatement(artifactName, subjects.get(0).sha256(), approverId, changeRef,
        policy, notBefore, notAfter, nonce);
  }

  private static @Nullable String problem(
      String artifactName, String approverId, String changeRef, Instant notBefore, Instant notAfter) {
    if (!isValidText(artifactName, MAX_ARTIFACT_NAME_CHARS)) {
      return "artifact name must be 1 to " + MAX_ARTIFACT_NAME_CHARS
          + " characters without control characters";
    }
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
        && artifactName.equals(other.artifactName)
        && Arrays.equals(artifactSha256, other.artifactSha256)
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
    return "ApprovalStatement[" + approverId + " approves " + artifactName + " sha256 "
        + Hex.encode(artifactSha256) + ", " + notBefore + ".." + notAfter + "]";
  }

  /**
   * Collects the fields of an approval statement.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private @Nullable String artifactName;
    private byte @Nullable [] artifactSha256;
    private @Nullable String approverId;
    private @Nullable String changeRef;
    private byte @Nullable [] teePolicyHash;
    private @Nullable Instant notBefore;
    private @Nullable Instant notAfter;
    private byte @Nullable [] nonce;
    private @Nullable SecureRandom random;

    private Builder() {}

    /** The artifact's name and SHA-256 (required). */
    public Builder artifact(String name, byte[] sha256) {
      this.artifactName = requireNonNull(name, "name");
      this.artifactSha256 = requireNonNull(sha256, "sha256").clone();
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
      if (artifactName == null || artifactSha256 == null || approverId == null
          || changeRef == null || teePolicyHash == null || notBefore == null
          || notAfter == null) {
        throw new IllegalStateException(
            "artifact, approverId, changeRef, teePolicyHash and validity are required");
      }
      if (artifactSha256.length != HASH_BYTES || teePolicyHash.length != HASH_BYTES) {
        throw new IllegalArgumentException("artifact sha256 and TEE policy hash must be 32 bytes");
      }
      for (Instant t : List.of(notBefore, notAfter)) {
        if (t.isBefore(Encodings.MIN_TIME) || t.isAfter(Encodings.MAX_TIME)) {
          throw new IllegalArgumentException("time " + t + " is outside years 0000 to 9999");
        }
      }
      String problem = problem(artifactName, approverId, changeRef, notBefore, notAfter);
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
      return new ApprovalStatement(artifactName, artifactSha256.clone(), approverId, changeRef,
          teePolicyHash.clone(), notBefore, notAfter, n.clone());
    }
  }
}

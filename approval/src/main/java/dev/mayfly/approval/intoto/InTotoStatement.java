package dev.mayfly.approval.intoto;

import static java.util.Objects.requireNonNull;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.mayfly.approval.ApprovalException;
import dev.mayfly.approval.internal.Encodings;
import dev.mayfly.approval.internal.StrictJson;
import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.internal.Hex;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * An in-toto Statement v1 (in-toto/attestation {@code spec/v1/statement.md}) whose subjects are
 * named artifacts with SHA-256 digests. Immutable; digests and the predicate are copied in and
 * out.
 *
 * <p>JSON form, in this member order: {@code {"_type": TYPE, "subject": [{"name": ..., "digest":
 * {"sha256": hex}}], "predicateType": ..., "predicate": {...}}}.
 *
 * <p>The predicate is exchanged as JSON text ({@link #predicateJson()}); within Mayfly it is read
 * with the module's strict reader.
 *
 * <p>Mayfly reads only the statements it writes: {@link #parseJson} refuses unknown members, a
 * digest set with anything but {@code sha256}, and a missing predicate, although the in-toto
 * specification allows them. Within the predicate any JSON is accepted.
 *
 * @since 0.1.0
 */
public final class InTotoStatement {
  /** The {@code _type} of an in-toto Statement v1. */
  public static final String TYPE = "https://in-toto.io/Statement/v1";

  /** The DSSE payload type of an in-toto statement. */
  public static final String PAYLOAD_TYPE = "application/vnd.in-toto+json";

  /** The largest statement JSON {@link #parseJson} reads: 1 MiB. */
  public static final int MAX_JSON_BYTES = 1 << 20;

  /** The most subjects {@link #parseJson} reads. */
  public static final int MAX_SUBJECTS = 1024;

  private static final int SHA256_BYTES = 32;
  private static final String WHAT = "in-toto statement";

  private final List<Subject> subjects;
  private final String predicateType;
  private final JsonObject predicate;

  private InTotoStatement(List<Subject> subjects, String predicateType, JsonObject predicate) {
    this.subjects = subjects;
    this.predicateType = predicateType;
    this.predicate = predicate;
  }

  /** A builder; at least one subject and the predicate type are required. */
  public static Builder builder() {
    return new Builder();
  }

  /** The subjects, in statement order. */
  public List<Subject> subjects() {
    return subjects;
  }

  /** The predicate type URI. */
  public String predicateType() {
    return predicateType;
  }

  /**
   * The predicate as compact UTF-8 JSON, exactly as it appears inside {@link #toJsonBytes()}.
   *
   * @since 0.1.0
   */
  public byte[] predicateJson() {
    return StrictJson.toBytes(predicate);
  }

  /** The statement as a JSON object (a fresh tree), members in the documented order. */
  JsonObject toJsonTree() {
    JsonObject o = new JsonObject();
    o.addProperty("_type", TYPE);
    JsonArray subjectArray = new JsonArray();
    for (Subject s : subjects) {
      JsonObject digest = new JsonObject();
      digest.addProperty("sha256", Hex.encode(s.sha256));
      JsonObject so = new JsonObject();
      so.addProperty("name", s.name);
      so.add("digest", digest);
      subjectArray.add(so);
    }
    o.add("subject", subjectArray);
    o.addProperty("predicateType", predicateType);
    o.add("predicate", predicate.deepCopy());
    return o;
  }

  /** {@link #toJsonTree()} as compact UTF-8 JSON; the same statement always gives the same bytes. */
  public byte[] toJsonBytes() {
    return StrictJson.toBytes(toJsonTree());
  }

  /**
   * Parses statement JSON strictly (see the class description): one UTF-8 JSON object of at most
   * {@link #MAX_JSON_BYTES}, {@code _type} equal to {@link #TYPE}, 1 to {@link #MAX_SUBJECTS}
   * subjects each with a non-empty name and exactly a lowercase-hex {@code sha256} digest, a
   * non-empty predicate type and an object predicate.
   *
   * @throws ApprovalException {@link ErrorCode#APPROVAL_MALFORMED} for anything else
   */
  public static InTotoStatement parseJson(byte[] json) throws ApprovalException {
    requireNonNull(json, "json");
    JsonObject o = StrictJson.parseObject(json, MAX_JSON_BYTES, WHAT);
    StrictJson.requireMembers(
        o, WHAT, Set.of("_type", "subject", "predicateType", "predicate"), Set.of());
    String type = StrictJson.string(o, "_type", WHAT);
    if (!TYPE.equals(type)) {
      throw StrictJson.malformed(
          WHAT + " _type is \"" + StrictJson.printable(type) + "\", expected " + TYPE);
    }
    JsonArray array = StrictJson.array(o, "subject", WHAT);
    if (array.isEmpty() || array.size() > MAX_SUBJECTS) {
      throw StrictJson.malformed(
          WHAT + " has " + array.size() + " subjects, 1 to " + MAX_SUBJECTS + " allowed");
    }
    List<Subject> subjects = new ArrayList<>();
    for (JsonElement e : array) {
      String what = WHAT + " subject " + subjects.size();
      JsonObject so = StrictJson.asObject(e, what);
      StrictJson.requireMembers(so, what, Set.of("name", "digest"), Set.of());
      String name = StrictJson.string(so, "name", what);
      if (name.isEmpty()) {
        throw StrictJson.malformed(what + " has an empty name");
      }
      JsonObject digest = StrictJson.object(so, "digest", what);
      StrictJson.requireMembers(digest, what + " digest", Set.of("sha256"), Set.of());
      byte[] sha256 = Encodings.parseHex(
          StrictJson.string(digest, "sha256", what + " digest"), SHA256_BYTES, what + " sha256");
      subjects.add(new Subject(name, sha256));
    }
    String predicateType = StrictJson.string(o, "predicateType", WHAT);
    if (predicateType.isEmpty()) {
      throw StrictJson.malformed(WHAT + " has an empty predicateType");
    }
    JsonObject predicate = StrictJson.object(o, "predicate", WHAT);
    return new InTotoStatement(List.copyOf(subjects), predicateType, predicate);
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof InTotoStatement other
        && subjects.equals(other.subjects)
        && predicateType.equals(other.predicateType)
        && predicate.equals(other.predicate);
  }

  @Override
  public int hashCode() {
    return (31 * subjects.hashCode() + predicateType.hashCode()) * 31 + predicate.hashCode();
  }

  @Override
  public String toString() {
    return "InTotoStatement[" + subjects + ", " + predicateType + "]";
  }

  /**
   * One subject: the artifact name and its SHA-256 digest (copied in and out).
   *
   * @param name the artifact name, not empty
   * @param sha256 the 32-byte SHA-256 of the artifact
   * @since 0.1.0
   */
  public record Subject(String name, byte[] sha256) {
    /**
     * Checks and copies.
     *
     * @throws IllegalArgumentException for an empty name or a digest that is not 32 bytes
     */
    public Subject {
      requireNonNull(name, "name");
      requireNonNull(sha256, "sha256");
      if (name.isEmpty()) {
        throw new IllegalArgumentException("subject name must not be empty");
      }
      if (sha256.length != SHA256_BYTES) {
        throw new IllegalArgumentException(
            "sha256 must be " + SHA256_BYTES + " bytes, got " + sha256.length);
      }
      sha256 = sha256.clone();
    }

    /** A copy of the digest. */
    @Override
    public byte[] sha256() {
      return sha256.clone();
    }

    @Override
    public boolean equals(@Nullable Object o) {
      return o instanceof Subject other
          && name.equals(other.name)
          && Arrays.equals(sha256, other.sha256);
    }

    @Override
    public int hashCode() {
      return 31 * name.hashCode() + Arrays.hashCode(sha256);
    }

    @Override
    public String toString() {
      return "Subject[" + name + ", sha256 " + Hex.encode(sha256) + "]";
    }
  }

  /**
   * Collects subjects, the predicate type and the predicate (default {@code {}}).
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private final List<Subject> subjects = new ArrayList<>();
    private @Nullable String predicateType;
    private JsonObject predicate = new JsonObject();

    private Builder() {}

    /**
     * Adds a subject (repeatable).
     *
     * @throws IllegalArgumentException for an empty name or a digest that is not 32 bytes
     */
    public Builder subject(String name, byte[] sha256) {
      subjects.add(new Subject(name, sha256));
      return this;
    }

    /** Sets the predicate type URI (required, not empty). */
    public Builder predicateType(String predicateType) {
      this.predicateType = requireNonNull(predicateType, "predicateType");
      return this;
    }

    /**
     * Sets the predicate from its UTF-8 JSON (one object, read as strictly as
     * {@link #parseJson} reads a statement); default {@code {}}.
     *
     * @throws IllegalArgumentException when {@code json} is not such an object
     * @since 0.1.0
     */
    public Builder predicateJson(byte[] json) {
      requireNonNull(json, "json");
      try {
        this.predicate = StrictJson.parseObject(json, MAX_JSON_BYTES, WHAT + " predicate");
      } catch (ApprovalException e) {
        throw new IllegalArgumentException(e.getMessage(), e);
      }
      return this;
    }

    /**
     * Builds the statement.
     *
     * @throws IllegalArgumentException without subjects, or with more than
     *     {@link #MAX_SUBJECTS}, or without a non-empty predicate type
     */
    public InTotoStatement build() {
      if (subjects.isEmpty() || subjects.size() > MAX_SUBJECTS) {
        throw new IllegalArgumentException(
            "a statement needs 1 to " + MAX_SUBJECTS + " subjects, got " + subjects.size());
      }
      if (predicateType == null || predicateType.isEmpty()) {
        throw new IllegalArgumentException("predicateType is required");
      }
      return new InTotoStatement(List.copyOf(subjects), predicateType, predicate.deepCopy());
    }
  }
}

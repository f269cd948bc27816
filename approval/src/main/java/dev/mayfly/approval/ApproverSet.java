package dev.mayfly.approval;

import static java.util.Objects.requireNonNull;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.mayfly.approval.internal.StrictJson;
import dev.mayfly.approval.keys.ApproverPublicKey;
import dev.mayfly.common.ErrorCode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The configured approvers: approver id to public key (Ed25519 or ECDSA P-256). Immutable and
 * thread-safe.
 *
 * <p>Ids are unique, and so are keys: one key under two ids would let one person count twice,
 * so it is refused when the set is built or parsed. Approvers are kept sorted by id.
 *
 * <p>JSON form: {@code {"approvers": [{"id": "alice", "publicKey": "-----BEGIN PUBLIC KEY-----\n
 * ..."}]}}, sorted by id; see {@code docs/approvals.md}.
 *
 * @since 0.1.0
 */
public final class ApproverSet {
  /** The most approvers a set may hold. */
  public static final int MAX_APPROVERS = 256;

  /** The largest JSON {@link #parseJson} reads: 1 MiB. */
  public static final int MAX_JSON_BYTES = 1 << 20;

  private static final String WHAT = "approver set";

  private final List<Approver> approvers;
  private final Map<String, Approver> byId;
  private final Map<String, Approver> byKeyId;

  private ApproverSet(List<Approver> sortedApprovers) {
    this.approvers = List.copyOf(sortedApprovers);
    Map<String, Approver> ids = new HashMap<>();
    Map<String, Approver> keyIds = new HashMap<>();
    for (Approver a : approvers) {
      ids.put(a.id(), a);
      keyIds.put(a.publicKey().keyId(), a);
    }
    this.byId = Collections.unmodifiableMap(ids);
    this.byKeyId = Collections.unmodifiableMap(keyIds);
  }

  /** A builder; at least one approver is required. */
  public static Builder builder() {
    return new Builder();
  }

  /** The approvers, sorted by id. */
  public List<Approver> approvers() {
    return approvers;
  }

  /** The number of approvers. */
  public int size() {
    return approvers.size();
  }

  /** The approver with id {@code id}, if configured. */
  public Optional<Approver> byId(String id) {
    return Optional.ofNullable(byId.get(requireNonNull(id, "id")));
  }

  /** The approver whose key has DSSE key id {@code keyId}, if configured. */
  public Optional<Approver> byKeyId(String keyId) {
    return Optional.ofNullable(byKeyId.get(requireNonNull(keyId, "keyId")));
  }

  /** The JSON array of approvers (a fresh tree), as used in policy files. */
  JsonArray toJsonArray() {
    JsonArray array = new JsonArray();
    for (Approver a : approvers) {
      JsonObject o = new JsonObject();
      o.addProperty("id", a.id());
      o.addProperty("publicKey", a.publicKey().toPem());
      array.add(o);
    }
    return array;
  }

  /** The JSON form: {@code {"approvers": [...]}}. */
  JsonObject toJsonTree() {
    JsonObject o = new JsonObject();
    o.add("approvers", toJsonArray());
    return o;
  }

  /** {@link #toJsonTree()} as compact UTF-8 JSON. */
  public byte[] toJsonBytes() {
    return StrictJson.toBytes(toJsonTree());
  }

  /**
   * Parses the JSON form strictly (only the member {@code approvers}; each entry exactly
   * {@code id} and {@code publicKey} as PEM SubjectPublicKeyInfo).
   *
   * @throws ApprovalException {@link ErrorCode#APPROVAL_MALFORMED} for bad JSON, ids or keys,
   *     an empty set, a repeated id or a repeated key
   */
  public static ApproverSet parseJson(byte[] json) throws ApprovalException {
    requireNonNull(json, "json");
    JsonObject o = StrictJson.parseObject(json, MAX_JSON_BYTES, WHAT);
    StrictJson.requireMembers(o, WHAT, Set.of("approvers"), Set.of());
    return fromJsonArray(StrictJson.array(o, "approvers", WHAT));
  }

  /** Reads the approvers array of an approver set or policy file. */
  static ApproverSet fromJsonArray(JsonArray array) throws ApprovalException {
    Builder builder = builder();
    if (array.size() > MAX_APPROVERS) {
      throw StrictJson.malformed(WHAT + " has more than " + MAX_APPROVERS + " approvers");
    }
    int index = 0;
    for (JsonElement e : array) {
      String what = WHAT + " entry " + index++;
      JsonObject entry = StrictJson.asObject(e, what);
      StrictJson.requireMembers(entry, what, Set.of("id", "publicKey"), Set.of());
      String id = StrictJson.string(entry, "id", what);
      ApproverPublicKey key = ApproverPublicKey.parsePem(StrictJson.string(entry, "publicKey", what));
      String problem = builder.problem(id, key);
      if (problem != null) {
        throw StrictJson.malformed(what + ": " + problem);
      }
      builder.approver(id, key);
    }
    if (builder.approvers.isEmpty()) {
      throw StrictJson.malformed(WHAT + " has no approvers");
    }
    return builder.build();
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof ApproverSet other && approvers.equals(other.approvers);
  }

  @Override
  public int hashCode() {
    return approvers.hashCode();
  }

  @Override
  public String toString() {
    return "ApproverSet" + approvers.stream().map(Approver::id).toList();
  }

  /**
   * One configured approver.
   *
   * @param id the approver id (see {@link ApprovalStatement#isValidApproverId})
   * @param publicKey the approver's public key
   * @since 0.1.0
   */
  public record Approver(String id, ApproverPublicKey publicKey) {
    /** Checks for nulls. */
    public Approver {
      requireNonNull(id, "id");
      requireNonNull(publicKey, "publicKey");
    }
  }

  /**
   * Collects approvers.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private final Map<String, Approver> approvers = new TreeMap<>();
    private final Set<ApproverPublicKey> keys = new HashSet<>();

    private Builder() {}

    private @Nullable String problem(String id, ApproverPublicKey key) {
      if (!ApprovalStatement.isValidApproverId(id)) {
        return "approver id \"" + StrictJson.printable(id)
            + "\" is not 1 to 128 of A-Z a-z 0-9 . _ @ + - starting alphanumeric";
      }
      if (approvers.containsKey(id)) {
        return "approver id \"" + id + "\" appears twice";
      }
      if (keys.contains(key)) {
        return "approver \"" + id + "\" has the same key as another approver (" + key.keyId() + ")";
      }
      if (approvers.size() >= MAX_APPROVERS) {
        return "more than " + MAX_APPROVERS + " approvers";
      }
      return null;
    }

    /**
     * Adds an approver.
     *
     * @throws IllegalArgumentException for an invalid or repeated id, a key already added under
     *     another id, or more than {@link #MAX_APPROVERS} approvers
     */
    public Builder approver(String id, ApproverPublicKey publicKey) {
      requireNonNull(id, "id");
      requireNonNull(publicKey, "publicKey");
      String problem = problem(id, publicKey);
      if (problem != null) {
        throw new IllegalArgumentException(problem);
      }
      approvers.put(id, new Approver(id, publicKey));
      keys.add(publicKey);
      return this;
    }

    /**
     * Builds the set.
     *
     * @throws IllegalStateException without approvers
     */
    public ApproverSet build() {
      if (approvers.isEmpty()) {
        throw new IllegalStateException("an approver set needs at least one approver");
      }
      return new ApproverSet(new ArrayList<>(approvers.values()));
    }
  }
}

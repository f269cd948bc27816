package dev.mayfly.approval;

import static java.util.Objects.requireNonNull;

import com.google.gson.JsonObject;
import dev.mayfly.approval.internal.Encodings;
import dev.mayfly.approval.internal.StrictJson;
import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.internal.Sha256;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What a ceremony accepts as approval: the configured {@link ApproverSet} and the quorum {@code t}
 * of distinct approvers required, 1 ≤ t ≤ number of approvers. Immutable and thread-safe.
 *
 * <p>Policy file (JSON, see {@code docs/approvals.md}):
 * {@code {"version": 1, "quorum": 2, "approvers": [{"id": ..., "publicKey": PEM}, ...]}}.
 *
 * @since 0.1.0
 */
public final class ApprovalPolicy {
  /** The policy file format version this class reads and writes. */
  public static final int VERSION = 1;

  private static final String WHAT = "approval policy";
  private static final byte[] DIGEST_LABEL =
      "mayfly/v1/approval-policy".getBytes(StandardCharsets.US_ASCII);

  private final ApproverSet approvers;
  private final int quorum;

  private ApprovalPolicy(ApproverSet approvers, int quorum) {
    this.approvers = approvers;
    this.quorum = quorum;
  }

  /** A builder; the approver set and the quorum are required. */
  public static Builder builder() {
    return new Builder();
  }

  /** The configured approvers. */
  public ApproverSet approvers() {
    return approvers;
  }

  /** How many distinct configured approvers must approve. */
  public int quorum() {
    return quorum;
  }

  /**
   * SHA-256 fingerprint of the policy, independent of JSON formatting:
   * {@code SHA-256("mayfly/v1/approval-policy" || u32(quorum) || u32(n) || for each approver by
   * id: u32(len(id)) || id || u32(len(spki)) || spki)}, with {@code u32} 4-byte big-endian, ids in
   * UTF-8 and {@code spki} the canonical DER SubjectPublicKeyInfo.
   */
  public byte[] digest() {
    MessageDigest d = Sha256.newDigest();
    d.update(DIGEST_LABEL);
    d.update(u32(quorum));
    d.update(u32(approvers.size()));
    for (ApproverSet.Approver a : approvers.approvers()) {
      Encodings.updateLengthPrefixed(d, a.id().getBytes(StandardCharsets.UTF_8));
      Encodings.updateLengthPrefixed(d, a.publicKey().encoded());
    }
    return d.digest();
  }

  private static byte[] u32(int n) {
    return new byte[] {(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n};
  }

  /** The policy file as JSON (a fresh tree): version, quorum, approvers sorted by id. */
  JsonObject toJsonTree() {
    JsonObject o = new JsonObject();
    o.addProperty("version", VERSION);
    o.addProperty("quorum", quorum);
    o.add("approvers", approvers.toJsonArray());
    return o;
  }

  /** {@link #toJsonTree()} as compact UTF-8 JSON. */
  public byte[] toJsonBytes() {
    return StrictJson.toBytes(toJsonTree());
  }

  /**
   * Parses a policy file strictly: exactly the members {@code version} (must be
   * {@value #VERSION}), {@code quorum} and {@code approvers} (as in {@link ApproverSet}).
   *
   * @throws ApprovalException {@link ErrorCode#APPROVAL_MALFORMED} for bad JSON, another version,
   *     a bad approver entry, or a quorum outside 1..number of approvers
   */
  public static ApprovalPolicy parseJson(byte[] json) throws ApprovalException {
    requireNonNull(json, "json");
    JsonObject o = StrictJson.parseObject(json, ApproverSet.MAX_JSON_BYTES, WHAT);
    StrictJson.requireMembers(o, WHAT, Set.of("version", "quorum", "approvers"), Set.of());
    int version = StrictJson.integer(o, "version", WHAT);
    if (version != VERSION) {
      throw StrictJson.malformed(WHAT + " version is " + version + ", expected " + VERSION);
    }
    int quorum = StrictJson.integer(o, "quorum", WHAT);
    ApproverSet set = ApproverSet.fromJsonArray(StrictJson.array(o, "approvers", WHAT));
    if (quorum < 1 || quorum > set.size()) {
      throw StrictJson.malformed(
          WHAT + " quorum is " + quorum + ", must be in 1.." + set.size());
    }
    return new ApprovalPolicy(set, quorum);
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof ApprovalPolicy other
        && quorum == other.quorum
        && approvers.equals(other.approvers);
  }

  @Override
  public int hashCode() {
    return approvers.hashCode() * 31 + quorum;
  }

  @Override
  public String toString() {
    return "ApprovalPolicy[quorum " + quorum + " of " + approvers + "]";
  }

  /**
   * Collects the approver set and the quorum.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private @Nullable ApproverSet approvers;
    private int quorum;

    private Builder() {}

    /** The configured approvers (required). */
    public Builder approvers(ApproverSet approvers) {
      this.approvers = requireNonNull(approvers, "approvers");
      return this;
    }

    /** The quorum t (required), 1 ≤ t ≤ number of approvers. */
    public Builder quorum(int quorum) {
      this.quorum = quorum;
      return this;
    }

    /**
     * Builds the policy.
     *
     * @throws IllegalStateException without an approver set
     * @throws IllegalArgumentException if the quorum is outside 1..number of approvers
     */
    public ApprovalPolicy build() {
      if (approvers == null) {
        throw new IllegalStateException("the approver set is required");
      }
      if (quorum < 1 || quorum > approvers.size()) {
        throw new IllegalArgumentException(
            "quorum must be in 1.." + approvers.size() + ", got " + quorum);
      }
      return new ApprovalPolicy(approvers, quorum);
    }
  }
}

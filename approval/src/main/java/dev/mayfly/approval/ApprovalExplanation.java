package dev.mayfly.approval;

import static java.util.Objects.requireNonNull;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.mayfly.approval.internal.StrictJson;
import dev.mayfly.common.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What {@link ApprovalExplainer} found: one entry per envelope, in input order, and the outcome
 * {@link ApprovalVerifier} would reach. A report for people and tools, not a proof.
 *
 * @since 0.1.0
 */
public final class ApprovalExplanation {
  private final int quorum;
  private final int countedCount;
  private final List<Entry> entries;
  private final Optional<ErrorCode> failure;
  private final String failureMessage;

  ApprovalExplanation(QuorumEvaluation evaluation, int quorum, int envelopeCount) {
    this.quorum = quorum;
    this.countedCount = evaluation.counted().size();
    this.failure = evaluation.failure();
    this.failureMessage = failure.isPresent() ? evaluation.failureMessage() : "";
    Entry[] byIndex = new Entry[envelopeCount];
    for (Approval a : evaluation.counted()) {
      ApprovalStatement s = a.statement();
      byIndex[a.index()] = new Entry(a.index(), Optional.of(a.approverId()), Optional.empty(),
          "counts: key " + a.publicKey().keyId() + ", change \"" + s.changeRef()
              + "\", valid " + s.notBefore() + " to " + s.notAfter());
    }
    for (RejectedApproval r : evaluation.discounted()) {
      byIndex[r.index()] = new Entry(r.index(), r.approverId(), Optional.of(r.code()), r.reason());
    }
    this.entries = List.of(byIndex);
  }

  /** The quorum the policy requires. */
  public int quorum() {
    return quorum;
  }

  /** How many distinct approvers would count. */
  public int countedCount() {
    return countedCount;
  }

  /** One entry per envelope, in input order. */
  public List<Entry> entries() {
    return entries;
  }

  /**
   * Empty when the quorum would be met; otherwise the code {@link ApprovalVerifier#verify} would
   * throw.
   */
  public Optional<ErrorCode> failure() {
    return failure;
  }

  /** The message {@link ApprovalVerifier#verify} would throw with; empty when the quorum is met. */
  public String failureMessage() {
    return failureMessage;
  }

  /**
   * A JSON report: {@code {"quorum": t, "counted": k, "outcome": "QUORUM_MET" or an error code,
   * "approvals": [{"index": i, "counts": bool, "approverId"?: id, "code"?: code, "reason": text}]}}.
   */
  JsonObject toJsonTree() {
    JsonObject o = new JsonObject();
    o.addProperty("quorum", quorum);
    o.addProperty("counted", countedCount);
    o.addProperty("outcome", failure.map(ErrorCode::name).orElse("QUORUM_MET"));
    JsonArray array = new JsonArray();
    for (Entry e : entries) {
      JsonObject eo = new JsonObject();
      eo.addProperty("index", e.index());
      eo.addProperty("counts", e.counts());
      e.approverId().ifPresent(id -> eo.addProperty("approverId", id));
      e.code().ifPresent(c -> eo.addProperty("code", c.name()));
      eo.addProperty("reason", e.reason());
      array.add(eo);
    }
    o.add("approvals", array);
    return o;
  }

  /**
   * The JSON report (members as described on {@link #toJsonTree()}) as compact UTF-8 JSON.
   *
   * @since 0.1.0
   */
  public byte[] toJsonBytes() {
    return StrictJson.toBytes(toJsonTree());
  }

  @Override
  public String toString() {
    List<String> lines = new ArrayList<>();
    lines.add(countedCount + " of " + quorum + " required approvers count"
        + failure.map(c -> "; verify would fail with " + c).orElse(""));
    entries.forEach(e -> lines.add("  " + e));
    return String.join("\n", lines);
  }

  /**
   * The verdict on one envelope.
   *
   * @param index the position in the input, from 0
   * @param approverId the configured approver whose key verified the signature, if any
   * @param code why it does not count; empty when it counts
   * @param reason a sentence for people
   * @since 0.1.0
   */
  public record Entry(int index, Optional<String> approverId, Optional<ErrorCode> code,
      String reason) {
    /** Checks for nulls. */
    public Entry {
      requireNonNull(approverId, "approverId");
      requireNonNull(code, "code");
      requireNonNull(reason, "reason");
    }

    /** Whether this approval would count. */
    public boolean counts() {
      return code.isEmpty();
    }

    @Override
    public String toString() {
      return "[" + index + "] " + approverId.orElse("?") + " "
          + code.map(ErrorCode::name).orElse("COUNTS") + ": " + reason;
    }
  }
}

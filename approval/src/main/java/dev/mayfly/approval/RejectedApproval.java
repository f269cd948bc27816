package dev.mayfly.approval;

import static java.util.Objects.requireNonNull;

import dev.mayfly.common.ErrorCode;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * An approval that did not count towards a quorum, with the reason.
 *
 * @since 0.1.0
 */
public final class RejectedApproval {
  private final int index;
  private final ErrorCode code;
  private final String reason;
  private final @Nullable String approverId;

  RejectedApproval(int index, ErrorCode code, String reason, @Nullable String approverId) {
    this.index = index;
    this.code = requireNonNull(code, "code");
    this.reason = requireNonNull(reason, "reason");
    this.approverId = approverId;
  }

  /** The position of the envelope in the verified list, from 0. */
  public int index() {
    return index;
  }

  /** Why it did not count, as a stable code. */
  public ErrorCode code() {
    return code;
  }

  /** Why it did not count, for people: names the field, the value found and the one expected. */
  public String reason() {
    return reason;
  }

  /**
   * The configured approver whose key verified the signature; empty when the signature was not
   * (or could not be) verified, as the claimed id is then unauthenticated.
   */
  public Optional<String> approverId() {
    return Optional.ofNullable(approverId);
  }

  @Override
  public String toString() {
    return "approval[" + index + "] " + code + ": " + reason;
  }
}

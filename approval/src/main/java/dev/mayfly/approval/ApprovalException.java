package dev.mayfly.approval;

import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.MayflyException;
import java.util.List;

/**
 * An approval input was refused: a malformed envelope, statement, policy file or key, a signature
 * that does not verify, or an approval quorum that is not met.
 *
 * <p>{@link #code()} is one of the {@code APPROVAL_*} codes. Approvals are made by people, not by
 * ceremony parties, so {@link #culprits()} is always empty; a quorum failure instead lists every
 * approval that did not count in {@link #discounted()}.
 *
 * @since 0.1.0
 */
public class ApprovalException extends MayflyException {
  private static final long serialVersionUID = 1L;

  private final transient List<RejectedApproval> discounted;

  /** A failure of one input. */
  public ApprovalException(ErrorCode code, String message) {
    super(code, message);
    this.discounted = List.of();
  }

  /** A failure of one input, wrapping a lower-level cause. */
  public ApprovalException(ErrorCode code, String message, Throwable cause) {
    super(code, message, cause);
    this.discounted = List.of();
  }

  /** A quorum failure, with the approvals that did not count. */
  public ApprovalException(ErrorCode code, String message, List<RejectedApproval> discounted) {
    super(code, message);
    this.discounted = List.copyOf(discounted);
  }

  /**
   * The approvals that did not count, in input order, when a quorum check failed; empty for
   * failures of a single input.
   */
  public List<RejectedApproval> discounted() {
    return discounted == null ? List.of() : discounted;
  }
}

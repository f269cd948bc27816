package dev.mayfly.snp.validate;

import dev.mayfly.common.ErrorCode;
import dev.mayfly.snp.AttestationException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A verified report breaks one or more rules of the TEE policy; {@link #mismatches()} lists every
 * one of them.
 *
 * <p>{@link #code()} is the mismatch's own code when there is exactly one, and {@code
 * SNP_POLICY_VIOLATED} when there are several.
 *
 * @since 0.1.0
 */
public final class PolicyViolationException extends AttestationException {
  private static final long serialVersionUID = 1L;

  private final transient List<PolicyMismatch> mismatches;

  PolicyViolationException(List<PolicyMismatch> mismatches) {
    super(mismatches.size() == 1 ? mismatches.get(0).code() : ErrorCode.SNP_POLICY_VIOLATED,
        mismatches.size() == 1
            ? mismatches.get(0).message()
            : mismatches.stream().map(m -> m.code() + " (" + m.message() + ")")
                .collect(Collectors.joining("; ", mismatches.size() + " policy mismatches: ", "")));
    this.mismatches = List.copyOf(mismatches);
  }

  /** Every mismatch, in the validator's check order. */
  public List<PolicyMismatch> mismatches() {
    return mismatches;
  }

  /** The codes of {@link #mismatches()}, in order. */
  public List<ErrorCode> mismatchCodes() {
    return mismatches.stream().map(PolicyMismatch::code).toList();
  }
}

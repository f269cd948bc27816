package dev.mayfly.snp.validate;

import static java.util.Objects.requireNonNull;

import dev.mayfly.common.ErrorCode;

/**
 * One rule of a {@link TeePolicy} that a report breaks.
 *
 * @param code the stable code of the rule (for example {@code SNP_MEASUREMENT_MISMATCH})
 * @param message the field, the actual value and the expected value
 * @since 0.1.0
 */
public record PolicyMismatch(ErrorCode code, String message) {
  /** Checks for null. */
  public PolicyMismatch {
    requireNonNull(code, "code");
    requireNonNull(message, "message");
  }
}

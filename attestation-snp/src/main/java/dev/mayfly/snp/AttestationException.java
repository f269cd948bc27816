package dev.mayfly.snp;

import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.MayflyException;

/**
 * An attestation report, certificate, CRL, policy document or evidence source was refused.
 *
 * <p>{@link #code()} says what failed (the {@code SNP_*} codes of {@link ErrorCode}); messages
 * name the field, the actual and the expected value. No party is blamed here: the ceremony, which
 * knows who sent the evidence, wraps this exception and names the culprit.
 *
 * @since 0.1.0
 */
public class AttestationException extends MayflyException {
  private static final long serialVersionUID = 1L;

  /** A refusal with its stable code. */
  public AttestationException(ErrorCode code, String message) {
    super(code, message);
  }

  /** A refusal with its stable code, wrapping a lower-level cause. */
  public AttestationException(ErrorCode code, String message, Throwable cause) {
    super(code, message, cause);
  }
}

package dev.mayfly.cert;

import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.MayflyException;
import dev.mayfly.common.PartyId;
import java.util.List;

/**
 * An artifact, Sigstore bundle, timestamp or evidence document failed verification.
 *
 * <p>Every check has its own {@link #code()} (see {@code docs/verification.md}); checks about one
 * party's evidence name that party in {@link #culprits()}. Failures found by the approval or
 * attestation modules keep those modules' codes and are wrapped as the cause.
 *
 * @since 0.1.0
 */
public class CertVerificationException extends MayflyException {
  private static final long serialVersionUID = 1L;

  /** A failure with no party to blame. */
  public CertVerificationException(ErrorCode code, String message) {
    super(code, message);
  }

  /** A failure with no party to blame, wrapping a lower-level cause. */
  public CertVerificationException(ErrorCode code, String message, Throwable cause) {
    super(code, message, cause);
  }

  /** A failure blamed on {@code culprits}, possibly wrapping a lower-level cause. */
  public CertVerificationException(
      ErrorCode code, String message, List<PartyId> culprits, Throwable cause) {
    super(code, message, culprits, cause);
  }
}

package dev.mayfly.cert;

import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.MayflyException;
import dev.mayfly.common.PartyId;
import java.util.List;

/**
 * Minting an ephemeral certificate, requesting a timestamp or writing a bundle failed because of
 * something outside the caller's control: the threshold signer, the issuer, the TSA.
 *
 * <p>{@link #code()} names the failure; {@link #culprits()} names the parties to blame when the
 * threshold signing function reported them.
 *
 * @since 0.1.0
 */
public class CertMintingException extends MayflyException {
  private static final long serialVersionUID = 1L;

  /** A failure with no party to blame. */
  public CertMintingException(ErrorCode code, String message) {
    super(code, message);
  }

  /** A failure with no party to blame, wrapping a lower-level cause. */
  public CertMintingException(ErrorCode code, String message, Throwable cause) {
    super(code, message, cause);
  }

  /** A failure blamed on {@code culprits}, wrapping a lower-level cause. */
  public CertMintingException(
      ErrorCode code, String message, List<PartyId> culprits, Throwable cause) {
    super(code, message, culprits, cause);
  }
}

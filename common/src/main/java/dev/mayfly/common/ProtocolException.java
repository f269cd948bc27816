package dev.mayfly.common;

import java.util.List;

/**
 * A multi-party protocol (DKG, signing, the ceremony) failed because of what a party sent or did
 * not send. {@link #culprits()} names the parties to blame (identifiable abort).
 *
 * @since 0.1.0
 */
public class ProtocolException extends MayflyException {
  private static final long serialVersionUID = 1L;

  /** A failure with no party to blame. */
  public ProtocolException(ErrorCode code, String message) {
    super(code, message);
  }

  /** A failure blamed on one party. */
  public ProtocolException(ErrorCode code, String message, PartyId culprit) {
    super(code, message, List.of(culprit), null);
  }

  /** A failure blamed on several parties. */
  public ProtocolException(ErrorCode code, String message, List<PartyId> culprits) {
    super(code, message, culprits, null);
  }

  /** A failure blamed on several parties, wrapping a lower-level cause. */
  public ProtocolException(
      ErrorCode code, String message, List<PartyId> culprits, Throwable cause) {
    super(code, message, culprits, cause);
  }
}

package dev.mayfly.common;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * The checked root of every Mayfly failure caused by input from outside: a peer message, a report,
 * a certificate, an I/O outage, a policy mismatch.
 *
 * <p>Every instance carries a stable {@link ErrorCode} and, where a party is to blame, the parties
 * that caused it ({@link #culprits()}). Messages name fields and values, never secret bytes.
 * Callers should branch on {@link #code()}, never on the message text.
 *
 * <p>It is a plain checked {@link Exception}, not a {@code GeneralSecurityException}: most
 * failures are operational (a timeout, an unreachable peer, a closed transport, a bad
 * configuration), and a host's handler for security exceptions should not receive them. Whether a
 * retry can help is {@link ErrorCode#isRetryable()}; whether a party is to blame is
 * {@link #culprits()}. Each module has its own subclass (for example the ceremony's, the
 * transport's, the verifier's), so a host can catch one module's failures or all of them.
 *
 * @since 0.1.0
 */
public class MayflyException extends Exception {
  private static final long serialVersionUID = 1L;

  private final ErrorCode code;
  private final String detail;
  private final List<PartyId> culprits;

  /** A failure with no party to blame. */
  public MayflyException(ErrorCode code, String message) {
    this(code, message, List.of(), null);
  }

  /** A failure with no party to blame, wrapping a lower-level cause. */
  public MayflyException(ErrorCode code, String message, Throwable cause) {
    this(code, message, List.of(), cause);
  }

  /** A failure blamed on {@code culprits} (sorted, without duplicates, in the result). */
  public MayflyException(
      ErrorCode code, String message, List<PartyId> culprits, Throwable cause) {
    super(requireNonNull(code, "code") + ": " + requireNonNull(message, "message"), cause);
    this.code = code;
    this.detail = message;
    this.culprits = culprits.stream().distinct().sorted().toList();
  }

  /** The stable error code. */
  public ErrorCode code() {
    return code;
  }

  /** The message without the {@code CODE: } prefix that {@link #getMessage()} carries. */
  public String detail() {
    return detail;
  }

  /** The parties blamed for this failure, in ascending order; empty when nobody is blamed. */
  public List<PartyId> culprits() {
    return culprits;
  }

  /** Whether retrying the same operation may succeed (see {@link ErrorCode#isRetryable()}). */
  public boolean isRetryable() {
    return code.isRetryable();
  }
}

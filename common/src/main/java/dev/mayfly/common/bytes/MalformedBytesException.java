package dev.mayfly.common.bytes;

/**
 * Signal from {@link ByteReader} that untrusted bytes do not follow an encoding.
 *
 * <p>It must never escape a decoder: every decoder catches it at its boundary and throws its own
 * typed {@code MayflyException} (for example {@code TRANSPORT_MALFORMED_ENVELOPE}) instead. It is
 * unchecked only so that field-by-field reading code stays readable.
 *
 * @since 0.1.0
 */
public final class MalformedBytesException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** A failure described by {@code message} (which names the field, never secret bytes). */
  public MalformedBytesException(String message) {
    super(message, null, false, false);
  }
}

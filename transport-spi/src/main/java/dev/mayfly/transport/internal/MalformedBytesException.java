package dev.mayfly.transport.internal;

/**
 * Internal signal that untrusted bytes do not follow an encoding. Never escapes the module: every
 * decoder converts it into a typed {@code TransportException} at its boundary.
 */
public final class MalformedBytesException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public MalformedBytesException(String message) {
    super(message, null, false, false);
  }
}

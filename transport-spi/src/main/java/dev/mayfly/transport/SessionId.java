package dev.mayfly.transport;

import static java.util.Objects.requireNonNull;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The identifier of one signing session: 32 random bytes chosen by whoever proposes the session.
 *
 * <p>Not secret. Every envelope carries it and receivers reject envelopes of other sessions
 * (DESIGN.md section 3), so a message can never be replayed into another ceremony.
 *
 * @since 0.1.0
 */
public final class SessionId {
  /** The length of a session id. */
  public static final int LENGTH_BYTES = 32;

  private final byte[] value;

  private SessionId(byte[] owned) {
    this.value = owned;
  }

  /** A fresh random session id. */
  public static SessionId generate(SecureRandom random) {
    requireNonNull(random, "random");
    byte[] value = new byte[LENGTH_BYTES];
    random.nextBytes(value);
    return new SessionId(value);
  }

  /**
   * The session id with these bytes.
   *
   * @throws IllegalArgumentException unless {@code bytes} is exactly {@value #LENGTH_BYTES} long
   */
  public static SessionId create(byte[] bytes) {
    requireNonNull(bytes, "bytes");
    if (bytes.length != LENGTH_BYTES) {
      throw new IllegalArgumentException(
          "session id must be " + LENGTH_BYTES + " bytes, got " + bytes.length);
    }
    return new SessionId(bytes.clone());
  }

  /** A copy of the 32 bytes. */
  public byte[] bytes() {
    return value.clone();
  }

  /** Lower-case hex of the 32 bytes. */
  public String toHex() {
    return HexFormat.of().formatHex(value);
  }

  /** Whether {@code bytes} equal this id (no copy). */
  boolean matches(byte[] bytes) {
    return Arrays.equals(value, bytes);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof SessionId that && Arrays.equals(value, that.value);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(value);
  }

  /** The first 8 bytes in hex, enough to tell sessions apart in logs. */
  @Override
  public String toString() {
    return "session " + toHex().substring(0, 16);
  }
}

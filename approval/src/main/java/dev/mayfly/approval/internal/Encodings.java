package dev.mayfly.approval.internal;

import static java.util.Objects.requireNonNull;

import dev.mayfly.approval.ApprovalException;
import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.internal.Hex;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * Strict text encodings of untrusted fields: base64 (RFC 4648 §4 and §5), lowercase hex and RFC
 * 3339 UTC times, plus SHA-256.
 *
 * @since 0.1.0
 */
public final class Encodings {
  /** The earliest instant an approval time may hold: 0000-01-01T00:00:00Z. */
  public static final Instant MIN_TIME = Instant.parse("0000-01-01T00:00:00Z");

  /** The latest instant an approval time may hold: 9999-12-31T23:59:59.999999999Z. */
  public static final Instant MAX_TIME = Instant.parse("9999-12-31T23:59:59.999999999Z");

  private static final Pattern LOWER_HEX = Pattern.compile("([0-9a-f]{2})*");
  private static final Pattern RFC3339_UTC =
      Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{1,9})?Z");

  private Encodings() {}

  /**
   * Decodes standard or URL-safe base64, padded or not, as DSSE requires verifiers to accept.
   *
   * <p>Mixed alphabets, whitespace, wrong padding and non-zero unused bits are refused, so every
   * byte string has exactly two accepted spellings per alphabet (with and without padding).
   *
   * @throws ApprovalException APPROVAL_MALFORMED naming {@code field}
   */
  public static byte[] decodeBase64(String text, String field) throws ApprovalException {
    requireNonNull(text, "text");
    boolean urlSafe = text.indexOf('-') >= 0 || text.indexOf('_') >= 0;
    Base64.Encoder encoder = urlSafe ? Base64.getUrlEncoder() : Base64.getEncoder();
    byte[] decoded;
    try {
      decoded = (urlSafe ? Base64.getUrlDecoder() : Base64.getDecoder()).decode(text);
    } catch (IllegalArgumentException e) {
      throw new ApprovalException(
          ErrorCode.APPROVAL_MALFORMED, field + " is not base64", e);
    }
    if (!text.equals(encoder.encodeToString(decoded))
        && !text.equals(encoder.withoutPadding().encodeToString(decoded))) {
      throw StrictJson.malformed(field + " is not canonical base64");
    }
    return decoded;
  }

  /** Standard padded base64 (RFC 4648 §4). */
  public static String encodeBase64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }

  /**
   * Parses lowercase hex of exactly {@code lengthBytes} bytes.
   *
   * @throws ApprovalException APPROVAL_MALFORMED naming {@code field}
   */
  public static byte[] parseHex(String text, int lengthBytes, String field)
      throws ApprovalException {
    return parseHex(text, lengthBytes, lengthBytes, field);
  }

  /**
   * Parses lowercase hex of {@code minBytes} to {@code maxBytes} bytes.
   *
   * @throws ApprovalException APPROVAL_MALFORMED naming {@code field}
   */
  public static byte[] parseHex(String text, int minBytes, int maxBytes, String field)
      throws ApprovalException {
    requireNonNull(text, "text");
    if (text.length() < 2 * minBytes || text.length() > 2 * maxBytes
        || !LOWER_HEX.matcher(text).matches()) {
      String size = minBytes == maxBytes ? minBytes + "" : minBytes + " to " + maxBytes;
      throw StrictJson.malformed(field + " must be " + size + " bytes of lowercase hex");
    }
    return Hex.decode(text);
  }

  /** RFC 3339 UTC text of {@code instant}: whole seconds, or 3, 6 or 9 fraction digits. */
  public static String formatTime(Instant instant) {
    return DateTimeFormatter.ISO_INSTANT.format(instant);
  }

  /**
   * Parses RFC 3339 UTC text ({@code 2026-01-31T12:00:00Z}, optional fraction, upper-case
   * {@code T} and {@code Z}, no offsets).
   *
   * @throws ApprovalException APPROVAL_MALFORMED naming {@code field}
   */
  public static Instant parseTime(String text, String field) throws ApprovalException {
    requireNonNull(text, "text");
    if (!RFC3339_UTC.matcher(text).matches()) {
      throw StrictJson.malformed(
          field + " must be an RFC 3339 UTC time like 2026-01-31T12:00:00Z, got \""
              + StrictJson.printable(text) + "\"");
    }
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new ApprovalException(
          ErrorCode.APPROVAL_MALFORMED,
          field + " is not a valid time: \"" + text + "\"",
          e);
    }
  }

  /** Feeds a 4-byte big-endian length and then {@code bytes} into {@code digest}. */
  public static void updateLengthPrefixed(MessageDigest digest, byte[] bytes) {
    int n = bytes.length;
    digest.update(new byte[] {(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n});
    digest.update(bytes);
  }
}

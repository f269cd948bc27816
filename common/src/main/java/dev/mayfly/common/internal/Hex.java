package dev.mayfly.common.internal;

import static java.util.Objects.requireNonNull;

import java.util.HexFormat;

/**
 * Hexadecimal for every module: lower-case out, strict in (no separators, no prefix, no
 * whitespace). Internal: not API, may change in any release.
 */
public final class Hex {
  private static final HexFormat FORMAT = HexFormat.of();

  private Hex() {}

  /** Lower-case hex of {@code bytes}. */
  public static String encode(byte[] bytes) {
    return FORMAT.formatHex(requireNonNull(bytes, "bytes"));
  }

  /**
   * Parses lower- or upper-case hex.
   *
   * @throws IllegalArgumentException when {@code hex} has an odd length or a non-hex character
   */
  public static byte[] decode(String hex) {
    return FORMAT.parseHex(requireNonNull(hex, "hex"));
  }

  /**
   * Parses lower- or upper-case hex of exactly {@code length} bytes.
   *
   * @throws IllegalArgumentException when {@code hex} is not hex of that length
   */
  public static byte[] decode(String hex, int length) {
    requireNonNull(hex, "hex");
    if (hex.length() != 2 * length) {
      throw new IllegalArgumentException(
          "expected " + (2 * length) + " hex digits, got " + hex.length());
    }
    return FORMAT.parseHex(hex);
  }
}

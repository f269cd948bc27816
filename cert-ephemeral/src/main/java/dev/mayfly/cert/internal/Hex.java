package dev.mayfly.cert.internal;

import java.util.HexFormat;

/** Lower-case hexadecimal, strictly parsed. */
public final class Hex {
  private static final HexFormat FORMAT = HexFormat.of();

  private Hex() {}

  /** Lower-case hex of {@code bytes}. */
  public static String encode(byte[] bytes) {
    return FORMAT.formatHex(bytes);
  }

  /**
   * Parses lower- or upper-case hex of exactly {@code length} bytes.
   *
   * @throws IllegalArgumentException when the text is not hex of that length
   */
  public static byte[] decode(String hex, int length) {
    if (hex.length() != 2 * length) {
      throw new IllegalArgumentException(
          "expected " + (2 * length) + " hex digits, got " + hex.length());
    }
    return FORMAT.parseHex(hex);
  }
}

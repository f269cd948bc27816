package dev.mayfly.common.bytes;

import static java.util.Objects.requireNonNull;

import java.io.ByteArrayOutputStream;

/**
 * Appends big-endian unsigned integers and raw bytes to a growing buffer, for Mayfly's strict
 * binary encodings.
 *
 * <p>Values outside a field's range are caller mistakes and fail with {@link
 * IllegalArgumentException}, so an encoder can never silently truncate a length.
 *
 * <p>Not thread-safe.
 *
 * @since 0.1.0
 */
public final class ByteWriter {
  private final ByteArrayOutputStream out;

  /** A writer whose buffer starts with room for {@code expectedSize} bytes. */
  public ByteWriter(int expectedSize) {
    this.out = new ByteArrayOutputStream(Math.max(16, expectedSize));
  }

  /** Appends one byte; {@code value} must be in 0..255. */
  public ByteWriter u8(int value) {
    return unsigned(value, 1, 0xFFL);
  }

  /** Appends two bytes; {@code value} must be in 0..65535. */
  public ByteWriter u16(int value) {
    return unsigned(value, 2, 0xFFFFL);
  }

  /** Appends four bytes; {@code value} must be in 0..2^32-1. */
  public ByteWriter u32(long value) {
    return unsigned(value, 4, 0xFFFF_FFFFL);
  }

  /** Appends eight bytes, all 64 bits of {@code value}. */
  public ByteWriter u64(long value) {
    for (int shift = 56; shift >= 0; shift -= 8) {
      out.write((int) (value >>> shift) & 0xFF);
    }
    return this;
  }

  private ByteWriter unsigned(long value, int width, long max) {
    if (value < 0 || value > max) {
      throw new IllegalArgumentException(
          value + " does not fit an unsigned " + (8 * width) + "-bit field");
    }
    for (int shift = 8 * (width - 1); shift >= 0; shift -= 8) {
      out.write((int) (value >>> shift) & 0xFF);
    }
    return this;
  }

  /** Appends {@code value} as is. */
  public ByteWriter bytes(byte[] value) {
    requireNonNull(value, "value");
    out.write(value, 0, value.length);
    return this;
  }

  /** Appends the length of {@code value} as a u32, then {@code value}. */
  public ByteWriter lengthPrefixed(byte[] value) {
    requireNonNull(value, "value");
    return u32(value.length).bytes(value);
  }

  /** The number of bytes written so far. */
  public int size() {
    return out.size();
  }

  /** A copy of the bytes written so far. */
  public byte[] toByteArray() {
    return out.toByteArray();
  }
}

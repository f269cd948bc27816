package dev.mayfly.common.bytes;

import java.util.Arrays;

/**
 * Reads big-endian fields from untrusted bytes, failing with {@link MalformedBytesException} (never
 * an index or allocation error) when the input is too short or a length is out of range.
 *
 * <p>Decoders catch {@link MalformedBytesException} at their boundary and turn it into the typed
 * Mayfly exception of their format.
 *
 * <p>Not thread-safe.
 *
 * @since 0.1.0
 */
public final class ByteReader {
  private final byte[] data;
  private int position;

  public ByteReader(byte[] data) {
    this.data = data;
  }

  public int position() {
    return position;
  }

  public int remaining() {
    return data.length - position;
  }

  public int u8(String field) {
    need(1, field);
    return data[position++] & 0xFF;
  }

  public int u16(String field) {
    return (int) unsigned(2, field);
  }

  public long u32(String field) {
    return unsigned(4, field);
  }

  /** Reads 8 bytes; the caller checks the sign if the field must stay below 2^63. */
  public long u64(String field) {
    return unsigned(8, field);
  }

  private long unsigned(int count, String field) {
    need(count, field);
    long value = 0;
    for (int i = 0; i < count; i++) {
      value = (value << 8) | (data[position + i] & 0xFF);
    }
    position += count;
    return value;
  }

  /** Reads exactly {@code length} bytes; checks the length against what is left before copying. */
  public byte[] bytes(long length, String field) {
    if (length < 0 || length > remaining()) {
      throw new MalformedBytesException(
          field + " needs " + length + " bytes, only " + remaining() + " left");
    }
    int n = (int) length;
    byte[] value = Arrays.copyOfRange(data, position, position + n);
    position += n;
    return value;
  }

  /** Reads a u32 length, then that many bytes, at most {@code maxLength}. */
  public byte[] lengthPrefixed(int maxLength, String field) {
    long length = u32(field + " length");
    if (length > maxLength) {
      throw new MalformedBytesException(
          field + " is " + length + " bytes, at most " + maxLength + " allowed");
    }
    return bytes(length, field);
  }

  /** Fails unless every byte has been consumed. */
  public void expectEnd(String what) {
    if (remaining() != 0) {
      throw new MalformedBytesException(remaining() + " trailing bytes after " + what);
    }
  }

  private void need(int count, String field) {
    if (remaining() < count) {
      throw new MalformedBytesException(
          field + " needs " + count + " bytes, only " + remaining() + " left");
    }
  }
}

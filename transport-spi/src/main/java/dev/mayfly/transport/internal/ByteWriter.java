package dev.mayfly.transport.internal;

import java.io.ByteArrayOutputStream;

/**
 * Appends big-endian unsigned integers and raw bytes to a growing buffer.
 *
 * <p>Callers check ranges before writing; the writer only masks to the field width.
 */
public final class ByteWriter {
  private final ByteArrayOutputStream out;

  public ByteWriter(int expectedSize) {
    this.out = new ByteArrayOutputStream(Math.max(16, expectedSize));
  }

  public ByteWriter u8(int value) {
    out.write(value & 0xFF);
    return this;
  }

  public ByteWriter u16(int value) {
    out.write((value >>> 8) & 0xFF);
    out.write(value & 0xFF);
    return this;
  }

  public ByteWriter u32(long value) {
    for (int shift = 24; shift >= 0; shift -= 8) {
      out.write((int) (value >>> shift) & 0xFF);
    }
    return this;
  }

  public ByteWriter u64(long value) {
    for (int shift = 56; shift >= 0; shift -= 8) {
      out.write((int) (value >>> shift) & 0xFF);
    }
    return this;
  }

  public ByteWriter bytes(byte[] value) {
    out.write(value, 0, value.length);
    return this;
  }

  public int size() {
    return out.size();
  }

  public byte[] toByteArray() {
    return out.toByteArray();
  }
}

package dev.mayfly.common;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.mayfly.common.bytes.ByteReader;
import dev.mayfly.common.bytes.ByteWriter;
import dev.mayfly.common.bytes.MalformedBytesException;
import dev.mayfly.testsupport.Seeded;
import org.junit.jupiter.api.Test;

class ByteCodecTest {
  @Test
  void writeThenRead_roundTrips() {
    Seeded.forAll(300, g -> {
      byte a = g.anyByte();
      short b = g.anyShort();
      int c = g.anyInt();
      long d = g.anyLong();
      byte[] e = g.bytes(300);
      writeThenRead(a, b, c, d, e);
    });
  }

  private static void writeThenRead(byte a, short b, int c, long d, byte[] e) {
    byte[] encoded = new ByteWriter(0).u8(a & 0xFF).u16(b & 0xFFFF).u32(c & 0xFFFF_FFFFL).u64(d)
        .lengthPrefixed(e).toByteArray();
    ByteReader in = new ByteReader(encoded);
    assertEquals(a & 0xFF, in.u8("a"));
    assertEquals(b & 0xFFFF, in.u16("b"));
    assertEquals(c & 0xFFFF_FFFFL, in.u32("c"));
    assertEquals(d, in.u64("d"));
    assertArrayEquals(e, in.lengthPrefixed(1 << 20, "e"));
    in.expectEnd("all");
  }

  @Test
  void writer_valueOutOfRange_throwsIllegalArgument() {
    assertThrows(IllegalArgumentException.class, () -> new ByteWriter(0).u8(256));
    assertThrows(IllegalArgumentException.class, () -> new ByteWriter(0).u16(-1));
    assertThrows(IllegalArgumentException.class, () -> new ByteWriter(0).u32(1L << 32));
  }

  @Test
  void reader_shortOrOversizedInput_throwsMalformed() {
    assertThrows(MalformedBytesException.class, () -> new ByteReader(new byte[1]).u16("x"));
    byte[] hugeLength = new ByteWriter(0).u32(5).bytes(new byte[5]).toByteArray();
    assertThrows(MalformedBytesException.class,
        () -> new ByteReader(hugeLength).lengthPrefixed(4, "x"));
    ByteReader trailing = new ByteReader(new byte[2]);
    trailing.u8("x");
    assertThrows(MalformedBytesException.class, () -> trailing.expectEnd("x"));
  }
}

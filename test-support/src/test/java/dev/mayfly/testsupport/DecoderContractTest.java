package dev.mayfly.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DecoderContractTest {
  @Test
  void decode_value_returnsIt() {
    assertEquals(Optional.of("x"), DecoderContract.decode(1, IOException.class, () -> "x"));
  }

  @Test
  void decode_typedException_returnsEmpty() {
    assertEquals(Optional.empty(), DecoderContract.decode(1, IOException.class, () -> {
      throw new IOException("refused");
    }));
  }

  @Test
  void decode_otherException_fails() {
    AssertionError e = assertThrows(AssertionError.class,
        () -> DecoderContract.decode(1, IOException.class, () -> {
          throw new ArrayIndexOutOfBoundsException(3);
        }));
    assertEquals(ArrayIndexOutOfBoundsException.class, e.getCause().getClass());
  }

  @Test
  void decode_typedButUnacceptable_fails() {
    assertThrows(AssertionError.class, () -> DecoderContract.decode(1, IOException.class,
        e -> e.getMessage().equals("fine"), () -> {
          throw new IOException("other");
        }));
  }

  @Test
  void decode_overAllocation_fails() {
    assertThrows(AssertionError.class, () -> DecoderContract.decode(0, IOException.class,
        () -> new byte[(int) DecoderContract.allocationBound(0) + 1024]));
  }

  @Test
  void decode_overAllocationOnFirstCallOnly_passes() {
    int[] calls = {0};
    assertEquals(Optional.of(2), DecoderContract.decode(0, IOException.class, () -> {
      if (calls[0]++ == 0) {
        byte[] warmUp = new byte[(int) DecoderContract.allocationBound(0) + 1024];
        warmUp[0] = 1;
      }
      return calls[0];
    }));
  }

  @Test
  void decodeExactly_canonicalInput_passes_otherSpellingFails() {
    byte[] canonical = {'7'};
    assertEquals(Optional.of(7), DecoderContract.decodeExactly(canonical, IOException.class,
        e -> true, DecoderContractTest::number, DecoderContractTest::text));
    assertThrows(AssertionError.class, () -> DecoderContract.decodeExactly(new byte[] {'0', '7'},
        IOException.class, e -> true, DecoderContractTest::number, DecoderContractTest::text));
  }

  @Test
  void decodeToFixedPoint_otherSpelling_passes_unstableEncodingFails() {
    assertEquals(Optional.of(7), DecoderContract.decodeToFixedPoint(new byte[] {'0', '7'},
        IOException.class, e -> true, DecoderContractTest::number, DecoderContractTest::text));
    assertThrows(AssertionError.class, () -> DecoderContract.decodeToFixedPoint(new byte[] {'7'},
        IOException.class, e -> true, DecoderContractTest::number, n -> text(n + 1)));
  }

  private static Integer number(byte[] bytes) throws IOException {
    try {
      return Integer.valueOf(new String(bytes, java.nio.charset.StandardCharsets.US_ASCII));
    } catch (NumberFormatException e) {
      throw new IOException(e);
    }
  }

  private static byte[] text(Integer n) {
    return n.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  }

  @Test
  void decode_null_fails() {
    assertThrows(AssertionError.class, () -> DecoderContract.decode(0, IOException.class,
        () -> null));
  }
}

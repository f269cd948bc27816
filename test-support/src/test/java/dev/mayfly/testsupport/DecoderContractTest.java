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
  void decode_null_fails() {
    assertThrows(AssertionError.class, () -> DecoderContract.decode(0, IOException.class,
        () -> null));
  }
}

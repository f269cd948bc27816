package dev.mayfly.cert.evidence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.mayfly.common.PartyId;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class ReportDataBindingTest {
  private static final byte[] SESSION = new byte[32];

  static {
    for (int i = 0; i < 32; i++) {
      SESSION[i] = (byte) i;
    }
  }

  private static byte[] filled(int value) {
    byte[] bytes = new byte[32];
    Arrays.fill(bytes, (byte) value);
    return bytes;
  }

  /** Expected values computed independently with Python's hashlib.sha512. */
  @Test
  void party_knownInput_matchesIndependentSha512() {
    byte[] expected = HexFormat.of().parseHex("e22a4dece2affdd4790537c5628f3832843a0f0141dbaa17eda5"
        + "b0bffd17d6a565f85ddbfe89bcb8d272bbb4afe7142f1682222d2452379cb96ff022e8219575");

    assertArrayEquals(expected, ReportDataBinding.party(
        SESSION, PartyId.of(258), filled(0x11), filled(0x22), filled(0x33)));
  }

  @Test
  void destroyed_knownInput_matchesIndependentSha512() {
    byte[] expected = HexFormat.of().parseHex("4a8fc059f1d8c984f2dd411650644893163d13372852d73c7cac"
        + "821deb7eaf8583ae6f3810cc94a5123927550f37f121f801087122a95b87c14efd2c65e77129");

    assertArrayEquals(expected, ReportDataBinding.destroyed(SESSION, PartyId.of(258), filled(0x44)));
  }

  @Test
  void party_shortKey_throwsIllegalArgument() {
    assertThrows(IllegalArgumentException.class, () -> ReportDataBinding.party(
        SESSION, PartyId.of(1), new byte[31], filled(0x22), filled(0x33)));
  }
}

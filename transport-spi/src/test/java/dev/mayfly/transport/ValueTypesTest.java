package dev.mayfly.transport;

import static dev.mayfly.transport.SessionFixture.p;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;

/** SessionId, RoundTag, RoundSchedule and Frame. */
class ValueTypesTest {
  @Test
  void sessionId_create_copiesAndChecksLength() {
    byte[] raw = new byte[32];
    SessionId id = SessionId.create(raw);
    raw[0] = 1;
    assertArrayEquals(new byte[32], id.bytes());
    assertEquals(SessionId.create(new byte[32]), id);
    assertNotEquals(SessionId.generate(new SecureRandom()), id);
    assertThrows(IllegalArgumentException.class, () -> SessionId.create(new byte[31]));
    assertEquals(64, id.toHex().length());
  }

  @Test
  void roundTag_phaseRules_areEnforced() {
    assertEquals("dkg-echo.v2_1/7", RoundTag.of("dkg-echo.v2_1", 7).toString());
    assertTrue(RoundTag.isValidPhase("a".repeat(32)));
    for (String bad : List.of("", "a".repeat(33), "Dkg", "1dkg", "dkg/1", "dk g", "dkg*", "é")) {
      assertFalse(RoundTag.isValidPhase(bad), bad);
      assertThrows(IllegalArgumentException.class, () -> RoundTag.of(bad, 1), bad);
    }
    assertThrows(IllegalArgumentException.class, () -> RoundTag.of("dkg", -1));
    assertThrows(IllegalArgumentException.class, () -> RoundTag.of("dkg", 65536));
  }

  @Test
  void roundSchedule_positions_followListOrder() {
    RoundSchedule schedule = SessionFixture.SCHEDULE;
    assertEquals(0, schedule.positionOf(SessionFixture.HELLO));
    assertEquals(3, schedule.positionOf(SessionFixture.DKG_2));
    assertEquals(-1, schedule.positionOf(RoundTag.of("dkg", 9)));
    assertTrue(schedule.contains(SessionFixture.SIGN_1));
    assertThrows(IllegalArgumentException.class, () -> RoundSchedule.of(List.of()));
    assertThrows(IllegalArgumentException.class,
        () -> RoundSchedule.of(SessionFixture.HELLO, SessionFixture.HELLO));
  }

  @Test
  void frame_copiesBytes() {
    byte[] raw = {1, 2};
    Frame frame = Frame.of(p(4), raw);
    raw[0] = 9;
    assertArrayEquals(new byte[] {1, 2}, frame.bytes());
    frame.bytes()[1] = 9;
    assertArrayEquals(new byte[] {1, 2}, frame.bytes());
    assertEquals(2, frame.length());
    assertEquals(p(4), frame.origin());
  }
}

package dev.mayfly.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.mayfly.testsupport.Seeded;
import java.util.List;
import org.junit.jupiter.api.Test;

class PartyIdTest {
  @Test
  void of_outOfRange_throwsIllegalArgument() {
    assertThrows(IllegalArgumentException.class, () -> PartyId.of(0));
    assertThrows(IllegalArgumentException.class, () -> PartyId.of(PartyId.MAX + 1));
  }

  @Test
  void of_inRange_keepsValue() {
    Seeded.forAll(200, g -> {
      int value = g.intBetween(1, PartyId.MAX);
      assertEquals(value, PartyId.of(value).value());
    });
  }

  @Test
  void mayflyException_culprits_areSortedAndDistinct() {
    MayflyException e =
        new MayflyException(
            firstCode(), "x", List.of(PartyId.of(3), PartyId.of(1), PartyId.of(3)), null);
    assertEquals(List.of(PartyId.of(1), PartyId.of(3)), e.culprits());
  }

  private static ErrorCode firstCode() {
    return ErrorCode.values()[0];
  }
}

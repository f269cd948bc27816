package dev.mayfly.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class PartyIdTest {
  @Test
  void of_outOfRange_throwsIllegalArgument() {
    assertThrows(IllegalArgumentException.class, () -> PartyId.of(0));
    assertThrows(IllegalArgumentException.class, () -> PartyId.of(PartyId.MAX + 1));
  }

  @Property(tries = 200)
  void of_inRange_keepsValue(@ForAll @IntRange(min = 1, max = PartyId.MAX) int value) {
    assertEquals(value, PartyId.of(value).value());
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

package dev.mayfly.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SeededTest {
  @AfterEach
  void clearSeed() {
    System.clearProperty(Seeded.SEED_PROPERTY);
    System.clearProperty(Seeded.RUN_SEED_PROPERTY);
  }

  @Test
  void forAll_runsEveryCase() {
    List<Integer> seen = new ArrayList<>();
    Seeded.forAll(57, g -> seen.add(g.intBetween(3, 9)));
    assertEquals(57, seen.size());
    assertTrue(seen.stream().allMatch(v -> v >= 3 && v <= 9));
  }

  @Test
  void forAll_failingCase_namesSeedThatReplaysSameDraws() {
    List<Long> drawn = new ArrayList<>();
    AssertionError failure = assertThrows(AssertionError.class, () -> Seeded.forAll(1000, g -> {
      long v = g.anyLong();
      drawn.add(v);
      if (v % 7 == 3) {
        throw new IllegalStateException("found " + v);
      }
    }));
    Matcher m = Pattern.compile("-Dmayfly\\.seed=(-?\\d+)").matcher(failure.getMessage());
    assertTrue(m.find(), failure.getMessage());
    assertEquals(IllegalStateException.class, failure.getCause().getClass());

    System.setProperty(Seeded.SEED_PROPERTY, m.group(1));
    List<Long> replayed = new ArrayList<>();
    assertThrows(AssertionError.class, () -> Seeded.forAll(1000, g -> {
      long v = g.anyLong();
      replayed.add(v);
      if (v % 7 == 3) {
        throw new IllegalStateException("found " + v);
      }
    }));
    assertEquals(List.of(drawn.get(drawn.size() - 1)), replayed);
  }

  @Test
  void forAll_fixedRunSeed_repeatsRun() {
    System.setProperty(Seeded.RUN_SEED_PROPERTY, "42");
    List<byte[]> first = new ArrayList<>();
    Seeded.forAll(20, g -> first.add(g.bytes(30)));
    List<byte[]> second = new ArrayList<>();
    Seeded.forAll(20, g -> second.add(g.bytes(30)));
    for (int i = 0; i < 20; i++) {
      assertEquals(java.util.HexFormat.of().formatHex(first.get(i)),
          java.util.HexFormat.of().formatHex(second.get(i)));
    }
    assertNotEquals(Seeded.caseSeed(42, 0), Seeded.caseSeed(42, 1));
  }

  @Test
  void gen_drawsReachBoundsAndStayInRange() {
    Gen g = Gen.ofSeed(7);
    boolean sawMin = false;
    boolean sawMax = false;
    boolean sawEmpty = false;
    for (int i = 0; i < 2000; i++) {
      int v = g.intBetween(-5, 1000);
      assertTrue(v >= -5 && v <= 1000);
      sawMin |= v == -5;
      sawMax |= v == 1000;
      sawEmpty |= g.bytes(10).length == 0;
      String s = g.string(5, 'a', 'c');
      assertTrue(s.length() <= 5 && s.chars().allMatch(c -> c >= 'a' && c <= 'c'));
      assertTrue(g.setOf(3, () -> g.intBetween(0, 1)).size() <= 2);
    }
    assertTrue(sawMin && sawMax && sawEmpty);
  }

  @Test
  void forAll_badArguments_throwIllegalArgument() {
    assertThrows(IllegalArgumentException.class, () -> Seeded.forAll(0, g -> { }));
    System.setProperty(Seeded.SEED_PROPERTY, "not a number");
    assertThrows(IllegalArgumentException.class, () -> Seeded.forAll(1, g -> { }));
    assertThrows(IllegalArgumentException.class, () -> Gen.ofSeed(1).intBetween(2, 1));
  }
}

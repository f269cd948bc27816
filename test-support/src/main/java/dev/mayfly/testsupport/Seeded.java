package dev.mayfly.testsupport;

import static java.util.Objects.requireNonNull;

import java.util.SplittableRandom;

/**
 * Runs a property over generated cases, each drawn from its own seed, and names the seed of the
 * first case that fails so that the case replays.
 *
 * <p>A run picks a fresh run seed unless the system property {@value #SEED_PROPERTY} is set; the
 * seed of case {@code i} is derived from the run seed and {@code i}. When a case fails, the
 * {@link AssertionError} thrown names that case's seed; running the same test again with
 * {@code -Dmayfly.seed=<seed>} runs exactly that one case:
 *
 * <pre>{@code
 * mvn -B -o -pl common test -Dtest=ByteCodecTest -Dmayfly.seed=-4372211823741291873
 * }</pre>
 *
 * <p>{@value #RUN_SEED_PROPERTY}, when set, fixes the run seed instead, so a whole run repeats.
 */
public final class Seeded {
  /** The system property that replays one case: its value is the seed a failure printed. */
  public static final String SEED_PROPERTY = "mayfly.seed";

  /** The system property that fixes the run seed, so every case of a run repeats. */
  public static final String RUN_SEED_PROPERTY = "mayfly.runSeed";

  private static final long GOLDEN_GAMMA = 0x9E37_79B9_7F4A_7C15L;

  /** A property: checks one case drawn from {@code gen}, failing by throwing. */
  @FunctionalInterface
  public interface Property {
    /** Checks one case; any exception or error fails it. */
    void check(Gen gen) throws Exception;
  }

  private Seeded() {}

  /**
   * Checks {@code property} over {@code cases} generated cases, or over the one case named by
   * {@value #SEED_PROPERTY} when that property is set.
   *
   * @throws AssertionError for the first failing case, naming its number and seed, with the
   *     failure as cause
   */
  public static void forAll(int cases, Property property) {
    requireNonNull(property, "property");
    if (cases < 1) {
      throw new IllegalArgumentException("cases is " + cases + ", at least 1 required");
    }
    String replay = System.getProperty(SEED_PROPERTY);
    if (replay != null && !replay.isBlank()) {
      long seed = parseSeed(replay, SEED_PROPERTY);
      runCase(property, seed, "the replayed case", 1);
      return;
    }
    String fixed = System.getProperty(RUN_SEED_PROPERTY);
    long runSeed = fixed != null && !fixed.isBlank()
        ? parseSeed(fixed, RUN_SEED_PROPERTY)
        : new SplittableRandom().nextLong();
    for (int i = 0; i < cases; i++) {
      runCase(property, caseSeed(runSeed, i), "case " + (i + 1) + " of " + cases
          + " (run seed " + runSeed + ")", cases);
    }
  }

  /** The seed of case {@code index} in a run seeded with {@code runSeed}. */
  static long caseSeed(long runSeed, int index) {
    return mix(runSeed + GOLDEN_GAMMA * (index + 1L));
  }

  private static void runCase(Property property, long seed, String which, int cases) {
    Gen gen = new Gen(seed);
    try {
      property.check(gen);
    } catch (Throwable failure) {
      if (failure instanceof VirtualMachineError fatal && !(fatal instanceof StackOverflowError)) {
        throw fatal;
      }
      throw new AssertionError("property failed on " + which + "; replay this case with -D"
          + SEED_PROPERTY + "=" + seed + " (generated: " + gen.describeDraws() + ")", failure);
    }
  }

  private static long parseSeed(String text, String property) {
    try {
      return Long.parseLong(text.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "system property " + property + " is \"" + text + "\", a decimal long required", e);
    }
  }

  /** The SplitMix64 finaliser: spreads neighbouring inputs over the whole range. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58_476D_1CE4_E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D0_49BB_1331_11EBL;
    return z ^ (z >>> 31);
  }
}

package dev.mayfly.testsupport;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * The values of one generated case, drawn from a seeded source.
 *
 * <p>Draws lean towards edge cases the way a property-testing library's do: roughly one draw in
 * eight of a number is a bound of its range (or zero when the range holds it), and one length in
 * eight is the shortest allowed. The same seed gives the same draws, in the same order.
 */
public final class Gen {
  private static final int EDGE_ONE_IN = 8;
  private static final int LOGGED_DRAWS = 24;

  private final SplittableRandom random;
  private final List<String> log = new ArrayList<>();
  private int draws;

  Gen(long seed) {
    this.random = new SplittableRandom(seed);
  }

  /** A {@link Gen} over {@code seed}, for tests that drive one outside {@link Seeded}. */
  public static Gen ofSeed(long seed) {
    return new Gen(seed);
  }

  /** A value in {@code [min, max]}, bounds and zero drawn more often than the rest. */
  public int intBetween(int min, int max) {
    return (int) record(drawLong(min, max));
  }

  /** A value in {@code [min, max]}, bounds and zero drawn more often than the rest. */
  public long longBetween(long min, long max) {
    return record(drawLong(min, max));
  }

  /** Any int. */
  public int anyInt() {
    return intBetween(Integer.MIN_VALUE, Integer.MAX_VALUE);
  }

  /** Any long. */
  public long anyLong() {
    return longBetween(Long.MIN_VALUE, Long.MAX_VALUE);
  }

  /** Any short. */
  public short anyShort() {
    return (short) intBetween(Short.MIN_VALUE, Short.MAX_VALUE);
  }

  /** Any byte. */
  public byte anyByte() {
    return (byte) intBetween(Byte.MIN_VALUE, Byte.MAX_VALUE);
  }

  /** True or false, evenly. */
  public boolean bool() {
    return record(random.nextBoolean() ? 1 : 0) == 1;
  }

  /** Random bytes, of a length in {@code [0, maxLength]}. */
  public byte[] bytes(int maxLength) {
    return bytes(0, maxLength);
  }

  /** Random bytes, of a length in {@code [minLength, maxLength]}. */
  public byte[] bytes(int minLength, int maxLength) {
    byte[] out = new byte[length(minLength, maxLength)];
    random.nextBytes(out);
    note(out.length <= 16 ? HexFormat.of().formatHex(out) : out.length + " bytes");
    return out;
  }

  /** A string of {@code [0, maxLength]} characters, each in {@code [from, to]}. */
  public String string(int maxLength, char from, char to) {
    int length = length(0, maxLength);
    StringBuilder b = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      b.append((char) (from + random.nextInt(to - from + 1)));
    }
    note('"' + b.toString() + '"');
    return b.toString();
  }

  /** One of {@code values}, evenly. */
  @SafeVarargs
  public final <T> T oneOf(T... values) {
    return oneOf(List.of(values));
  }

  /** One of {@code values}, evenly. */
  public <T> T oneOf(List<T> values) {
    if (values.isEmpty()) {
      throw new IllegalArgumentException("values is empty");
    }
    T value = values.get(random.nextInt(values.size()));
    note(String.valueOf(value));
    return value;
  }

  /** One constant of {@code type}, evenly. */
  public <E extends Enum<E>> E oneOf(Class<E> type) {
    return oneOf(type.getEnumConstants());
  }

  /** A list of {@code [minSize, maxSize]} elements drawn from {@code element}. */
  public <T> List<T> listOf(int minSize, int maxSize, Supplier<T> element) {
    requireNonNull(element, "element");
    int size = length(minSize, maxSize);
    List<T> out = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      out.add(element.get());
    }
    return out;
  }

  /**
   * A set of at most {@code maxSize} distinct elements drawn from {@code element}: as many draws
   * as the drawn size, repeats dropped (as a generator of sets does).
   */
  public <T> Set<T> setOf(int maxSize, Supplier<T> element) {
    return new LinkedHashSet<>(listOf(0, maxSize, element));
  }

  /** A {@link Random} seeded from this case, for code that takes one. */
  public Random random() {
    return new Random(longBetween(Long.MIN_VALUE, Long.MAX_VALUE));
  }

  /** The first draws of this case, for the failure message. */
  String describeDraws() {
    String shown = String.join(", ", log);
    return draws > log.size() ? shown + ", ... (" + draws + " draws)" : shown;
  }

  private int length(int min, int max) {
    if (min < 0 || max < min) {
      throw new IllegalArgumentException("length range [" + min + ", " + max + "] is empty");
    }
    int length = random.nextInt(EDGE_ONE_IN) == 0 ? min : min + random.nextInt(max - min + 1);
    record(length);
    return length;
  }

  private long drawLong(long min, long max) {
    if (max < min) {
      throw new IllegalArgumentException("range [" + min + ", " + max + "] is empty");
    }
    if (random.nextInt(EDGE_ONE_IN) == 0) {
      return switch (random.nextInt(3)) {
        case 0 -> min;
        case 1 -> max;
        default -> min <= 0 && 0 <= max ? 0 : min;
      };
    }
    if (min == Long.MIN_VALUE && max == Long.MAX_VALUE) {
      return random.nextLong();
    }
    if (max - min >= 0 && max - min < Long.MAX_VALUE) {
      return min + random.nextLong(max - min + 1);
    }
    long value;
    do {
      value = random.nextLong();
    } while (value < min || value > max);
    return value;
  }

  private long record(long value) {
    note(Long.toString(value));
    return value;
  }

  private void note(String value) {
    draws++;
    if (log.size() < LOGGED_DRAWS) {
      log.add(value.length() > 60 ? value.substring(0, 60) + "..." : value);
    }
  }
}

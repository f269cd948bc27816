package dev.mayfly.testsupport;

import static java.util.Objects.requireNonNull;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * The contract every decoder of outside input keeps, as fuzz targets check it: it returns a value
 * or throws its module's typed exception, and nothing else; it returns within
 * {@link #TIME_BOUND}; and it allocates at most {@link #allocationBound(int)} bytes.
 *
 * <p>Time and allocation are those of a repeat of the decode when the first call is over a bound,
 * so that class loading (and, when fuzzing, instrumentation) in a first call does not count. A
 * hang that never returns is caught by the fuzzer's own per-input timeout in fuzzing mode (see
 * docs/testing.md); the time bound here catches inputs that are merely very slow.
 */
public final class DecoderContract {
  /** The longest one decode may take, class loading of a first call included. */
  public static final Duration TIME_BOUND = Duration.ofSeconds(10);

  /** Allocation allowed to any one decode whatever the input, for class loading and set-up. */
  public static final long BASE_ALLOCATION_BYTES = 64L << 20;

  /** Allocation allowed per input byte, on top of {@link #BASE_ALLOCATION_BYTES}. */
  public static final long ALLOCATION_BYTES_PER_INPUT_BYTE = 512;

  private static final com.sun.management.@Nullable ThreadMXBean THREADS = threads();

  /** A decoder under test. */
  @FunctionalInterface
  public interface Decoder<T> {
    /** Decodes the input the target closed over. */
    T decode() throws Exception;
  }

  /** A decoder of the bytes it is given. */
  @FunctionalInterface
  public interface BytesDecoder<T> {
    /** Decodes {@code bytes}. */
    T decode(byte[] bytes) throws Exception;
  }

  private DecoderContract() {}

  /**
   * Decodes {@code input} as {@link #decode(int, Class, Predicate, Decoder)} does; when it is
   * accepted, also requires re-encoding to be a fixed point: the encoding decodes again (within
   * the same bounds), to an equal value where the type defines equality, and encodes to the same
   * bytes. For formats that accept more than one spelling of a value (JSON whitespace and member
   * order).
   */
  public static <T, E extends Exception> Optional<T> decodeToFixedPoint(byte[] input,
      Class<E> typed, Predicate<? super E> acceptable, BytesDecoder<T> decoder,
      Function<T, byte[]> encoder) {
    Optional<T> value = decode(input.length, typed, acceptable, () -> decoder.decode(input));
    value.ifPresent(first -> {
      byte[] encoded = encoder.apply(first);
      T again = decode(encoded.length, typed, acceptable, () -> decoder.decode(encoded))
          .orElseThrow(() -> new AssertionError("the encoding of an accepted value is refused"));
      if (definesEquality(first.getClass()) && !first.equals(again)) {
        throw new AssertionError("decoding the encoding gives another value: " + again
            + ", not " + first);
      }
      if (!Arrays.equals(encoded, encoder.apply(again))) {
        throw new AssertionError("re-encoding is not a fixed point");
      }
    });
    return value;
  }

  /**
   * Decodes {@code input} as {@link #decode(int, Class, Predicate, Decoder)} does; when it is
   * accepted, also requires its encoding to be exactly {@code input}. For formats with one
   * encoding per value.
   */
  public static <T, E extends Exception> Optional<T> decodeExactly(byte[] input,
      Class<E> typed, Predicate<? super E> acceptable, BytesDecoder<T> decoder,
      Function<T, byte[]> encoder) {
    Optional<T> value = decode(input.length, typed, acceptable, () -> decoder.decode(input));
    value.ifPresent(v -> {
      if (!Arrays.equals(input, encoder.apply(v))) {
        throw new AssertionError("an accepted input does not re-encode to the same bytes");
      }
    });
    return value;
  }

  private static boolean definesEquality(Class<?> type) {
    try {
      return type.getMethod("equals", Object.class).getDeclaringClass() != Object.class;
    } catch (NoSuchMethodException e) {
      return false;
    }
  }

  /** The most a decode of {@code inputLength} bytes may allocate. */
  public static long allocationBound(int inputLength) {
    return BASE_ALLOCATION_BYTES + ALLOCATION_BYTES_PER_INPUT_BYTE * inputLength;
  }

  /**
   * Runs {@code decoder} over an input of {@code inputLength} bytes.
   *
   * @return the decoded value, or empty when the decoder threw {@code typed}
   * @throws AssertionError when the decoder threw anything else, took longer than
   *     {@link #TIME_BOUND} or allocated more than {@link #allocationBound(int)}
   */
  public static <T, E extends Exception> Optional<T> decode(
      int inputLength, Class<E> typed, Decoder<T> decoder) {
    return decode(inputLength, typed, e -> true, decoder);
  }

  /**
   * Runs {@code decoder} as {@link #decode(int, Class, Decoder)} does, and also requires every
   * {@code typed} exception to pass {@code acceptable} (for example: its code is one the format
   * documents).
   */
  public static <T, E extends Exception> Optional<T> decode(
      int inputLength, Class<E> typed, Predicate<? super E> acceptable, Decoder<T> decoder) {
    requireNonNull(typed, "typed");
    requireNonNull(acceptable, "acceptable");
    requireNonNull(decoder, "decoder");
    Run<T> run = run(typed, acceptable, decoder);
    if (run.exceeds(inputLength)) {
      // A first call also loads (and, when fuzzing, instruments) classes in this thread; a
      // deterministic decoder repeated measures only its own work.
      run = run(typed, acceptable, decoder);
      if (run.took.compareTo(TIME_BOUND) > 0) {
        throw new AssertionError("decoding " + inputLength + " bytes took "
            + run.took.toMillis() + " ms, at most " + TIME_BOUND.toMillis() + " ms allowed");
      }
      if (run.allocated > allocationBound(inputLength)) {
        throw new AssertionError("decoding " + inputLength + " bytes allocated " + run.allocated
            + " bytes, at most " + allocationBound(inputLength) + " allowed");
      }
    }
    return run.result;
  }

  private record Run<T>(Optional<T> result, Duration took, long allocated) {
    boolean exceeds(int inputLength) {
      return took.compareTo(TIME_BOUND) > 0 || allocated > allocationBound(inputLength);
    }
  }

  private static <T, E extends Exception> Run<T> run(
      Class<E> typed, Predicate<? super E> acceptable, Decoder<T> decoder) {
    long allocatedBefore = allocatedBytes();
    long start = System.nanoTime();
    Optional<T> result;
    try {
      result = Optional.of(requireNonNull(decoder.decode(), "decoder returned null"));
    } catch (VirtualMachineError fatal) {
      throw fatal; // out of memory, stack overflow: a finding as it stands
    } catch (Throwable thrown) {
      if (!typed.isInstance(thrown)) {
        throw new AssertionError("decoder threw " + thrown.getClass().getName()
            + ", only " + typed.getName() + " is allowed", thrown);
      }
      E e = typed.cast(thrown);
      if (!acceptable.test(e)) {
        throw new AssertionError("decoder threw an unexpected " + e, e);
      }
      result = Optional.empty();
    }
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    long allocated = allocatedBefore < 0 ? 0 : allocatedBytes() - allocatedBefore;
    return new Run<>(result, took, allocated);
  }

  /** Bytes this thread allocated so far, or -1 where the JVM does not count them. */
  private static long allocatedBytes() {
    return THREADS == null ? -1 : THREADS.getCurrentThreadAllocatedBytes();
  }

  private static com.sun.management.@Nullable ThreadMXBean threads() {
    if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean bean
        && bean.isThreadAllocatedMemorySupported()) {
      bean.setThreadAllocatedMemoryEnabled(true);
      return bean;
    }
    return null;
  }
}

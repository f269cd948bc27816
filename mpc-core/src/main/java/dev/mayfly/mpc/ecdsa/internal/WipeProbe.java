package dev.mayfly.mpc.ecdsa.internal;

import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A hook through which the wiping tests see the scratch buffers of the OT code (columns, rows,
 * hashed columns, Diffie–Hellman encodings), so that they can check every one is zero once the
 * call returns. Production code never sets it.
 *
 * @since 0.1.0
 */
public final class WipeProbe {
  private static volatile @Nullable Consumer<Object> sink;

  private WipeProbe() {}

  /** Sets (or clears, with {@code null}) the sink; for tests only. */
  public static void setForTest(@Nullable Consumer<Object> consumer) {
    sink = consumer;
  }

  /** Reports a scratch buffer to the test sink, if any; returns it. */
  static <T> T see(T buffer) {
    Consumer<Object> s = sink;
    if (s != null) {
      s.accept(buffer);
    }
    return buffer;
  }
}

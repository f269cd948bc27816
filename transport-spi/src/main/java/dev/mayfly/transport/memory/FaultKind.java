package dev.mayfly.transport.memory;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The transport-level faults an {@link InMemoryNetwork} can inject (DESIGN.md section 3).
 *
 * @since 0.1.0
 */
public enum FaultKind {
  /** Matching messages are not delivered. Receivers time out naming the sender. */
  DROP,
  /** Matching messages are delivered late (option {@code by}). */
  DELAY,
  /** Matching messages are delivered twice. Receivers ignore the copy. */
  DUPLICATE,
  /**
   * Matching messages are held for a short window (option {@code by}) and then released together
   * in a seeded shuffled order, after traffic sent in the meantime.
   */
  REORDER,
  /** One seeded bit of each matching message is flipped in transit. */
  CORRUPT,
  /**
   * The sender is malicious: some recipients of its matching broadcasts get a different payload,
   * validly re-signed with its identity key. Echo broadcast names it.
   */
  EQUIVOCATE,
  /** From the first matching message on, the sender sends nothing at all. */
  CRASH;

  /** The lower-case name used in fault specs, e.g. {@code crash}. */
  public String specName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The kind with this spec name, if any. */
  public static Optional<FaultKind> fromSpecName(String name) {
    return Arrays.stream(values()).filter(k -> k.specName().equals(name)).findFirst();
  }
}

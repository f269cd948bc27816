package dev.mayfly.transport.memory;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The faults an {@link InMemoryNetwork} injects, and the seed for every random choice they make.
 *
 * <p>Grammar of {@link #parse} (the {@code --fault} option of {@code mayfly demo}):
 *
 * <pre>
 * plan     = item *( "," item )
 * item     = fault / "seed=" 1*19DIGIT        ; seed at most once, default 0
 * fault    = kind ":" party "@" target *( ";" option )
 * kind     = "drop" / "delay" / "duplicate" / "reorder" / "corrupt" / "equivocate" / "crash"
 * party    = 1*5DIGIT                         ; 1..65535, the party whose sends are affected
 * target   = phase [ ":" round ] / "*"        ; phase as in RoundTag; "*" = every phase
 * option   = "to=" party *( "+" party )       ; only these recipients (not for crash)
 *          / "p=" decimal                     ; chance per message and recipient, (0, 1], default 1
 *                                             ;   (not for equivocate and crash)
 *          / "by=" 1*9DIGIT ( "ms" / "s" )    ; delay (default 200ms) or reorder window (50ms)
 * </pre>
 *
 * <p>Examples: {@code crash:2@dkg}, {@code equivocate:3@dkg:1}, {@code corrupt:2@sign},
 * {@code drop:2@dkg;to=3;p=0.5,seed=7}, {@code delay:1@*;by=2s}. Ceremony-level faults such as
 * {@code policy:3} are not transport faults; this parser rejects them as unknown kinds.
 *
 * <p>Determinism: every decision (whether a message is hit when {@code p < 1}, which bit is
 * flipped, which recipients get the forged broadcast, the order of a reordered group) is a pure
 * function of the seed, the fault's position in the plan, the sender, the envelope's round tag
 * and sequence number, and the recipient, so the same plan and seed give the same decisions
 * whatever the thread timing.
 *
 * @since 0.1.0
 */
public final class FaultPlan {
  private static final FaultPlan NONE = new FaultPlan(List.of(), 0);

  private final List<Fault> faults;
  private final long seed;

  private FaultPlan(List<Fault> faults, long seed) {
    this.faults = faults;
    this.seed = seed;
  }

  /** The plan with no faults. */
  public static FaultPlan none() {
    return NONE;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Parses a plan; see the class comment for the grammar.
   *
   * @throws IllegalArgumentException if {@code spec} is empty or does not follow the grammar (the
   *     message names the offending item)
   */
  public static FaultPlan parse(String spec) {
    requireNonNull(spec, "spec");
    if (spec.isBlank()) {
      throw new IllegalArgumentException("empty fault spec");
    }
    Builder builder = builder();
    boolean seeded = false;
    for (String raw : spec.split(",", -1)) {
      String item = raw.strip();
      if (item.isEmpty()) {
        throw new IllegalArgumentException("empty item in fault spec '" + spec + "'");
      }
      if (item.startsWith("seed=")) {
        String digits = item.substring("seed=".length());
        if (seeded) {
          throw new IllegalArgumentException("seed given twice in '" + spec + "'");
        }
        if (!digits.matches("[0-9]{1,19}")) {
          throw new IllegalArgumentException("seed '" + digits + "' must be a decimal number");
        }
        try {
          builder.seed(Long.parseLong(digits));
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("seed '" + digits + "' is above " + Long.MAX_VALUE, e);
        }
        seeded = true;
      } else {
        builder.fault(Fault.parse(item));
      }
    }
    return builder.build();
  }

  /** The faults, in plan order (which is also the order they are applied in). */
  public List<Fault> faults() {
    return faults;
  }

  /** The seed of every random choice. */
  public long seed() {
    return seed;
  }

  public boolean isEmpty() {
    return faults.isEmpty();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof FaultPlan that && seed == that.seed && faults.equals(that.faults);
  }

  @Override
  public int hashCode() {
    return 31 * faults.hashCode() + Long.hashCode(seed);
  }

  /** The canonical spec, which {@link #parse} reads back to an equal plan; empty for no faults. */
  @Override
  public String toString() {
    String list = faults.stream().map(Fault::toString).collect(Collectors.joining(","));
    if (seed == 0) {
      return list;
    }
    return list.isEmpty() ? "seed=" + seed : list + ",seed=" + seed;
  }

  /**
   * Builds a {@link FaultPlan}.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private final List<Fault> faults = new ArrayList<>();
    private long seed;

    private Builder() {}

    /** The seed, 0 or more; default 0. */
    public Builder seed(long seed) {
      if (seed < 0) {
        throw new IllegalArgumentException("seed must be >= 0, got " + seed);
      }
      this.seed = seed;
      return this;
    }

    /** Adds a fault; faults apply in the order they are added. */
    public Builder fault(Fault fault) {
      faults.add(requireNonNull(fault, "fault"));
      return this;
    }

    public FaultPlan build() {
      return new FaultPlan(List.copyOf(faults), seed);
    }
  }
}

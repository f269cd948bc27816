package dev.mayfly.ceremony;

import static java.util.Objects.requireNonNull;

import dev.mayfly.snp.verify.SnpVerifyOptions;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * How a party runs a ceremony: deadlines, the abort window, clock skew, attestation
 * verification, the distinct-chips rule. (What a party accepts to sign at all, the party-side
 * pins, is in {@link CeremonyParty.Builder} and {@link CeremonyLimits}.)
 *
 * <p>Defaults are strict: real AMD roots only ({@link SnpVerifyOptions#defaults()}), distinct
 * chips required, 60 seconds of clock skew, 60 seconds per phase, 10 seconds to agree on an
 * abort. Anything that weakens a check says so in its name.
 *
 * @since 0.1.0
 */
public final class CeremonyOptions {
  /** The default deadline of each phase. */
  public static final Duration DEFAULT_PHASE_TIMEOUT = Duration.ofSeconds(60);
  /** The default tolerance between the proposal's start time and the local clock. */
  public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(60);
  /** The default of {@link Builder#abortWindow}. */
  public static final Duration DEFAULT_ABORT_WINDOW = Duration.ofSeconds(10);
  /** The default size up to which the artifact itself is signed ({@link ArtifactMode#RAW}). */
  public static final long DEFAULT_RAW_ARTIFACT_MAX_BYTES = 16L * 1024 * 1024;

  private final Map<CeremonyPhase, Duration> phaseTimeouts;
  private final Duration clockSkewTolerance;
  private final long rawArtifactMaxBytes;
  private final SnpVerifyOptions snpVerifyOptions;
  private final boolean requireDistinctChips;
  private final Duration abortWindow;
  private final Clock clock;

  private CeremonyOptions(Builder b) {
    this.phaseTimeouts = Map.copyOf(b.phaseTimeouts);
    this.clockSkewTolerance = b.clockSkewTolerance;
    this.rawArtifactMaxBytes = b.rawArtifactMaxBytes;
    this.snpVerifyOptions = b.snpVerifyOptions;
    this.requireDistinctChips = b.requireDistinctChips;
    this.abortWindow = b.abortWindow;
    this.clock = b.clock;
  }

  /** The strict defaults. */
  public static CeremonyOptions defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The deadline of {@code phase}. */
  public Duration phaseTimeout(CeremonyPhase phase) {
    return phaseTimeouts.getOrDefault(requireNonNull(phase, "phase"), DEFAULT_PHASE_TIMEOUT);
  }

  public Duration clockSkewTolerance() {
    return clockSkewTolerance;
  }

  public long rawArtifactMaxBytes() {
    return rawArtifactMaxBytes;
  }

  /** How peers' attestation reports (and destruction receipts) are verified. */
  public SnpVerifyOptions snpVerifyOptions() {
    return snpVerifyOptions;
  }

  public boolean requireDistinctChips() {
    return requireDistinctChips;
  }

  /** How long an aborting party waits for the other parties' announcements. */
  public Duration abortWindow() {
    return abortWindow;
  }

  public Clock clock() {
    return clock;
  }

  @Override
  public String toString() {
    return "CeremonyOptions[timeouts " + phaseTimeouts + ", skew " + clockSkewTolerance
        + ", distinct chips " + requireDistinctChips + ", abort window " + abortWindow
        + ", simulated evidence " + snpVerifyOptions.allowsSimulatedEvidence() + "]";
  }

  /**
   * Builder for {@link CeremonyOptions}.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private final Map<CeremonyPhase, Duration> phaseTimeouts = new EnumMap<>(CeremonyPhase.class);
    private Duration clockSkewTolerance = DEFAULT_CLOCK_SKEW;
    private long rawArtifactMaxBytes = DEFAULT_RAW_ARTIFACT_MAX_BYTES;
    private SnpVerifyOptions snpVerifyOptions = SnpVerifyOptions.defaults();
    private boolean requireDistinctChips = true;
    private Duration abortWindow = DEFAULT_ABORT_WINDOW;
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /** The deadline of one phase; positive. */
    public Builder phaseTimeout(CeremonyPhase phase, Duration timeout) {
      requireNonNull(phase, "phase");
      phaseTimeouts.put(phase, positive(timeout, "timeout"));
      return this;
    }

    /** The same deadline for every phase; positive. */
    public Builder phaseTimeouts(Duration timeout) {
      for (CeremonyPhase phase : CeremonyPhase.values()) {
        phaseTimeout(phase, timeout);
      }
      return this;
    }

    /** How far the proposal's start time may be from the local clock; default 60 s. */
    public Builder clockSkewTolerance(Duration tolerance) {
      requireNonNull(tolerance, "tolerance");
      if (tolerance.isNegative()) {
        throw new IllegalArgumentException("tolerance must not be negative, got " + tolerance);
      }
      this.clockSkewTolerance = tolerance;
      return this;
    }

    /** The largest artifact a party accepts in {@link ArtifactMode#RAW}; default 16 MiB. */
    public Builder rawArtifactMaxBytes(long maxBytes) {
      if (maxBytes < 1) {
        throw new IllegalArgumentException("maxBytes must be positive, got " + maxBytes);
      }
      this.rawArtifactMaxBytes = maxBytes;
      return this;
    }

    /**
     * How attestation evidence is verified; default {@link SnpVerifyOptions#defaults()} (the
     * embedded AMD roots, no simulated evidence).
     */
    public Builder snpVerifyOptions(SnpVerifyOptions options) {
      this.snpVerifyOptions = requireNonNull(options, "options");
      return this;
    }

    /**
     * Lets two parties share one chip (one machine playing several parties). For tests of the
     * orchestration only: it removes the guarantee that no machine ever holds two shares.
     */
    public Builder allowSharedChipsInsecure() {
      this.requireDistinctChips = false;
      return this;
    }

    /**
     * How long an aborting party collects the other parties' announcements before it settles the
     * record (it stops earlier once every party has announced); positive, default 10 seconds. It
     * must cover the network's delivery time twice (an announcement and its relay).
     */
    public Builder abortWindow(Duration window) {
      this.abortWindow = positive(window, "window");
      return this;
    }

    /** The local clock; default the system UTC clock. Read at each use, never captured. */
    public Builder clock(Clock clock) {
      this.clock = requireNonNull(clock, "clock");
      return this;
    }

    public CeremonyOptions build() {
      return new CeremonyOptions(this);
    }

    private static Duration positive(Duration value, String name) {
      requireNonNull(value, name);
      if (value.isZero() || value.isNegative()) {
        throw new IllegalArgumentException(name + " must be positive, got " + value);
      }
      return value;
    }
  }
}

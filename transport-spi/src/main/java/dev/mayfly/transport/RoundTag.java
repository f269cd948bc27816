package dev.mayfly.transport;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * Names the protocol phase and round an envelope belongs to, e.g. {@code dkg/1} or {@code sign/2}.
 *
 * <p>The phase is a short ASCII name (1 to {@value #MAX_PHASE_BYTES} characters: lower-case
 * letters, digits, {@code .}, {@code _} and {@code -}, starting with a letter), so fault plans can
 * target a phase by name ({@code crash:2@dkg}). The round is 0 to {@value #MAX_ROUND}.
 *
 * @param phase the phase name
 * @param round the round number within the phase
 * @since 0.1.0
 */
public record RoundTag(String phase, int round) {
  /** The longest phase name, in bytes (one length byte on the wire). */
  public static final int MAX_PHASE_BYTES = 32;

  /** The largest round number (two bytes on the wire). */
  public static final int MAX_ROUND = 0xFFFF;

  /**
   * Checks the phase name and round.
   *
   * @throws IllegalArgumentException if the phase name or round is out of range
   */
  public RoundTag {
    requireNonNull(phase, "phase");
    String problem = phaseProblem(phase);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
    if (round < 0 || round > MAX_ROUND) {
      throw new IllegalArgumentException("round must be in 0.." + MAX_ROUND + ", got " + round);
    }
  }

  /** The tag for {@code round} of {@code phase}; see the class comment for the rules. */
  public static RoundTag of(String phase, int round) {
    return new RoundTag(phase, round);
  }

  /** Whether {@code phase} is a valid phase name. */
  public static boolean isValidPhase(String phase) {
    requireNonNull(phase, "phase");
    return phaseProblem(phase) == null;
  }

  /** The phase name's bytes as written on the wire. */
  byte[] phaseBytes() {
    return phase.getBytes(StandardCharsets.US_ASCII);
  }

  /** Returns why {@code phase} is invalid, or null if it is valid. */
  static @Nullable String phaseProblem(String phase) {
    if (phase.isEmpty() || phase.length() > MAX_PHASE_BYTES) {
      return "phase name must be 1.." + MAX_PHASE_BYTES + " characters, got " + phase.length();
    }
    char first = phase.charAt(0);
    if (first < 'a' || first > 'z') {
      return "phase name must start with a lower-case letter";
    }
    for (int i = 1; i < phase.length(); i++) {
      char c = phase.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
      if (!ok) {
        return "phase name may only hold a-z, 0-9, '.', '_' and '-'; found code point " + (int) c;
      }
    }
    return null;
  }

  /** {@code phase/round}, e.g. {@code dkg/1}. */
  @Override
  public String toString() {
    return phase + "/" + round;
  }
}

package dev.mayfly.transport.memory;

import static java.util.Objects.requireNonNull;

import dev.mayfly.common.PartyId;
import dev.mayfly.transport.RoundTag;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * One fault of a {@link FaultPlan}: what happens ({@link FaultKind}) to which party's outgoing
 * messages, in which phase and round, for which recipients, how often, and (for delay and reorder)
 * for how long.
 *
 * <p>Written as {@code kind:party@phase[:round][;option]...}; see {@link FaultPlan} for the
 * grammar. {@link #toString()} gives the canonical spec, which {@link #parse} reads back.
 *
 * @since 0.1.0
 */
public final class Fault {
  /** The default {@code by} of {@link FaultKind#DELAY}. */
  public static final Duration DEFAULT_DELAY = Duration.ofMillis(200);

  /** The default {@code by} (hold window) of {@link FaultKind#REORDER}. */
  public static final Duration DEFAULT_REORDER_WINDOW = Duration.ofMillis(50);

  /** The longest {@code by}. */
  public static final Duration MAX_DELAY = Duration.ofMinutes(10);

  private static final Pattern DURATION = Pattern.compile("([0-9]{1,9})(ms|s)");
  private static final Pattern PROBABILITY = Pattern.compile("(0|1)?\\.[0-9]{1,9}|1");

  private final FaultKind kind;
  private final PartyId party;
  private final @Nullable String phase;
  private final int round;
  private final List<PartyId> recipients;
  private final double probability;
  private final Duration delay;

  private Fault(Builder builder, Duration delay) {
    this.kind = builder.kind;
    this.party = builder.party;
    this.phase = builder.phase;
    this.round = builder.round;
    this.recipients = List.copyOf(builder.recipients);
    this.probability = builder.probability;
    this.delay = delay;
  }

  /** A builder for a fault of {@code kind} on the messages {@code party} sends. */
  public static Builder builder(FaultKind kind, PartyId party) {
    return new Builder(kind, party);
  }

  /**
   * Parses one fault spec, e.g. {@code crash:2@dkg} or {@code delay:3@sign:1;by=500ms}.
   *
   * @throws IllegalArgumentException if the spec does not follow the grammar of {@link FaultPlan}
   */
  public static Fault parse(String spec) {
    requireNonNull(spec, "spec");
    String[] parts = spec.strip().split(";", -1);
    String head = parts[0];
    int colon = head.indexOf(':');
    int at = head.indexOf('@');
    if (colon < 0 || at < colon) {
      throw new IllegalArgumentException(
          "fault '" + spec + "' must look like kind:party@phase[:round]");
    }
    String kindName = head.substring(0, colon);
    FaultKind kind = FaultKind.fromSpecName(kindName).orElseThrow(() ->
        new IllegalArgumentException("unknown fault kind '" + kindName + "' in '" + spec
            + "'; transport faults are " + Arrays.stream(FaultKind.values())
                .map(FaultKind::specName).collect(Collectors.joining(", "))));
    Builder builder = builder(kind, parseParty(head.substring(colon + 1, at), spec));
    String target = head.substring(at + 1);
    if (!target.equals("*")) {
      int roundColon = target.indexOf(':');
      String phase = roundColon < 0 ? target : target.substring(0, roundColon);
      if (!RoundTag.isValidPhase(phase)) {
        throw new IllegalArgumentException("'" + phase + "' in '" + spec
            + "' is not a phase name (a-z first, then a-z, 0-9, '.', '_', '-'; at most "
            + RoundTag.MAX_PHASE_BYTES + ")");
      }
      builder.phase(phase);
      if (roundColon >= 0) {
        builder.round(parseNumber(target.substring(roundColon + 1), RoundTag.MAX_ROUND, spec));
      }
    }
    for (int i = 1; i < parts.length; i++) {
      String option = parts[i];
      int equals = option.indexOf('=');
      if (equals < 0) {
        throw new IllegalArgumentException("option '" + option + "' in '" + spec + "' needs key=value");
      }
      String key = option.substring(0, equals);
      String value = option.substring(equals + 1);
      switch (key) {
        case "to" -> {
          for (String party : value.split("\\+", -1)) {
            builder.to(parseParty(party, spec));
          }
        }
        case "p" -> builder.probability(parseProbability(value, spec));
        case "by" -> builder.delay(parseDuration(value, spec));
        default -> throw new IllegalArgumentException(
            "unknown option '" + key + "' in '" + spec + "'; options are to, p, by");
      }
    }
    return builder.build();
  }

  private static PartyId parseParty(String text, String spec) {
    int value = parseNumber(text, PartyId.MAX, spec);
    if (value < 1) {
      throw new IllegalArgumentException("party 0 in '" + spec + "'; parties are 1.." + PartyId.MAX);
    }
    return PartyId.of(value);
  }

  private static int parseNumber(String text, int max, String spec) {
    if (text.isEmpty() || text.length() > 6 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new IllegalArgumentException("'" + text + "' in '" + spec + "' is not a number 0.." + max);
    }
    int value = Integer.parseInt(text);
    if (value > max) {
      throw new IllegalArgumentException(value + " in '" + spec + "' is above " + max);
    }
    return value;
  }

  private static double parseProbability(String text, String spec) {
    if (!PROBABILITY.matcher(text).matches()) {
      throw new IllegalArgumentException("p='" + text + "' in '" + spec + "' must be a decimal in (0, 1]");
    }
    return Double.parseDouble(text);
  }

  private static Duration parseDuration(String text, String spec) {
    Matcher m = DURATION.matcher(text);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "by='" + text + "' in '" + spec + "' must be a whole number of ms or s, e.g. 250ms");
    }
    long amount = Long.parseLong(m.group(1));
    return m.group(2).equals("ms") ? Duration.ofMillis(amount) : Duration.ofSeconds(amount);
  }

  public FaultKind kind() {
    return kind;
  }

  /** The party whose outgoing messages are affected. */
  public PartyId party() {
    return party;
  }

  /** The phase name the fault targets, or empty for every phase. */
  public Optional<String> phase() {
    return Optional.ofNullable(phase);
  }

  /** The round the fault targets, or empty for every round of the phase. */
  public OptionalInt round() {
    return round < 0 ? OptionalInt.empty() : OptionalInt.of(round);
  }

  /** The recipients affected, ascending; empty means every recipient. */
  public List<PartyId> recipients() {
    return recipients;
  }

  /** The chance that one message to one recipient is affected, in (0, 1]. */
  public double probability() {
    return probability;
  }

  /** The delay ({@link FaultKind#DELAY}) or hold window ({@link FaultKind#REORDER}); zero otherwise. */
  public Duration delay() {
    return delay;
  }

  /** Whether this fault applies to a message from {@code sender} tagged {@code tag}. */
  boolean matches(PartyId sender, RoundTag tag) {
    return party.equals(sender)
        && (phase == null || phase.equals(tag.phase()))
        && (round < 0 || round == tag.round());
  }

  /** Whether this fault applies to the copy of a message that goes to {@code recipient}. */
  boolean appliesTo(PartyId recipient) {
    return recipients.isEmpty() || recipients.contains(recipient);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Fault that
        && kind == that.kind
        && party.equals(that.party)
        && Objects.equals(phase, that.phase)
        && round == that.round
        && recipients.equals(that.recipients)
        && Double.compare(probability, that.probability) == 0
        && delay.equals(that.delay);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, party, phase, round, recipients, probability, delay);
  }

  /** The canonical spec, e.g. {@code delay:2@dkg:1;to=3;by=500ms}. */
  @Override
  public String toString() {
    StringBuilder spec = new StringBuilder()
        .append(kind.specName()).append(':').append(party.value()).append('@')
        .append(phase == null ? "*" : phase);
    if (round >= 0) {
      spec.append(':').append(round);
    }
    if (!recipients.isEmpty()) {
      spec.append(";to=").append(recipients.stream()
          .map(p -> String.valueOf(p.value())).collect(Collectors.joining("+")));
    }
    if (probability < 1.0) {
      spec.append(";p=").append(new BigDecimal(Double.toString(probability))
          .stripTrailingZeros().toPlainString());
    }
    if (kind == FaultKind.DELAY || kind == FaultKind.REORDER) {
      spec.append(";by=").append(delay.toMillis()).append("ms");
    }
    return spec.toString();
  }

  /**
   * Builds a {@link Fault}; by default it targets every phase and round, every recipient, with
   * probability 1 and the kind's default delay.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private final FaultKind kind;
    private final PartyId party;
    private @Nullable String phase;
    private int round = -1;
    private final TreeSet<PartyId> recipients = new TreeSet<>();
    private double probability = 1.0;
    private @Nullable Duration delay;

    private Builder(FaultKind kind, PartyId party) {
      this.kind = requireNonNull(kind, "kind");
      this.party = requireNonNull(party, "party");
    }

    /** Only messages of this phase (see {@link RoundTag}). */
    public Builder phase(String phase) {
      requireNonNull(phase, "phase");
      if (!RoundTag.isValidPhase(phase)) {
        throw new IllegalArgumentException("'" + phase + "' is not a phase name");
      }
      this.phase = phase;
      return this;
    }

    /** Only messages of this round of the phase. */
    public Builder round(int round) {
      if (round < 0 || round > RoundTag.MAX_ROUND) {
        throw new IllegalArgumentException("round must be 0.." + RoundTag.MAX_ROUND + ", got " + round);
      }
      this.round = round;
      return this;
    }

    /** Only the copies going to these recipients (may be called repeatedly). */
    public Builder to(PartyId... recipients) {
      for (PartyId recipient : requireNonNull(recipients, "recipients")) {
        this.recipients.add(requireNonNull(recipient, "recipient"));
      }
      return this;
    }

    /** The chance, in (0, 1], that one message to one recipient is affected (seeded). */
    public Builder probability(double probability) {
      if (!(probability > 0.0 && probability <= 1.0)) {
        throw new IllegalArgumentException("probability must be in (0, 1], got " + probability);
      }
      this.probability = probability;
      return this;
    }

    /** The delay ({@link FaultKind#DELAY}) or hold window ({@link FaultKind#REORDER}). */
    public Builder delay(Duration delay) {
      requireNonNull(delay, "delay");
      if (delay.isNegative() || delay.isZero() || delay.compareTo(MAX_DELAY) > 0) {
        throw new IllegalArgumentException("delay must be in (0, " + MAX_DELAY + "], got " + delay);
      }
      this.delay = delay;
      return this;
    }

    /**
     * Checks that the options fit the kind and builds the fault.
     *
     * @throws IllegalArgumentException if an option does not apply to the kind ({@code by} only
     *     to delay and reorder; {@code p} not to equivocate and crash; {@code to} not to crash),
     *     or a round is given without a phase
     */
    public Fault build() {
      if (round >= 0 && phase == null) {
        throw new IllegalArgumentException("a round needs a phase");
      }
      boolean timed = kind == FaultKind.DELAY || kind == FaultKind.REORDER;
      if (delay != null && !timed) {
        throw new IllegalArgumentException("by= applies to delay and reorder only, not " + kind.specName());
      }
      if (probability < 1.0 && (kind == FaultKind.EQUIVOCATE || kind == FaultKind.CRASH)) {
        throw new IllegalArgumentException("p= does not apply to " + kind.specName());
      }
      if (!recipients.isEmpty() && kind == FaultKind.CRASH) {
        throw new IllegalArgumentException("to= does not apply to crash");
      }
      Duration resolved = delay != null ? delay
          : kind == FaultKind.DELAY ? DEFAULT_DELAY
          : kind == FaultKind.REORDER ? DEFAULT_REORDER_WINDOW
          : Duration.ZERO;
      return new Fault(this, resolved);
    }
  }

  /** Every recipient in {@code recipients} this fault applies to. */
  List<PartyId> affected(List<PartyId> recipientsOfMessage) {
    List<PartyId> result = new ArrayList<>();
    for (PartyId recipient : recipientsOfMessage) {
      if (appliesTo(recipient)) {
        result.add(recipient);
      }
    }
    return result;
  }
}

package dev.mayfly.ceremony;

import static java.util.Objects.requireNonNull;

import dev.mayfly.cert.mint.GroupKeyAlgorithm;
import dev.mayfly.common.PartyId;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The ceremony limits a party is configured with, next to its TEE policy and approval policy pins
 * (DESIGN.md section 1, "Party-side pins"): the lowest threshold it takes part in, the algorithms
 * it allows, the most parties, and optionally what hardware each party slot must run on. A party
 * refuses, before its hello, any proposal outside them; the host cannot lower them.
 *
 * <pre>{@code
 * CeremonyLimits limits = CeremonyLimits.builder()
 *     .minThreshold(3)
 *     .allowedAlgorithms(Set.of(GroupKeyAlgorithm.ED25519))
 *     .maxParties(5)
 *     .build();
 * }</pre>
 *
 * <p>Defaults: threshold at least 2, both algorithms, at most 16 parties, no slot pins. Immutable.
 *
 * @since 0.1.0
 */
public final class CeremonyLimits {
  /** The default of {@link Builder#maxParties}. */
  public static final int DEFAULT_MAX_PARTIES = 16;

  /**
   * What one party slot must run on: a chip (its 64-byte CHIP_ID; compared with the VCEK's hwID,
   * which is the whole CHIP_ID or, on Turin, its first 8 bytes) or a launch (its 32-byte
   * HOST_DATA, for VLEK-signed reports with CHIP_ID masked, where nothing names the chip).
   */
  public static final class SlotPin {
    private final byte @Nullable [] chipId;
    private final byte @Nullable [] hostData;

    private SlotPin(byte @Nullable [] chipId, byte @Nullable [] hostData) {
      this.chipId = chipId;
      this.hostData = hostData;
    }

    /** Whether hardware {@code hardwareId} (hwID or CHIP_ID; null if unknown) and {@code hostData} fit. */
    boolean matches(byte @Nullable [] hardwareId, byte[] hostData) {
      if (chipId != null) {
        return hardwareId != null && hardwareId.length <= chipId.length
            && Arrays.equals(Arrays.copyOf(chipId, hardwareId.length), hardwareId);
      }
      return Arrays.equals(this.hostData, hostData);
    }

    @Override
    public String toString() {
      return chipId != null ? "chip " + HexFormat.of().formatHex(chipId, 0, 8) + "..."
          : "HOST_DATA " + HexFormat.of().formatHex(requireNonNull(hostData), 0, 8) + "...";
    }
  }

  private final int minThreshold;
  private final Set<GroupKeyAlgorithm> algorithms;
  private final int maxParties;
  private final Map<PartyId, SlotPin> slotPins;

  private CeremonyLimits(Builder b) {
    this.minThreshold = b.minThreshold;
    this.algorithms = Set.copyOf(b.algorithms);
    this.maxParties = b.maxParties;
    this.slotPins = Map.copyOf(b.slotPins);
  }

  /** The defaults (see the class comment). */
  public static CeremonyLimits defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The lowest signing threshold this party takes part in. */
  public int minThreshold() {
    return minThreshold;
  }

  /** The algorithms this party allows. */
  public Set<GroupKeyAlgorithm> allowedAlgorithms() {
    return algorithms;
  }

  /** The most parties a session may have. */
  public int maxParties() {
    return maxParties;
  }

  /** The pin of {@code party}'s slot, if any. */
  public Optional<SlotPin> slotPin(PartyId party) {
    return Optional.ofNullable(slotPins.get(requireNonNull(party, "party")));
  }

  /** Whether every one of {@code parties} has a slot pin. */
  boolean pinsEverySlot(Collection<PartyId> parties) {
    return slotPins.keySet().containsAll(parties);
  }

  @Override
  public String toString() {
    return "CeremonyLimits[threshold >= " + minThreshold + ", algorithms " + algorithms
        + ", parties <= " + maxParties + ", pinned slots " + new TreeMap<>(slotPins).keySet() + "]";
  }

  /**
   * Builder for {@link CeremonyLimits}.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private int minThreshold = 2;
    private Set<GroupKeyAlgorithm> algorithms = EnumSet.allOf(GroupKeyAlgorithm.class);
    private int maxParties = DEFAULT_MAX_PARTIES;
    private final Map<PartyId, SlotPin> slotPins = new TreeMap<>();

    private Builder() {}

    /** The lowest threshold, 2..255; default 2. */
    public Builder minThreshold(int minThreshold) {
      if (minThreshold < 2 || minThreshold > SessionProposal.MAX_PARTIES) {
        throw new IllegalArgumentException("minThreshold must be in 2.."
            + SessionProposal.MAX_PARTIES + ", got " + minThreshold);
      }
      this.minThreshold = minThreshold;
      return this;
    }

    /** The algorithms allowed, at least one; default both. */
    public Builder allowedAlgorithms(Set<GroupKeyAlgorithm> algorithms) {
      requireNonNull(algorithms, "algorithms");
      if (algorithms.isEmpty()) {
        throw new IllegalArgumentException("allow at least one algorithm");
      }
      this.algorithms = EnumSet.copyOf(algorithms);
      return this;
    }

    /** The most parties, 2..255; default {@value #DEFAULT_MAX_PARTIES}. */
    public Builder maxParties(int maxParties) {
      if (maxParties < 2 || maxParties > SessionProposal.MAX_PARTIES) {
        throw new IllegalArgumentException(
            "maxParties must be in 2.." + SessionProposal.MAX_PARTIES + ", got " + maxParties);
      }
      this.maxParties = maxParties;
      return this;
    }

    /** Requires {@code party}'s slot to run on the chip with this 64-byte CHIP_ID. */
    public Builder pinChip(PartyId party, byte[] chipId) {
      requireNonNull(party, "party");
      requireNonNull(chipId, "chipId");
      if (chipId.length != 64) {
        throw new IllegalArgumentException("a chip id is 64 bytes, got " + chipId.length);
      }
      slotPins.put(party, new SlotPin(chipId.clone(), null));
      return this;
    }

    /**
     * Requires {@code party}'s slot to run a launch with this 32-byte HOST_DATA. For VLEK-signed
     * reports with CHIP_ID masked, where nothing in the report tells chips apart: pinning every
     * slot this way is the deployment's statement that its placement keeps parties apart.
     */
    public Builder pinHostData(PartyId party, byte[] hostData) {
      requireNonNull(party, "party");
      requireNonNull(hostData, "hostData");
      if (hostData.length != 32) {
        throw new IllegalArgumentException("HOST_DATA is 32 bytes, got " + hostData.length);
      }
      slotPins.put(party, new SlotPin(null, hostData.clone()));
      return this;
    }

    /**
     * Builds the limits.
     *
     * @throws IllegalArgumentException if the lowest threshold is above the most parties
     */
    public CeremonyLimits build() {
      if (minThreshold > maxParties) {
        throw new IllegalArgumentException(
            "minThreshold " + minThreshold + " is above maxParties " + maxParties);
      }
      return new CeremonyLimits(this);
    }
  }
}

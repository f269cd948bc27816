package dev.mayfly.transport.memory;

import dev.mayfly.common.PartyId;
import dev.mayfly.transport.Envelope;
import dev.mayfly.transport.IdentityKeyPair;
import dev.mayfly.transport.RoundTag;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Applies a {@link FaultPlan} to each message an {@link InMemoryNetwork} carries.
 *
 * <p>Every random choice comes from a {@link SplittableRandom} seeded by a hash of (plan seed,
 * fault index, sender, round tag, sequence number, recipient), so decisions do not depend on
 * thread timing. Thread-safe.
 */
final class FaultInjector {
  private final FaultPlan plan;
  private final Set<PartyId> crashed = ConcurrentHashMap.newKeySet();
  private final Map<PartyId, IdentityKeyPair> equivocationKeys = new ConcurrentHashMap<>();
  private final Map<List<PartyId>, Long> reorderRelease = new HashMap<>(); // guarded by itself
  private final List<FaultEvent> log = Collections.synchronizedList(new ArrayList<>());

  FaultInjector(FaultPlan plan) {
    this.plan = plan;
  }

  void registerEquivocationKey(PartyId party, IdentityKeyPair key) {
    equivocationKeys.put(party, key);
  }

  List<FaultEvent> log() {
    synchronized (log) {
      return List.copyOf(log);
    }
  }

  /** The copies to deliver for {@code envelope} sent by {@code sender} to {@code recipients}. */
  List<Delivery> apply(PartyId sender, Envelope envelope, List<PartyId> recipients, long now) {
    RoundTag tag = envelope.tag();
    long sequence = envelope.sequence();
    if (!crashed.contains(sender)) {
      for (Fault fault : plan.faults()) {
        if (fault.kind() == FaultKind.CRASH && fault.matches(sender, tag)) {
          crashed.add(sender);
          break;
        }
      }
    }
    if (crashed.contains(sender)) {
      for (PartyId recipient : recipients) {
        log.add(new FaultEvent(FaultKind.CRASH, sender, recipient, tag, sequence, ""));
      }
      return List.of();
    }
    byte[] encoded = envelope.encode();
    List<Delivery> deliveries = new ArrayList<>();
    for (PartyId recipient : recipients) {
      deliveries.add(new Delivery(recipient, encoded, now));
    }
    List<Fault> faults = plan.faults();
    for (int index = 0; index < faults.size(); index++) {
      Fault fault = faults.get(index);
      if (fault.kind() == FaultKind.CRASH || !fault.matches(sender, tag)) {
        continue;
      }
      if (fault.kind() == FaultKind.EQUIVOCATE) {
        equivocate(index, fault, sender, envelope, deliveries);
        continue;
      }
      List<Delivery> result = new ArrayList<>();
      for (Delivery delivery : deliveries) {
        result.add(delivery);
        if (!fault.appliesTo(delivery.recipient)) {
          continue;
        }
        SplittableRandom random = random(index, sender, tag, sequence, delivery.recipient);
        if (random.nextDouble() >= fault.probability()) {
          continue;
        }
        String detail = "";
        switch (fault.kind()) {
          case DROP -> result.remove(result.size() - 1);
          case DELAY -> {
            delivery.deliverAtNanos += fault.delay().toNanos();
            detail = "+" + fault.delay().toMillis() + "ms";
          }
          case DUPLICATE -> result.add(delivery.copy());
          case REORDER -> {
            delivery.deliverAtNanos = releaseTime(sender, delivery.recipient, now, fault);
            delivery.orderKey = random.nextLong();
            detail = "key " + Long.toHexString(delivery.orderKey);
          }
          case CORRUPT -> {
            int bit = random.nextInt(delivery.bytes.length * 8);
            byte[] flipped = delivery.bytes.clone();
            flipped[bit / 8] ^= (byte) (1 << (bit % 8));
            delivery.bytes = flipped;
            detail = "bit " + bit;
          }
          default -> throw new IllegalStateException("unhandled fault kind " + fault.kind());
        }
        log.add(new FaultEvent(fault.kind(), sender, delivery.recipient, tag, sequence, detail));
      }
      deliveries = result;
    }
    return deliveries;
  }

  /**
   * Gives some recipients of a broadcast a forged envelope: the same header with one seeded bit
   * of the payload flipped (or one seeded byte if it was empty), validly signed with the sender's
   * registered identity key.
   */
  private void equivocate(
      int index, Fault fault, PartyId sender, Envelope envelope, List<Delivery> deliveries) {
    if (!envelope.isBroadcast() || deliveries.isEmpty()) {
      return;
    }
    IdentityKeyPair key = equivocationKeys.get(sender);
    if (key == null) {
      throw new IllegalStateException("fault " + fault + " needs the identity key of " + sender
          + ": call InMemoryNetwork.registerEquivocationKey before it broadcasts");
    }
    SplittableRandom random =
        random(index, sender, envelope.tag(), envelope.sequence(), sender);
    List<PartyId> candidates = new ArrayList<>();
    for (Delivery delivery : deliveries) {
      if (fault.appliesTo(delivery.recipient) && !candidates.contains(delivery.recipient)) {
        candidates.add(delivery.recipient);
      }
    }
    List<PartyId> victims = new ArrayList<>();
    if (!fault.recipients().isEmpty() || candidates.size() == 1) {
      victims.addAll(candidates);
    } else {
      // A seeded half (rounded up) of the recipients, so both versions are seen.
      List<PartyId> shuffled = new ArrayList<>(candidates);
      for (int i = shuffled.size() - 1; i > 0; i--) {
        Collections.swap(shuffled, i, random.nextInt(i + 1));
      }
      victims.addAll(shuffled.subList(0, (shuffled.size() + 1) / 2));
    }
    byte[] payload = envelope.payload();
    byte[] forgedPayload;
    String detail;
    if (payload.length == 0) {
      forgedPayload = new byte[] {(byte) random.nextInt(256)};
      detail = "payload byte added";
    } else {
      int bit = random.nextInt(payload.length * 8);
      forgedPayload = payload.clone();
      forgedPayload[bit / 8] ^= (byte) (1 << (bit % 8));
      detail = "payload bit " + bit;
    }
    byte[] forged = envelope.toBuilder().payload(forgedPayload).sign(key).encode();
    for (Delivery delivery : deliveries) {
      if (victims.contains(delivery.recipient)) {
        delivery.bytes = forged;
        log.add(new FaultEvent(FaultKind.EQUIVOCATE, sender, delivery.recipient, envelope.tag(),
            envelope.sequence(), detail));
      }
    }
  }

  /** The release time of the open reorder group from sender to recipient, opening one if none. */
  private long releaseTime(PartyId sender, PartyId recipient, long now, Fault fault) {
    List<PartyId> link = List.of(sender, recipient);
    synchronized (reorderRelease) {
      Long open = reorderRelease.get(link);
      if (open != null && open - now > 0) {
        return open;
      }
      long release = now + fault.delay().toNanos();
      reorderRelease.put(link, release);
      return release;
    }
  }

  private SplittableRandom random(
      int index, PartyId sender, RoundTag tag, long sequence, PartyId recipient) {
    long h = mix(plan.seed() + 0x632BE59BD9B4E019L * (index + 1));
    h = mix(h ^ sender.value());
    h = mix(h ^ tag.phase().hashCode() ^ ((long) tag.round() << 32));
    h = mix(h ^ sequence);
    h = mix(h ^ recipient.value());
    return new SplittableRandom(h);
  }

  /** The SplitMix64 finalizer: a bijective 64-bit mix. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}

package dev.mayfly.transport.memory;

import static java.util.Objects.requireNonNull;

import dev.mayfly.common.PartyId;
import dev.mayfly.transport.Envelope;
import dev.mayfly.transport.IdentityKeyPair;
import dev.mayfly.transport.Transport;
import dev.mayfly.transport.internal.PartySets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Connects the parties of one session inside one JVM and injects the faults of a
 * {@link FaultPlan}: the embedded default transport (DESIGN.md section 3).
 *
 * <pre>{@code
 * InMemoryNetwork network = InMemoryNetwork.builder()
 *     .parties(3)
 *     .faults(FaultPlan.parse("crash:2@dkg"))
 *     .build();
 * Transport alice = network.transport(PartyId.of(1));
 * }</pre>
 *
 * <p>Messages are copied as encoded bytes, so receivers see exactly what a network would carry
 * (including corrupted bits). No threads are started: a delayed message waits in its recipient's
 * mailbox until its time has come. Each network is independent, with no static state, so any
 * number of sessions can run side by side in one JVM.
 *
 * <p>For {@link FaultKind#EQUIVOCATE} the network plays the malicious sender, so it needs that
 * party's identity key: {@link #registerEquivocationKey} before the party broadcasts in the
 * targeted phase.
 *
 * <p>Thread-safety: safe for concurrent use.
 *
 * @since 0.1.0
 */
public final class InMemoryNetwork implements AutoCloseable {
  private final List<PartyId> parties;
  private final Map<PartyId, InMemoryTransport> endpoints;
  private final FaultPlan plan;
  private final FaultInjector injector;

  private InMemoryNetwork(List<PartyId> parties, FaultPlan plan) {
    this.parties = parties;
    this.plan = plan;
    this.injector = new FaultInjector(plan);
    Map<PartyId, InMemoryTransport> endpoints = new LinkedHashMap<>();
    for (PartyId party : parties) {
      List<PartyId> peers = new ArrayList<>(parties);
      peers.remove(party);
      endpoints.put(party, new InMemoryTransport(this, party, peers));
    }
    this.endpoints = Map.copyOf(endpoints);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Every party on the network, ascending. */
  public List<PartyId> parties() {
    return parties;
  }

  /** The fault plan this network applies. */
  public FaultPlan faultPlan() {
    return plan;
  }

  /**
   * The endpoint of {@code party}; the same instance on every call.
   *
   * @throws IllegalArgumentException if {@code party} is not on this network
   */
  public Transport transport(PartyId party) {
    requireNonNull(party, "party");
    InMemoryTransport endpoint = endpoints.get(party);
    if (endpoint == null) {
      throw new IllegalArgumentException(party + " is not on this network " + parties);
    }
    return endpoint;
  }

  /**
   * Gives the network the identity key of a party that an {@link FaultKind#EQUIVOCATE} fault
   * makes malicious, so it can sign the forged broadcasts. The caller keeps ownership of the key.
   *
   * <p><b>Security:</b> for test and demo harnesses only; it hands a party's signing key to the
   * network.
   */
  public void registerEquivocationKey(PartyId party, IdentityKeyPair key) {
    requireNonNull(party, "party");
    requireNonNull(key, "key");
    transport(party);
    injector.registerEquivocationKey(party, key);
  }

  /**
   * Delivers {@code bytes} to {@code recipient} as if {@code origin} had sent them, bypassing the
   * fault plan. Lets tests model a malicious party or relay that sends bytes no honest sender
   * would (forged, replayed, misaddressed).
   *
   * @throws IllegalArgumentException if either party is not on this network
   */
  public void inject(PartyId origin, PartyId recipient, byte[] bytes) {
    requireNonNull(origin, "origin");
    requireNonNull(bytes, "bytes");
    transport(origin);
    InMemoryTransport target = (InMemoryTransport) transport(recipient);
    target.enqueue(origin, bytes.clone(), System.nanoTime(), 0);
  }

  /** The fault decisions carried out so far, in the order they were made. */
  public List<FaultEvent> faultLog() {
    return injector.log();
  }

  void dispatch(PartyId sender, Envelope envelope, List<PartyId> recipients) {
    for (Delivery delivery : injector.apply(sender, envelope, recipients, System.nanoTime())) {
      endpoints.get(delivery.recipient)
          .enqueue(sender, delivery.bytes, delivery.deliverAtNanos, delivery.orderKey);
    }
  }

  /** Closes every endpoint. */
  @Override
  public void close() {
    endpoints.values().forEach(InMemoryTransport::close);
  }

  @Override
  public String toString() {
    return "InMemoryNetwork[" + parties.size() + " parties, faults '" + plan + "']";
  }

  /**
   * Builds an {@link InMemoryNetwork}; {@link #parties} is required, the fault plan defaults to
   * {@link FaultPlan#none()}.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private TreeSet<PartyId> parties = new TreeSet<>();
    private FaultPlan plan = FaultPlan.none();

    private Builder() {}

    /** Parties 1..{@code count}. */
    public Builder parties(int count) {
      if (count < 2 || count > PartyId.MAX) {
        throw new IllegalArgumentException("a network needs 2.." + PartyId.MAX + " parties, got " + count);
      }
      TreeSet<PartyId> numbered = new TreeSet<>();
      for (int i = 1; i <= count; i++) {
        numbered.add(PartyId.of(i));
      }
      this.parties = numbered;
      return this;
    }

    /** Exactly these parties. */
    public Builder parties(List<PartyId> parties) {
      this.parties = PartySets.sortedCopy(parties);
      return this;
    }

    public Builder faults(FaultPlan plan) {
      this.plan = requireNonNull(plan, "plan");
      return this;
    }

    /**
     * Checks the fields and builds the network.
     *
     * @throws IllegalStateException if there are fewer than two parties, or a fault names a party
     *     (sender or recipient) that is not on the network
     */
    public InMemoryNetwork build() {
      if (parties.size() < 2) {
        throw new IllegalStateException("a network needs at least two parties, got " + parties);
      }
      for (Fault fault : plan.faults()) {
        List<PartyId> named = new ArrayList<>(fault.recipients());
        named.add(fault.party());
        for (PartyId party : named) {
          if (!parties.contains(party)) {
            throw new IllegalStateException("fault " + fault + " names " + party
                + ", which is not on the network " + parties);
          }
        }
      }
      return new InMemoryNetwork(List.copyOf(parties), plan);
    }
  }
}

package dev.mayfly.transport;

import dev.mayfly.common.InsecureSecretAccess;
import dev.mayfly.common.PartyId;
import dev.mayfly.common.SecretBytes;
import dev.mayfly.transport.memory.FaultPlan;
import dev.mayfly.transport.memory.InMemoryNetwork;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * One seeded session over an in-memory network: identity keys, a directory and a channel per
 * party. Tests print {@link #seed} in failure messages.
 */
public final class SessionFixture implements AutoCloseable {
  public static final RoundTag HELLO = RoundTag.of("hello", 1);
  public static final RoundTag DKG_1 = RoundTag.of("dkg", 1);
  public static final RoundTag DKG_1_ECHO = RoundTag.of("dkg-echo", 1);
  public static final RoundTag DKG_2 = RoundTag.of("dkg", 2);
  public static final RoundTag SIGN_1 = RoundTag.of("sign", 1);
  public static final RoundSchedule SCHEDULE =
      RoundSchedule.of(HELLO, DKG_1, DKG_1_ECHO, DKG_2, SIGN_1);
  public static final Duration ROUND_TIMEOUT = Duration.ofSeconds(10);
  public static final long DEFAULT_SEED = 20261124L;

  public final long seed;
  public final SessionId sessionId;
  public final byte[] policyHash;
  public final InMemoryNetwork network;
  public final List<PartyId> parties;
  private final Map<PartyId, IdentityKeyPair> keys = new LinkedHashMap<>();
  private final Map<PartyId, PeerDirectory> directories = new LinkedHashMap<>();
  private final Map<PartyId, SessionChannel> channels = new LinkedHashMap<>();

  private SessionFixture(int count, FaultPlan plan, boolean pinAll, long seed) {
    this.seed = seed;
    Random random = new Random(seed);
    this.sessionId = SessionId.create(bytes(random, SessionId.LENGTH_BYTES));
    this.policyHash = bytes(random, Envelope.POLICY_HASH_BYTES);
    this.network = InMemoryNetwork.builder().parties(count).faults(plan).build();
    this.parties = network.parties();
    for (PartyId party : parties) {
      keys.put(party, keyPair(random));
    }
    for (PartyId party : parties) {
      PeerDirectory directory = PeerDirectory.create(Set.copyOf(parties));
      directory.pin(party, keys.get(party).publicKey());
      if (pinAll) {
        keys.forEach((p, k) -> directory.pin(p, k.publicKey()));
      }
      directories.put(party, directory);
      channels.put(party, SessionChannel.builder()
          .transport(network.transport(party))
          .identityKey(keys.get(party))
          .sessionId(sessionId)
          .policyHash(policyHash)
          .directory(directory)
          .schedule(SCHEDULE)
          .admission(helloAdmission(party.value()))
          .build());
    }
  }

  /** Every key pinned at every party. */
  public static SessionFixture create(int count, FaultPlan plan) {
    return new SessionFixture(count, plan, true, DEFAULT_SEED);
  }

  public static SessionFixture create(int count, FaultPlan plan, long seed) {
    return new SessionFixture(count, plan, true, seed);
  }

  /** Each party knows only its own key, as before the hello round. */
  public static SessionFixture createUnpinned(int count, FaultPlan plan) {
    return new SessionFixture(count, plan, false, DEFAULT_SEED);
  }

  public static IdentityKeyPair keyPair(Random random) {
    try (SecretBytes seed = SecretBytes.wrap(bytes(random, 32), InsecureSecretAccess.get())) {
      return IdentityKeyPair.fromPrivateKey(seed, InsecureSecretAccess.get());
    }
  }

  public static byte[] bytes(Random random, int length) {
    byte[] out = new byte[length];
    random.nextBytes(out);
    return out;
  }

  public static PartyId p(int value) {
    return PartyId.of(value);
  }

  public SessionChannel channel(int party) {
    return channels.get(p(party));
  }

  public IdentityKeyPair key(int party) {
    return keys.get(p(party));
  }

  public PeerDirectory directory(int party) {
    return directories.get(p(party));
  }

  /** The parties other than {@code party}. */
  public Set<PartyId> peersOf(int party) {
    TreeSet<PartyId> peers = new TreeSet<>(parties);
    peers.remove(p(party));
    return peers;
  }

  /** A builder for an envelope from {@code party} in this session, sequence number unset. */
  public Envelope.Builder envelopeFrom(int party) {
    return Envelope.builder()
        .sessionId(sessionId)
        .sender(p(party))
        .policyHash(policyHash);
  }

  /** A payload that names its sender and round, so every party's payload differs. */
  public static byte[] payload(PartyId party, RoundTag tag) {
    return (tag + " from " + party.value()).getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  /** The hello payload: the 32-byte identity key, then stand-in evidence bytes. */
  public byte[] helloPayload(int party) {
    byte[] key = key(party).publicKey().encoded();
    byte[] payload = Arrays.copyOf(key, key.length + 16);
    Arrays.fill(payload, key.length, payload.length, (byte) party);
    return payload;
  }

  /**
   * An admission for {@code party} matching {@link #helloPayload}: a hello signed under the key in
   * its first 32 bytes admits (pins) that key; anything else is junk. It trusts the carried key
   * (a real admission checks what vouches for it, such as an attestation report).
   */
  public PeerAdmission helloAdmission(int party) {
    return envelope -> {
      if (!envelope.tag().equals(HELLO) || envelope.payload().length < IdentityPublicKey.LENGTH_BYTES) {
        return Optional.empty();
      }
      byte[] carried = Arrays.copyOf(envelope.payload(), IdentityPublicKey.LENGTH_BYTES);
      Optional<IdentityPublicKey> key = IdentityPublicKey.tryDecode(carried);
      if (key.isEmpty() || !envelope.signatureVerifies(key.get())
          || directory(party).key(envelope.sender()).isPresent()) {
        return Optional.empty();
      }
      directory(party).pin(envelope.sender(), key.get());
      return key;
    };
  }

  /**
   * The broadcast round plus echo every party runs: broadcast its payload for DKG_1, collect the
   * others', echo. Returns the agreement.
   */
  public EchoAgreement broadcastAndEcho(SessionChannel channel) throws Exception {
    return broadcastAndEcho(channel, ROUND_TIMEOUT);
  }

  /** As {@link #broadcastAndEcho(SessionChannel)}, with {@code timeout} for each collection. */
  public EchoAgreement broadcastAndEcho(SessionChannel channel, Duration timeout)
      throws Exception {
    PartyId self = channel.self();
    Envelope own = channel.broadcast(DKG_1, payload(self, DKG_1));
    Set<PartyId> peers = peersOf(self.value());
    SortedMap<PartyId, VerifiedEnvelope> received = channel.collect(DKG_1, peers, timeout);
    EchoBroadcast view = EchoBroadcast.of(DKG_1, SessionChannel.viewOf(Optional.of(own), received));
    return channel.echo(view, DKG_1_ECHO, peers, timeout);
  }

  /** What one party's script returned or threw. */
  public record Outcome<T>(T value, Exception failure) {
    public boolean failed() {
      return failure != null;
    }
  }

  /** A party's part in a test scenario. */
  @FunctionalInterface
  public interface PartyScript<T> {
    T run(SessionChannel channel) throws Exception;
  }

  /** Runs {@code script} for every party at once, one thread each, and gathers the outcomes. */
  public <T> SortedMap<PartyId, Outcome<T>> runAll(PartyScript<T> script) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(parties.size());
    try {
      Map<PartyId, Future<T>> futures = new LinkedHashMap<>();
      for (PartyId party : parties) {
        SessionChannel channel = channels.get(party);
        futures.put(party, pool.submit(() -> script.run(channel)));
      }
      SortedMap<PartyId, Outcome<T>> outcomes = new TreeMap<>();
      for (Map.Entry<PartyId, Future<T>> entry : futures.entrySet()) {
        try {
          outcomes.put(entry.getKey(), new Outcome<>(entry.getValue().get(60, TimeUnit.SECONDS), null));
        } catch (java.util.concurrent.ExecutionException e) {
          outcomes.put(entry.getKey(), new Outcome<>(null, (Exception) e.getCause()));
        }
      }
      return outcomes;
    } finally {
      pool.shutdownNow();
    }
  }

  /** The failures among {@code outcomes}, by party. */
  public static <T> List<Exception> failures(Map<PartyId, Outcome<T>> outcomes) {
    List<Exception> failures = new ArrayList<>();
    outcomes.values().forEach(o -> {
      if (o.failed()) {
        failures.add(o.failure());
      }
    });
    return failures;
  }

  @Override
  public void close() {
    network.close();
    keys.values().forEach(IdentityKeyPair::close);
  }

  @Override
  public String toString() {
    return "SessionFixture[seed " + seed + ", " + network + "]";
  }
}

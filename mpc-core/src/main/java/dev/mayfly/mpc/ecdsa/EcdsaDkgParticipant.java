package dev.mayfly.mpc.ecdsa;

import static java.util.Objects.requireNonNull;

import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.InsecureSecretAccess;
import dev.mayfly.common.PartyId;
import dev.mayfly.common.ProtocolException;
import dev.mayfly.common.SecretRegistry;
import dev.mayfly.mpc.ProtocolMessage;
import dev.mayfly.mpc.Step;
import dev.mayfly.mpc.ciphersuite.GroupElement;
import dev.mayfly.mpc.ciphersuite.internal.SuiteMath;
import dev.mayfly.mpc.ecdsa.internal.BaseOt;
import dev.mayfly.mpc.ecdsa.internal.EcdsaCodec;
import dev.mayfly.mpc.ecdsa.internal.Hashes;
import dev.mayfly.mpc.ecdsa.internal.PairSetup;
import dev.mayfly.mpc.internal.Parties;
import dev.mayfly.mpc.internal.SecretState;
import dev.mayfly.mpc.internal.Wire;
import dev.mayfly.mpc.keygen.DkgParticipant;
import dev.mayfly.mpc.keygen.DkgShareMessage;
import dev.mayfly.mpc.keygen.KeyShare;
import dev.mayfly.mpc.keygen.internal.Feldman;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * One party's side of the threshold ECDSA key generation, a sans-I/O state machine: mpc-core's
 * Pedersen DKG with proofs of knowledge over P-256 (embedded unchanged) plus the pairwise setup
 * DKLs23 signing needs (ePrint 2023/765, §3: the initialisation of F_RVOLE and F_Zero).
 *
 * <ol>
 *   <li>{@link #start()} returns the round-1 broadcast: Feldman commitments and proof, and this
 *       party's base-OT sender key {@code A} with a proof of knowledge.
 *   <li>Once all round-1 messages are in and every proof verifies, the step returns one
 *       point-to-point {@link EcdsaDkgShareMessage} per peer: the Feldman share, a random
 *       zero-sharing seed contribution, and 128 base-OT receiver points chosen by 128 fresh random
 *       bits (this party's OT-extension {@code Delta} towards that peer).
 *   <li>Each share message is checked (Feldman share, points) and answered locally with the base-OT
 *       sender computation. When all are in, the step completes with an {@link EcdsaKeyShare}.
 * </ol>
 *
 * <p>Any invalid input aborts: the call throws {@link ProtocolException} naming the culprits
 * ({@code MPC_INVALID_PROOF_OF_KNOWLEDGE}, {@code MPC_INVALID_SECRET_SHARE},
 * {@code MPC_INVALID_ELEMENT}, ...), after every secret is destroyed.
 *
 * <p><b>Security:</b> round-1 messages must be delivered by a broadcast that detects
 * equivocation, round-2 messages encrypted and authenticated to their recipient; both are the
 * host's job. The group secret is never assembled. A session context given to the
 * {@link #builder()} is bound into both proofs of knowledge (the Feldman one and the base-OT key
 * one), so a round-1 message of one session does not verify in another. Every secret holder this
 * machine makes is registered with the builder's {@link SecretRegistry} when it is made.
 *
 * <p>Thread-safety: methods are synchronized; one instance serves one party in one run.
 *
 * @since 0.1.0
 */
public final class EcdsaDkgParticipant {
  private enum State { NEW, ROUND1, ROUND2, DONE, ABORTED }

  private static final SuiteMath MATH = EcdsaCodec.MATH;

  private final PartyId self;
  private final List<PartyId> roster;
  private final SecureRandom random;
  private final DkgParticipant feldman;
  private final SecretRegistry registry;
  private final byte[] context;

  private State state = State.NEW;
  private BaseOt.@Nullable SenderKey otKey;
  private @Nullable KeyShare feldmanResult;
  private final SortedMap<PartyId, EcdsaDkgCommitmentMessage> round1 = new TreeMap<>();
  private final SortedMap<PartyId, EcdsaDkgShareMessage> pending = new TreeMap<>();
  private final SortedMap<PartyId, PeerSecrets> peers = new TreeMap<>();
  private final List<Object> secretsForTest = new ArrayList<>();

  /** What this party accumulates about one peer until the key share is built (secret). */
  private static final class PeerSecrets extends SecretState {
    private final PartyId peer;
    byte @Nullable [] delta;
    byte @Nullable [] senderSeeds;
    byte @Nullable [] myContribution;
    byte @Nullable [] receiverSeeds0;
    byte @Nullable [] receiverSeeds1;
    byte @Nullable [] theirContribution;
    boolean absorbed;

    PeerSecrets(PartyId peer) {
      this.peer = peer;
    }

    @Override
    protected String describe() {
      return "ECDSA key generation state towards " + peer;
    }

    @Override
    protected void wipe() {
      for (byte[] a : new byte[][] {delta, senderSeeds, myContribution, receiverSeeds0,
          receiverSeeds1, theirContribution}) {
        if (a != null) {
          Arrays.fill(a, (byte) 0);
        }
      }
    }
  }

  private EcdsaDkgParticipant(PartyId self, List<PartyId> roster, int threshold,
      SecureRandom random, SecretRegistry registry, byte[] context) {
    this.self = self;
    this.roster = roster;
    this.random = random;
    this.registry = registry;
    this.context = context;
    this.feldman = context.length == 0
        ? DkgParticipant.create(EcdsaCodec.GROUP, self, roster, threshold, random, registry)
        : DkgParticipant.create(EcdsaCodec.GROUP, self, roster, threshold, context, random,
            registry);
    for (PartyId p : roster) {
      if (!p.equals(self)) {
        peers.put(p, registry.register(new PeerSecrets(p)));
      }
    }
  }

  /**
   * A participant {@code self} of a {@code threshold}-of-{@code roster.size()} key generation.
   *
   * @throws IllegalArgumentException if the roster has duplicates, lacks {@code self}, has fewer
   *     than two parties, or {@code threshold} is not in 2..n
   */
  public static EcdsaDkgParticipant create(PartyId self, Collection<PartyId> roster,
      int threshold, SecureRandom random) {
    requireNonNull(self, "self");
    requireNonNull(roster, "roster");
    requireNonNull(random, "random");
    return new EcdsaDkgParticipant(self, Parties.checkedRoster(self, roster, threshold),
        threshold, random, SecretRegistry.none(), new byte[0]);
  }

  /** A builder; self, roster, threshold and random are required. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builder for {@link EcdsaDkgParticipant}. */
  public static final class Builder {
    private @Nullable PartyId self;
    private @Nullable Collection<PartyId> roster;
    private int threshold;
    private @Nullable SecureRandom random;
    private SecretRegistry registry = SecretRegistry.none();
    private byte[] context = new byte[0];

    private Builder() {}

    /** This party. */
    public Builder self(PartyId self) {
      this.self = requireNonNull(self, "self");
      return this;
    }

    /** Every party of the key generation, this one included. */
    public Builder roster(Collection<PartyId> roster) {
      this.roster = List.copyOf(requireNonNull(roster, "roster"));
      return this;
    }

    /** The threshold t, 2..n. */
    public Builder threshold(int threshold) {
      this.threshold = threshold;
      return this;
    }

    /** The source of randomness. */
    public Builder random(SecureRandom random) {
      this.random = requireNonNull(random, "random");
      return this;
    }

    /**
     * Where every secret holder of the run (OT state, per-peer state, messages carrying secrets,
     * the key share and its pair setups) is registered when it is made; default
     * {@link SecretRegistry#none()}.
     */
    public Builder secretRegistry(SecretRegistry registry) {
      this.registry = requireNonNull(registry, "registry");
      return this;
    }

    /**
     * A session context (for example the session id, 1..65535 bytes) bound into both proofs of
     * knowledge; every party must pass the same. Default: none.
     */
    public Builder sessionContext(byte[] context) {
      requireNonNull(context, "context");
      if (context.length == 0 || context.length > 0xFFFF) {
        throw new IllegalArgumentException("session context must have 1..65535 bytes");
      }
      this.context = context.clone();
      return this;
    }

    /**
     * Checks every field.
     *
     * @throws IllegalArgumentException as {@link EcdsaDkgParticipant#create}
     * @throws IllegalStateException if a required field is missing
     */
    public EcdsaDkgParticipant build() {
      if (self == null || roster == null || random == null) {
        throw new IllegalStateException("self, roster, threshold and random are required");
      }
      return new EcdsaDkgParticipant(self, Parties.checkedRoster(self, roster, threshold),
          threshold, random, registry, context);
    }
  }

  /** This party. */
  public PartyId id() {
    return self;
  }

  /** Whether the key generation finished successfully. */
  public synchronized boolean isComplete() {
    return state == State.DONE;
  }

  /**
   * Round 1: the Feldman commitments with their proof, and the base-OT sender key with its proof.
   *
   * @throws IllegalStateException if already started
   */
  public synchronized Step<EcdsaKeyShare> start() {
    if (state != State.NEW) {
      throw new IllegalStateException("ECDSA DKG of " + self + " already started");
    }
    byte[] commitment = feldman.start().messages().get(0).encode();
    BaseOt.SenderKey key = registry.register(BaseOt.SenderKey.generate(MATH, random));
    otKey = key;
    secretsForTest.add(key);
    Feldman.Proof proof = Feldman.prove(MATH, BaseOt.proofHash(MATH, context), self, key.secret(),
        key.publicKey(), random);
    state = State.ROUND1;
    return Step.sending(List.of(new EcdsaDkgCommitmentMessage(self, commitment, key.publicKey(),
        proof.r(), MATH.encodeScalar(proof.mu()))));
  }

  /**
   * Feeds one encoded message from another party.
   *
   * @throws ProtocolException an abort naming the culprits; all secret state is destroyed first
   * @throws IllegalStateException if not started, already finished or aborted
   */
  public synchronized Step<EcdsaKeyShare> receive(byte[] message) throws ProtocolException {
    requireNonNull(message, "message");
    if (state == State.NEW || state == State.DONE || state == State.ABORTED) {
      throw new IllegalStateException("ECDSA DKG of " + self + " cannot receive in state "
          + state);
    }
    try {
      int type = Wire.peekType(message);
      if (type == Wire.TYPE_ECDSA_DKG_SHARE) {
        return onShare(EcdsaDkgShareMessage.parse(message));
      }
      return onCommitment(EcdsaDkgCommitmentMessage.parse(message));
    } catch (ProtocolException e) {
      abort();
      throw e;
    }
  }

  private void checkSender(PartyId sender, String what) throws ProtocolException {
    Parties.checkSender(self, roster, sender, what);
  }

  private Step<EcdsaKeyShare> onCommitment(EcdsaDkgCommitmentMessage m) throws ProtocolException {
    PartyId sender = m.sender();
    checkSender(sender, "ECDSA DKG commitment");
    if (state != State.ROUND1 || round1.containsKey(sender)) {
      throw new ProtocolException(ErrorCode.MPC_UNEXPECTED_MESSAGE,
          "second ECDSA DKG commitment from " + sender, sender);
    }
    round1.put(sender, m);
    Step<KeyShare> inner = feldman.receive(m.feldman());
    if (round1.size() < roster.size() - 1) {
      return Step.sending(List.of());
    }
    try {
      verifyOtKeyProofs();
    } catch (ProtocolException e) {
      for (ProtocolMessage share : inner.messages()) {
        ((DkgShareMessage) share).destroy();
      }
      throw e;
    }
    return startRound2(inner.messages());
  }

  /** All base-OT key proofs at once; on failure one by one to name every culprit. */
  private void verifyOtKeyProofs() throws ProtocolException {
    Feldman.ChallengeHash h = BaseOt.proofHash(MATH, context);
    List<PartyId> ids = new ArrayList<>(round1.keySet());
    List<GroupElement> keys = new ArrayList<>();
    List<GroupElement> rs = new ArrayList<>();
    List<int[]> mus = new ArrayList<>();
    for (EcdsaDkgCommitmentMessage m : round1.values()) {
      keys.add(m.otKey());
      rs.add(m.proofR());
      mus.add(requireNonNull(MATH.decodeScalar(m.proofMu(), 0)));
    }
    Feldman.requireProofs(MATH, h, "base-OT key proofs", ids, keys, rs, mus, random);
  }

  private Step<EcdsaKeyShare> startRound2(List<ProtocolMessage> feldmanShares)
      throws ProtocolException {
    List<ProtocolMessage> out = new ArrayList<>();
    for (ProtocolMessage m : feldmanShares) {
      DkgShareMessage share = (DkgShareMessage) m;
      PartyId to = share.recipient().orElseThrow();
      PeerSecrets ps = requireNonNull(peers.get(to));
      ps.delta = new byte[BaseOt.COUNT / 8];
      random.nextBytes(ps.delta);
      ps.senderSeeds = new byte[BaseOt.COUNT * PairSetup.SEED_BYTES];
      byte[] points = BaseOt.receive(MATH, context, to, self, round1.get(to).otKey(), ps.delta,
          random, ps.senderSeeds);
      ps.myContribution = new byte[PairSetup.SEED_BYTES];
      random.nextBytes(ps.myContribution);
      byte[] feldmanBytes = share.encode();
      share.destroy();
      EcdsaDkgShareMessage msg = registry.register(new EcdsaDkgShareMessage(self, to,
          feldmanBytes, ps.myContribution.clone(), points, null));
      secretsForTest.add(msg);
      out.add(msg);
      secretsForTest.add(ps.delta);
      secretsForTest.add(ps.senderSeeds);
      secretsForTest.add(ps.myContribution);
    }
    state = State.ROUND2;
    List<EcdsaDkgShareMessage> early = new ArrayList<>(pending.values());
    pending.clear();
    Step<EcdsaKeyShare> last = Step.sending(out);
    try {
      for (EcdsaDkgShareMessage m : early) {
        last = absorb(m, out);
      }
    } catch (ProtocolException | RuntimeException e) {
      for (ProtocolMessage m : out) {
        ((EcdsaDkgShareMessage) m).destroy();
      }
      throw e;
    }
    return last;
  }

  private Step<EcdsaKeyShare> onShare(EcdsaDkgShareMessage m) throws ProtocolException {
    registry.register(m);
    secretsForTest.add(m);
    PartyId sender = m.sender();
    try {
      checkSender(sender, "ECDSA DKG share");
      if (!m.recipient().orElseThrow().equals(self)) {
        throw new ProtocolException(ErrorCode.MPC_UNEXPECTED_MESSAGE, "ECDSA DKG share from "
            + sender + " is addressed to " + m.recipient().orElseThrow(), sender);
      }
      if (pending.containsKey(sender) || requireNonNull(peers.get(sender)).absorbed) {
        throw new ProtocolException(ErrorCode.MPC_UNEXPECTED_MESSAGE,
            "second ECDSA DKG share from " + sender, sender);
      }
    } catch (ProtocolException e) {
      m.destroy();
      throw e;
    }
    if (state == State.ROUND1) {
      pending.put(sender, m);
      return Step.sending(List.of());
    }
    return absorb(m, List.of());
  }

  private Step<EcdsaKeyShare> absorb(EcdsaDkgShareMessage m, List<ProtocolMessage> outgoing)
      throws ProtocolException {
    PartyId sender = m.sender();
    PeerSecrets ps = requireNonNull(peers.get(sender));
    ps.absorbed = true;
    try {
      Step<KeyShare> inner = feldman.receive(m.feldman());
      inner.result().ifPresent(k -> {
        feldmanResult = registry.register(k);
        secretsForTest.add(k);
      });
      ps.receiverSeeds0 = new byte[BaseOt.COUNT * PairSetup.SEED_BYTES];
      ps.receiverSeeds1 = new byte[BaseOt.COUNT * PairSetup.SEED_BYTES];
      secretsForTest.add(ps.receiverSeeds0);
      secretsForTest.add(ps.receiverSeeds1);
      if (!BaseOt.send(MATH, context, self, sender, requireNonNull(otKey), m.otMessage(), random,
          ps.receiverSeeds0, ps.receiverSeeds1)) {
        throw new ProtocolException(ErrorCode.MPC_INVALID_PROOF_OF_KNOWLEDGE, "a base-OT OR proof"
            + " of " + sender + "'s key generation share message does not verify", sender);
      }
      ps.theirContribution = m.zeroContribution().clone();
      secretsForTest.add(ps.theirContribution);
    } finally {
      m.destroy();
    }
    for (PeerSecrets p : peers.values()) {
      if (!p.absorbed) {
        return Step.sending(outgoing);
      }
    }
    return Step.completed(outgoing, finish());
  }

  private EcdsaKeyShare finish() {
    KeyShare inner = requireNonNull(feldmanResult, "the Feldman DKG completes with the last share");
    byte[] share = inner.signingShareBytes(InsecureSecretAccess.get());
    secretsForTest.add(share);
    EcdsaPublicKey publicKey = new EcdsaPublicKey(inner.publicKeyPackage());
    inner.destroy();
    SortedMap<PartyId, PairSetup> pairs = new TreeMap<>();
    for (var e : peers.entrySet()) {
      PartyId peer = e.getKey();
      PeerSecrets ps = e.getValue();
      boolean selfLow = self.compareTo(peer) < 0;
      byte[] low = requireNonNull(selfLow ? ps.myContribution : ps.theirContribution);
      byte[] high = requireNonNull(selfLow ? ps.theirContribution : ps.myContribution);
      PartyId lowId = selfLow ? self : peer;
      PartyId highId = selfLow ? peer : self;
      byte[] zeroSeed = Hashes.sha256("zero-seed", Hashes.u16(lowId.value()),
          Hashes.u16(highId.value()), low, high);
      pairs.put(peer, registry.register(new PairSetup(peer, requireNonNull(ps.delta).clone(),
          requireNonNull(ps.senderSeeds).clone(), requireNonNull(ps.receiverSeeds0).clone(),
          requireNonNull(ps.receiverSeeds1).clone(), zeroSeed)));
      ps.destroy();
    }
    destroySecrets();
    state = State.DONE;
    EcdsaKeyShare key = registry.register(new EcdsaKeyShare(self, share.clone(), publicKey, pairs));
    Arrays.fill(share, (byte) 0);
    return key;
  }

  private void abort() {
    state = State.ABORTED;
    feldman.abandon();
    destroySecrets();
  }

  private void destroySecrets() {
    if (otKey != null) {
      otKey.destroy();
    }
    if (feldmanResult != null) {
      feldmanResult.destroy();
    }
    for (EcdsaDkgShareMessage m : pending.values()) {
      m.destroy();
    }
    pending.clear();
    for (PeerSecrets ps : peers.values()) {
      ps.destroy();
    }
  }

  /**
   * Abandons the run (for example after a timeout) and destroys all secret state. Outgoing share
   * messages already returned belong to the caller, who must destroy them.
   */
  public synchronized void abandon() {
    if (state != State.DONE) {
      abort();
    }
  }

  /** Every secret holder or array this instance created; for the wiping tests. */
  List<Object> secretsForTest() {
    return List.copyOf(secretsForTest);
  }

  @Override
  public String toString() {
    return "EcdsaDkgParticipant[" + self + ", " + roster.size() + " parties, " + state + "]";
  }
}

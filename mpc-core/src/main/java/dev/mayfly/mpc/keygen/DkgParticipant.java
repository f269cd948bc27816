package dev.mayfly.mpc.keygen;

import static java.util.Objects.requireNonNull;

import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.PartyId;
import dev.mayfly.common.SecretRegistry;
import dev.mayfly.common.ProtocolException;
import dev.mayfly.mpc.ProtocolMessage;
import dev.mayfly.mpc.Step;
import dev.mayfly.mpc.ciphersuite.Ciphersuite;
import dev.mayfly.mpc.ciphersuite.GroupElement;
import dev.mayfly.mpc.ciphersuite.internal.ScalarField;
import dev.mayfly.mpc.ciphersuite.internal.SuiteMath;
import dev.mayfly.mpc.internal.Parties;
import dev.mayfly.mpc.internal.Wire;
import dev.mayfly.mpc.keygen.internal.Feldman;
import dev.mayfly.mpc.keygen.internal.SecretPolynomial;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.security.auth.Destroyable;
import org.jspecify.annotations.Nullable;

/**
 * One party's side of the distributed key generation, a sans-I/O state machine: the Pedersen DKG
 * with Schnorr proofs of knowledge of the FROST paper (Komlo–Goldberg, Figure 1), with the proof
 * challenge of the Zcash Foundation's frost-core.
 *
 * <ol>
 *   <li>{@link #start()} samples a random polynomial of degree {@code t-1} and returns the round-1
 *       broadcast: Feldman commitments and a proof of knowledge of the constant term.
 *   <li>Each round-1 message is checked (sender, count, every element, the proof) as it arrives.
 *       Once all {@code n-1} are in, the step returns {@code n-1} point-to-point
 *       {@link DkgShareMessage}s and the polynomial is destroyed.
 *   <li>Each share is checked against its sender's commitments. Once all are in, the party derives
 *       its signing share, the group public key and every verifying share, and the step completes
 *       with a {@link KeyShare} (its {@link KeyShare#publicKeyPackage()} is the public outcome).
 * </ol>
 *
 * <p>Shares that arrive before round 1 is complete are buffered. Proofs are checked together once
 * all round-1 messages are in, and shares together once all shares are in (one random linear
 * combination, one {@code s * G == Y_self}); only when a batch check fails is each item checked
 * alone, so that the abort names every culprit. Any invalid input aborts: the call throws
 * {@link ProtocolException} naming the culprits, after all secret state is destroyed.
 *
 * <p><b>Session binding:</b> a participant made with a session context (
 * {@link #create(Ciphersuite, PartyId, Collection, int, byte[], SecureRandom)}) binds it into the
 * proof-of-knowledge challenge, {@code HDKG(id || phi_0 || R || context || len(context))}, so a
 * proof made for one session does not verify in another. Without a context the challenge is the
 * frost-core one, {@code HDKG(id || phi_0 || R)}, which the published vectors use.
 *
 * <p><b>Security:</b> round-1 messages must be delivered by a broadcast that detects equivocation,
 * and round-2 messages must be encrypted and authenticated to their recipient; both are the
 * host's job. The group secret is never assembled.
 *
 * <p>Thread-safety: methods are synchronized; one instance serves one party in one run.
 *
 * @since 0.1.0
 */
public final class DkgParticipant {
  private enum State { NEW, ROUND1, ROUND2, DONE, ABORTED }

  private final Ciphersuite suite;
  private final SuiteMath math;
  private final PartyId self;
  private final List<PartyId> roster;
  private final int threshold;
  private final SecureRandom random;
  private final SecretRegistry registry;
  private final byte[] context;

  private State state = State.NEW;
  private @Nullable SecretPolynomial presetPolynomial;
  private @Nullable SecretPolynomial polynomial;
  private List<GroupElement> ownCommitments = List.of();
  private int @Nullable [] shareSum;
  private final SortedMap<PartyId, DkgCommitmentMessage> round1 = new TreeMap<>();
  private final SortedMap<PartyId, DkgShareMessage> pendingShares = new TreeMap<>();
  private final SortedMap<PartyId, DkgShareMessage> absorbed = new TreeMap<>();
  private final List<Object> secretsForTest = new ArrayList<>();

  private DkgParticipant(Ciphersuite suite, PartyId self, List<PartyId> roster, int threshold,
      byte[] context, SecureRandom random, SecretRegistry registry) {
    this.context = context;
    this.suite = suite;
    this.math = SuiteMath.of(suite);
    this.self = self;
    this.roster = roster;
    this.threshold = threshold;
    this.random = random;
    this.registry = registry;
    registry.register(new Destroyable() {
      @Override
      public void destroy() {
        abandon();
      }

      @Override
      public boolean isDestroyed() {
        return isSettled();
      }

      @Override
      public String toString() {
        return "DKG state of " + self;
      }
    });
  }

  private synchronized boolean isSettled() {
    return state == State.DONE || state == State.ABORTED;
  }

  /**
   * A participant {@code self} of a {@code threshold}-of-{@code roster.size()} key generation.
   *
   * @throws IllegalArgumentException if the roster has duplicates, lacks {@code self}, has fewer
   *     than two parties, or {@code threshold} is not in 2..n
   */
  public static DkgParticipant create(Ciphersuite suite, PartyId self, Collection<PartyId> roster,
      int threshold, SecureRandom random) {
    return create(suite, self, roster, threshold, random, SecretRegistry.none());
  }

  /**
   * As {@link #create(Ciphersuite, PartyId, Collection, int, SecureRandom)}, registering every
   * secret holder it makes with {@code registry} at the moment it makes it: its own state (whose
   * destruction abandons the run), the secret polynomial, and every share message it sends or
   * receives. The key share it completes with is the caller's to register.
   */
  public static DkgParticipant create(Ciphersuite suite, PartyId self, Collection<PartyId> roster,
      int threshold, SecureRandom random, SecretRegistry registry) {
    requireNonNull(suite, "suite");
    requireNonNull(self, "self");
    requireNonNull(roster, "roster");
    requireNonNull(random, "random");
    requireNonNull(registry, "registry");
    return new DkgParticipant(suite, self, Parties.checkedRoster(self, roster, threshold),
        threshold, new byte[0], random, registry);
  }

  /**
   * Like {@link #create(Ciphersuite, PartyId, Collection, int, SecureRandom)}, with a session
   * context (for example the session id, up to 65535 bytes) bound into every proof of knowledge;
   * every participant of the run must pass the same context.
   *
   * @throws IllegalArgumentException as the other factory, or if the context is empty or longer
   *     than 65535 bytes
   * @since 0.1.0
   */
  public static DkgParticipant create(Ciphersuite suite, PartyId self, Collection<PartyId> roster,
      int threshold, byte[] sessionContext, SecureRandom random) {
    return create(suite, self, roster, threshold, sessionContext, random, SecretRegistry.none());
  }

  /**
   * Like {@link #create(Ciphersuite, PartyId, Collection, int, byte[], SecureRandom)}, registering
   * every secret holder it makes with {@code registry} (see {@link #create(Ciphersuite, PartyId,
   * Collection, int, SecureRandom, SecretRegistry)}).
   *
   * @since 0.1.0
   */
  public static DkgParticipant create(Ciphersuite suite, PartyId self, Collection<PartyId> roster,
      int threshold, byte[] sessionContext, SecureRandom random, SecretRegistry registry) {
    requireNonNull(suite, "suite");
    requireNonNull(registry, "registry");
    requireNonNull(self, "self");
    requireNonNull(roster, "roster");
    requireNonNull(sessionContext, "sessionContext");
    requireNonNull(random, "random");
    if (sessionContext.length == 0 || sessionContext.length > 0xFFFF) {
      throw new IllegalArgumentException("session context must have 1..65535 bytes, has "
          + sessionContext.length);
    }
    return new DkgParticipant(suite, self, Parties.checkedRoster(self, roster, threshold),
        threshold, sessionContext.clone(), random, registry);
  }

  /** The proof challenge hash, with the session context appended when there is one. */
  private Feldman.ChallengeHash challengeHash() {
    if (context.length == 0) {
      return math::hdkg;
    }
    byte[] suffix = SuiteMath.concat(context,
        new byte[] {(byte) (context.length >>> 8), (byte) context.length});
    return m -> math.hdkg(SuiteMath.concat(m, suffix));
  }

  /** A participant whose polynomial is fixed, to replay DKG test vectors. */
  static DkgParticipant createWithPolynomialForTestVectors(Ciphersuite suite, PartyId self,
      Collection<PartyId> roster, SecretPolynomial polynomial, SecureRandom random) {
    DkgParticipant p = create(suite, self, roster, polynomial.size(), random);
    p.presetPolynomial = polynomial;
    return p;
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
   * Round 1: samples the polynomial and returns the broadcast of commitments and proof.
   *
   * @throws IllegalStateException if already started
   */
  public synchronized Step<KeyShare> start() {
    if (state != State.NEW) {
      throw new IllegalStateException("DKG of " + self + " already started");
    }
    SecretPolynomial poly = presetPolynomial != null
        ? presetPolynomial
        : SecretPolynomial.random(math, threshold, random);
    presetPolynomial = null;
    polynomial = registry.register(poly);
    secretsForTest.add(poly);
    ownCommitments = poly.commitments();
    int[] a0 = poly.constantTerm();
    Feldman.Proof proof;
    try {
      proof = Feldman.prove(math, challengeHash(), self, a0, ownCommitments.get(0), random);
    } finally {
      ScalarField.wipe(a0);
    }
    state = State.ROUND1;
    return Step.sending(List.of(new DkgCommitmentMessage(
        suite, self, ownCommitments, proof.r(), math.encodeScalar(proof.mu()))));
  }

  /**
   * Feeds one encoded message from another party.
   *
   * @throws ProtocolException an abort naming the culprit (malformed message, wrong suite,
   *     invalid element or scalar, unexpected sender, invalid proof or share); all secret state
   *     is destroyed first
   * @throws IllegalStateException if not started, already finished or aborted
   */
  public synchronized Step<KeyShare> receive(byte[] message) throws ProtocolException {
    requireNonNull(message, "message");
    if (state == State.NEW || state == State.DONE || state == State.ABORTED) {
      throw new IllegalStateException("DKG of " + self + " cannot receive in state " + state);
    }
    try {
      int type = Wire.peekType(message);
      if (type == Wire.TYPE_DKG_COMMITMENT) {
        return onCommitment(DkgCommitmentMessage.parse(suite, message));
      }
      if (type == Wire.TYPE_DKG_SHARE) {
        return onShare(registry.register(DkgShareMessage.parse(suite, message)));
      }
      throw new Wire.Reader(message, suite, Wire.TYPE_DKG_COMMITMENT, "DKG message")
          .fail(ErrorCode.MPC_MALFORMED_MESSAGE, "DKG message has type " + type);
    } catch (ProtocolException e) {
      abort();
      throw e;
    }
  }

  private void checkSender(PartyId sender, String what) throws ProtocolException {
    Parties.checkSender(self, roster, sender, what);
  }

  private Step<KeyShare> onCommitment(DkgCommitmentMessage m) throws ProtocolException {
    PartyId sender = m.sender();
    checkSender(sender, "DKG commitment");
    if (state != State.ROUND1 || round1.containsKey(sender)) {
      throw new ProtocolException(ErrorCode.MPC_UNEXPECTED_MESSAGE,
          "second DKG commitment from " + sender, sender);
    }
    if (m.commitments().size() != threshold) {
      throw new ProtocolException(ErrorCode.MPC_MALFORMED_MESSAGE, "DKG commitment from " + sender
          + " has " + m.commitments().size() + " commitments, threshold is " + threshold, sender);
    }
    round1.put(sender, m);
    if (round1.size() < roster.size() - 1) {
      return Step.sending(List.of());
    }
    verifyProofs();
    return startRound2();
  }

  /** Round 1 step 5: all proofs at once; on failure, one by one to name every culprit. */
  private void verifyProofs() throws ProtocolException {
    List<PartyId> ids = new ArrayList<>(round1.keySet());
    List<GroupElement> phis = new ArrayList<>();
    List<GroupElement> rs = new ArrayList<>();
    List<int[]> mus = new ArrayList<>();
    for (DkgCommitmentMessage m : round1.values()) {
      phis.add(m.commitments().get(0));
      rs.add(m.proofR());
      mus.add(requireNonNull(math.decodeScalar(m.proofZ(), 0)));
    }
    Feldman.requireProofs(math, challengeHash(), "proofs of knowledge", ids, phis, rs, mus,
        random);
  }

  private Step<KeyShare> startRound2() throws ProtocolException {
    SecretPolynomial poly = requireNonNull(polynomial);
    List<ProtocolMessage> out = new ArrayList<>();
    for (PartyId other : roster) {
      if (!other.equals(self)) {
        int[] share = poly.evaluate(other);
        secretsForTest.add(share);
        DkgShareMessage msg = registry.register(new DkgShareMessage(suite, self, other, share));
        out.add(msg);
      }
    }
    int[] own = poly.evaluate(self);
    secretsForTest.add(own);
    shareSum = own;
    poly.destroy();
    polynomial = null;
    state = State.ROUND2;
    List<DkgShareMessage> early = new ArrayList<>(pendingShares.values());
    pendingShares.clear();
    Step<KeyShare> last = Step.sending(out);
    try {
      for (DkgShareMessage m : early) {
        last = absorb(m, out);
      }
    } catch (ProtocolException e) {
      for (ProtocolMessage m : out) {
        ((DkgShareMessage) m).destroy();
      }
      throw e;
    }
    return last;
  }

  private Step<KeyShare> onShare(DkgShareMessage m) throws ProtocolException {
    secretsForTest.add(m);
    PartyId sender = m.sender();
    try {
      checkSender(sender, "DKG share");
      if (!m.recipient().orElseThrow().equals(self)) {
        throw new ProtocolException(ErrorCode.MPC_UNEXPECTED_MESSAGE,
            "DKG share from " + sender + " is addressed to " + m.recipient().orElseThrow(), sender);
      }
      if (pendingShares.containsKey(sender) || absorbed.containsKey(sender)) {
        throw new ProtocolException(ErrorCode.MPC_UNEXPECTED_MESSAGE,
            "second DKG share from " + sender, sender);
      }
    } catch (ProtocolException e) {
      m.destroy();
      throw e;
    }
    if (state == State.ROUND1) {
      pendingShares.put(sender, m);
      return Step.sending(List.of());
    }
    return absorb(m, List.of());
  }

  private Step<KeyShare> absorb(DkgShareMessage m, List<ProtocolMessage> outgoing)
      throws ProtocolException {
    int[] sum = math.scalars().add(requireNonNull(shareSum), m.share());
    ScalarField.wipe(shareSum);
    shareSum = sum;
    secretsForTest.add(sum);
    absorbed.put(m.sender(), m);
    if (absorbed.size() < roster.size() - 1) {
      return Step.sending(outgoing);
    }
    return Step.completed(outgoing, finish());
  }

  /**
   * Round 2 step 2, batched: {@code s * G == Y_self}. A single wrong share always breaks it; errors
   * of several colluding senders that cancel leave the summed signing share correct, so nothing
   * is lost by not seeing them. On failure, each share is checked alone to name the culprits.
   */
  private void checkShares(int[] sum, GroupElement expected) throws ProtocolException {
    if (math.equalPublic(math.mulBase(sum), expected)) {
      return;
    }
    List<PartyId> culprits = new ArrayList<>();
    for (DkgShareMessage m : absorbed.values()) {
      GroupElement own =
          Feldman.evaluateCommitments(math, round1.get(m.sender()).commitments(), self);
      if (!math.equalPublic(math.mulBase(m.share()), own)) {
        culprits.add(m.sender());
      }
    }
    throw new ProtocolException(ErrorCode.MPC_INVALID_SECRET_SHARE,
        "DKG shares from " + culprits + " do not match their commitments", culprits);
  }

  private KeyShare finish() throws ProtocolException {
    // Sum the commitments of all parties coefficient by coefficient: C_k = sum_l phi_{l,k}.
    List<GroupElement> combined = new ArrayList<>(ownCommitments);
    for (DkgCommitmentMessage m : round1.values()) {
      for (int k = 0; k < threshold; k++) {
        combined.set(k, math.add(combined.get(k), m.commitments().get(k)));
      }
    }
    Map<PartyId, GroupElement> verifyingShares = new TreeMap<>();
    for (PartyId j : roster) {
      verifyingShares.put(j, Feldman.evaluateCommitments(math, combined, j));
    }
    PublicKeyPackage pkg =
        PublicKeyPackage.create(suite, threshold, combined.get(0), verifyingShares);
    int[] sum = requireNonNull(shareSum);
    checkShares(sum, verifyingShares.get(self));
    KeyShare share = KeyShare.verified(self, math.encodeScalar(sum), pkg);
    destroySecrets();
    state = State.DONE;
    return share;
  }

  private void abort() {
    state = State.ABORTED;
    destroySecrets();
  }

  private void destroySecrets() {
    if (polynomial != null) {
      polynomial.destroy();
      polynomial = null;
    }
    ScalarField.wipe(shareSum);
    shareSum = null;
    for (DkgShareMessage m : pendingShares.values()) {
      m.destroy();
    }
    pendingShares.clear();
    for (DkgShareMessage m : absorbed.values()) {
      m.destroy();
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

  /** Every secret holder or limb array this instance created; for the wiping tests. */
  List<Object> secretsForTest() {
    return List.copyOf(secretsForTest);
  }

  @Override
  public String toString() {
    return "DkgParticipant[" + self + ", " + threshold + "-of-" + roster.size() + ", " + state + "]";
  }
}

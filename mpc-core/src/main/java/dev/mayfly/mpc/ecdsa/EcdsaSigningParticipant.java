package dev.mayfly.mpc.ecdsa;

import static java.util.Objects.requireNonNull;

import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.PartyId;
import dev.mayfly.common.ProtocolException;
import dev.mayfly.common.SecretRegistry;
import dev.mayfly.mpc.ProtocolMessage;
import dev.mayfly.mpc.Step;
import dev.mayfly.mpc.ciphersuite.GroupElement;
import dev.mayfly.mpc.ciphersuite.internal.ScalarField;
import dev.mayfly.mpc.ciphersuite.internal.SuiteMath;
import dev.mayfly.mpc.ecdsa.internal.EcdsaCodec;
import dev.mayfly.mpc.ecdsa.internal.Hashes;
import dev.mayfly.mpc.ecdsa.internal.PairSetup;
import dev.mayfly.mpc.ecdsa.internal.Rvole;
import dev.mayfly.mpc.internal.Parties;
import dev.mayfly.mpc.internal.SecretState;
import dev.mayfly.mpc.internal.Wire;
import dev.mayfly.mpc.sign.internal.FrostSigning;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * One signer's side of a threshold ECDSA P-256 signing session: the three-round protocol of
 * Doerner, Kondi, Lee and shelat, "Threshold ECDSA in Three Rounds" (IEEE S&amp;P 2024, ePrint
 * 2023/765, Protocol 3.6), as a sans-I/O state machine without a trusted coordinator.
 *
 * <ol>
 *   <li>{@link #start()} draws the instance key {@code r_i} and inversion mask {@code phi_i},
 *       commits to {@code R_i = r_i * G}, and for every other signer starts the pair's random
 *       vector OLE as its receiver (getting a random {@code chi}); it returns one
 *       {@link EcdsaSignRound1Message} per other signer.
 *   <li>When every round-1 message is in: the additive key share
 *       {@code sk_i = lambda_i * x_i + zeta_i} (Lagrange coefficient, zero-sharing), then per other
 *       signer the sender side of that signer's OLE with inputs {@code (r_i, sk_i)}; it returns
 *       one {@link EcdsaSignRound2Message} per other signer (opening {@code R_i}, {@code pk_i},
 *       {@code Gamma^u}, {@code Gamma^v}, {@code psi}).
 *   <li>When every round-2 message is in: checks every opening and multiplication, checks
 *       {@code sum pk_j == PK}, computes {@code u_i}, {@code w_i} and broadcasts them
 *       ({@link EcdsaSignRound3Message}); the single-use session secrets are destroyed here.
 *   <li>When every round-3 message is in: {@code s = sum w / sum u}, low-S normalised, verified
 *       under the group key; the step completes with the {@link EcdsaSignature}.
 * </ol>
 *
 * <p>Every signer computes and verifies the signature. Messages that arrive early are buffered.
 * Aborts throw {@link ProtocolException} after the session secrets are destroyed: a failed
 * OT-extension check ({@code MPC_OT_CONSISTENCY_FAILED}), multiplication or consistency check
 * ({@code MPC_MULTIPLICATION_CHECK_FAILED}) or opening ({@code MPC_COMMITMENT_MISMATCH}) names
 * the peer; a signer that showed different round-1 or round-2 values to different signers is
 * named through the round-3 echo ({@code MPC_ECDSA_EQUIVOCATION}); shares that do not add up
 * ({@code MPC_ECDSA_SHARES_INCONSISTENT}) name nobody, because DKLs23 cannot tell which signer lied
 * in the last step.
 *
 * <p><b>Poisoned pairs:</b> a failed OT-extension or multiplication check with a peer poisons that
 * pair inside the {@link EcdsaKeyShare} for good: every later session with that peer is refused
 * with {@code MPC_ECDSA_PAIR_POISONED} (naming the peer) before any secret-dependent work, and the
 * key share must be discarded. This is what stops a co-signer from learning the OT-extension
 * correlation bit by bit over many sessions (docs/mpc.md, "Poisoned pairs").
 *
 * <p><b>Security:</b> the message is fixed when the machine is built and hashed with SHA-256;
 * the signer signs nothing else. Round-1 and round-2 messages must travel encrypted to their
 * recipient. All secret-scalar arithmetic is constant time (see docs/mpc.md).
 *
 * <p>Thread-safety: methods are synchronized; one instance serves one signer in one session.
 *
 * @since 0.1.0
 */
public final class EcdsaSigningParticipant {
  private enum State { NEW, ROUND1, ROUND2, ROUND3, DONE, ABORTED }

  private static final SuiteMath MATH = EcdsaCodec.MATH;
  private static final ScalarField F = MATH.scalars();
  private static final int NONCE = EcdsaSignRound1Message.NONCE_BYTES;

  private final EcdsaKeyShare keyShare;
  private final EcdsaPublicKey key;
  private final PartyId self;
  private final List<PartyId> signers;
  private final List<PartyId> others;
  private final byte[] digest;
  private final SecureRandom random;
  private final SecretRegistry registry;

  private State state = State.NEW;
  private final SessionSecrets secrets;
  private @Nullable GroupElement instancePoint;
  private byte[] salt = new byte[0];
  private byte[] commitment = new byte[0];
  private final SortedMap<PartyId, byte[]> myNonces = new TreeMap<>();
  private final SortedMap<PartyId, Rvole.Receiver> receivers = new TreeMap<>();
  private final SortedMap<PartyId, EcdsaSignRound1Message> round1 = new TreeMap<>();
  private final SortedMap<PartyId, EcdsaSignRound2Message> round2 = new TreeMap<>();
  private final SortedMap<PartyId, EcdsaSignRound3Message> round3 = new TreeMap<>();
  private final SortedMap<PartyId, GroupElement> instancePoints = new TreeMap<>();
  private final SortedMap<PartyId, GroupElement> publicShares = new TreeMap<>();
  private @Nullable GroupElement publicShare;
  private GroupElement instanceSum = MATH.identity();
  private GroupElement publicShareSum = MATH.identity();
  private int absorbedRound2;
  private @Nullable BigInteger rx;
  private @Nullable EcdsaSignRound3Message own3;
  private @Nullable String withheld;

  /**
   * The single-use secrets of one session (DKLs23's {@code r_i}, {@code phi_i}, {@code sk_i} and
   * the running sums); wiped at the end of round 3 or on any abort. Any use after that fails with
   * {@code MPC_NONCE_REUSED}.
   */
  final class SessionSecrets extends SecretState {
    final int[] instanceKey = new int[ScalarField.LIMBS];
    final int[] inversionMask = new int[ScalarField.LIMBS];
    final int[] keyShare = new int[ScalarField.LIMBS];
    final int[] psiSum = new int[ScalarField.LIMBS];
    final int[] uSum = new int[ScalarField.LIMBS];
    final int[] vSum = new int[ScalarField.LIMBS];

    /**
     * Checks the secrets are still usable.
     *
     * @throws ProtocolException {@code MPC_NONCE_REUSED} (culprit: this signer) once destroyed
     */
    void requireUnused() throws ProtocolException {
      if (isDestroyed()) {
        throw new ProtocolException(ErrorCode.MPC_NONCE_REUSED, "the session secrets of " + self
            + " were already used or destroyed", self);
      }
    }

    List<int[]> arrays() {
      return List.of(instanceKey, inversionMask, keyShare, psiSum, uSum, vSum);
    }

    @Override
    protected void wipe() {
      for (int[] a : arrays()) {
        ScalarField.wipe(a);
      }
    }

    @Override
    protected String describe() {
      return "ECDSA session secrets of " + self;
    }
  }

  private EcdsaSigningParticipant(EcdsaKeyShare keyShare, List<PartyId> signers, byte[] message,
      SecureRandom random, SecretRegistry registry) {
    this.keyShare = keyShare;
    this.key = keyShare.publicKey();
    this.self = keyShare.id();
    this.signers = signers;
    this.others = signers.stream().filter(p -> !p.equals(self)).toList();
    this.digest = EcdsaSignature.digest(message);
    this.random = random;
    this.registry = registry;
    this.secrets = registry.register(new SessionSecrets());
  }

  /** A builder; key share, signers, message and random are required. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builder for {@link EcdsaSigningParticipant}. */
  public static final class Builder {
    private @Nullable EcdsaKeyShare keyShare;
    private @Nullable Collection<PartyId> signers;
    private byte @Nullable [] message;
    private @Nullable SecureRandom random;
    private SecretRegistry registry = SecretRegistry.none();

    private Builder() {}

    /** This signer's key share (not copied; it must stay live until the session ends). */
    public Builder keyShare(EcdsaKeyShare keyShare) {
      this.keyShare = requireNonNull(keyShare, "keyShare");
      return this;
    }

    /** Every signer of the session, this one included; at least the threshold. */
    public Builder signers(Collection<PartyId> signers) {
      this.signers = List.copyOf(requireNonNull(signers, "signers"));
      return this;
    }

    /** The exact bytes to sign (hashed with SHA-256). */
    public Builder message(byte[] message) {
      this.message = requireNonNull(message, "message").clone();
      return this;
    }

    /** The source of the session's randomness. */
    public Builder random(SecureRandom random) {
      this.random = requireNonNull(random, "random");
      return this;
    }

    /**
     * Where every secret holder of the session (its secrets, the multiplication state of each
     * pair) is registered when it is made; default {@link SecretRegistry#none()}.
     */
    public Builder secretRegistry(SecretRegistry registry) {
      this.registry = requireNonNull(registry, "registry");
      return this;
    }

    /**
     * Checks every field.
     *
     * @throws IllegalArgumentException if the signers repeat a party, lack this signer, include a
     *     non-participant of the key, or are fewer than the threshold
     * @throws IllegalStateException if a required field is missing
     */
    public EcdsaSigningParticipant build() {
      return build(true);
    }

    /** Like {@link #build()} but without the threshold check, to test that t-1 cannot sign. */
    EcdsaSigningParticipant buildBelowThresholdForTest() {
      return build(false);
    }

    private EcdsaSigningParticipant build(boolean enforceThreshold) {
      if (keyShare == null || signers == null || message == null || random == null) {
        throw new IllegalStateException("keyShare, signers, message and random are required");
      }
      EcdsaPublicKey key = keyShare.publicKey();
      int minimum = enforceThreshold ? Math.max(2, key.threshold()) : 2;
      return new EcdsaSigningParticipant(keyShare,
          Parties.checkedSigners(keyShare.id(), signers, key::isParticipant, minimum), message,
          random, registry);
    }
  }

  /** This signer. */
  public PartyId id() {
    return self;
  }

  /** Whether the session finished successfully for this signer. */
  public synchronized boolean isComplete() {
    return state == State.DONE;
  }

  // ------------------------------------------------------------------ round 1

  private static byte[] commit(PartyId id, GroupElement point, byte[] salt) {
    return Hashes.sha256("instance-commitment", Hashes.u16(id.value()), point.encode(), salt);
  }

  /** The OT-extension tweak of the pair where {@code receiver} plays Bob with {@code nonce}. */
  private static byte[] tweak(PartyId sender, PartyId receiver, byte[] nonce) {
    return Hashes.sha256("ote-session", Hashes.u16(sender.value()), Hashes.u16(receiver.value()),
        nonce);
  }

  private byte[] randomBytes() {
    byte[] b = new byte[NONCE];
    random.nextBytes(b);
    return b;
  }

  private void randomScalarInto(int[] target) {
    int[] k = MATH.randomScalar(random);
    System.arraycopy(k, 0, target, 0, ScalarField.LIMBS);
    ScalarField.wipe(k);
  }

  /**
   * Round 1: draws the session secrets and returns one message per other signer.
   *
   * @throws ProtocolException {@code MPC_ECDSA_PAIR_POISONED} naming every other signer whose pair
   *     with this key share is poisoned by an earlier failed check; nothing secret was drawn
   * @throws IllegalStateException if already started
   */
  public synchronized Step<EcdsaSignature> start() throws ProtocolException {
    if (state != State.NEW) {
      throw new IllegalStateException("ECDSA signing of " + self + " already started");
    }
    List<PartyId> poisoned = new ArrayList<>();
    for (PartyId peer : others) {
      if (keyShare.pair(peer).isPoisoned()) {
        poisoned.add(peer);
      }
    }
    if (!poisoned.isEmpty()) {
      abort();
      throw new ProtocolException(ErrorCode.MPC_ECDSA_PAIR_POISONED, "earlier OT-extension or"
          + " multiplication checks with " + poisoned + " failed; this key share refuses every"
          + " session with them and must be discarded", poisoned);
    }
    randomScalarInto(secrets.instanceKey);
    randomScalarInto(secrets.inversionMask);
    GroupElement r = MATH.mulBase(secrets.instanceKey);
    instancePoint = r;
    salt = randomBytes();
    commitment = commit(self, r, salt);
    List<ProtocolMessage> out = new ArrayList<>();
    for (PartyId peer : others) {
      byte[] nonce = randomBytes();
      myNonces.put(peer, nonce);
      Rvole.Receiver receiver = registry.register(
          Rvole.start(F, keyShare.pair(peer), tweak(peer, self, nonce), random));
      receivers.put(peer, receiver);
      out.add(new EcdsaSignRound1Message(self, peer, nonce, commitment, receiver.u(),
          receiver.check()));
    }
    state = State.ROUND1;
    return Step.sending(out);
  }

  /**
   * Feeds one encoded message from another signer.
   *
   * @throws ProtocolException an abort naming the culprits; the session secrets are destroyed
   *     first
   * @throws IllegalStateException if not started, finished or aborted
   */
  public synchronized Step<EcdsaSignature> receive(byte[] bytes) throws ProtocolException {
    requireNonNull(bytes, "bytes");
    if (state == State.NEW || state == State.DONE || state == State.ABORTED) {
      throw new IllegalStateException("ECDSA signing of " + self + " cannot receive in state "
          + state);
    }
    try {
      int type = Wire.peekType(bytes);
      if (type == Wire.TYPE_ECDSA_SIGN_ROUND2) {
        return onRound2(EcdsaSignRound2Message.parse(bytes));
      }
      if (type == Wire.TYPE_ECDSA_SIGN_ROUND3) {
        return onRound3(EcdsaSignRound3Message.parse(bytes));
      }
      return onRound1(EcdsaSignRound1Message.parse(bytes));
    } catch (ProtocolException e) {
      abort();
      throw e;
    }
  }

  private void checkSender(ProtocolMessage m, String what) throws ProtocolException {
    PartyId sender = m.sender();
    Parties.checkSender(self, signers, sender, what);
    if (m.recipient().isPresent() && !m.recipient().get().equals(self)) {
      throw new ProtocolException(ErrorCode.MPC_UNEXPECTED_MESSAGE,
          what + " from " + sender + " is addressed to " + m.recipient().get(), sender);
    }
  }

  private static ProtocolException duplicate(String what, PartyId sender) {
    return new ProtocolException(ErrorCode.MPC_UNEXPECTED_MESSAGE,
        "second " + what + " from " + sender, sender);
  }

  private Step<EcdsaSignature> onRound1(EcdsaSignRound1Message m) throws ProtocolException {
    checkSender(m, "ECDSA signing round 1");
    PartyId sender = m.sender();
    if (state != State.ROUND1 || round1.containsKey(sender)) {
      throw duplicate("ECDSA signing round 1", sender);
    }
    keyShare.pair(sender).requireUsable();
    if (!keyShare.pair(sender).markPeerNonce(m.nonce())) {
      throw new ProtocolException(ErrorCode.MPC_NONCE_REUSED, sender
          + " reused the OT-extension session nonce of an earlier session", sender);
    }
    round1.put(sender, m);
    if (round1.size() < others.size()) {
      return Step.sending(List.of());
    }
    return startRound2();
  }

  // ------------------------------------------------------------------ round 2

  /** {@code zeta_i}: this signer's share of zero from the pairwise seeds (DKLs23 F_Zero). */
  private int[] zeroShare() {
    int[] zeta = F.zero();
    for (PartyId peer : others) {
      boolean selfLow = self.compareTo(peer) < 0;
      byte[] mine = myNonces.get(peer);
      byte[] theirs = round1.get(peer).nonce();
      int[] v = Hashes.toScalar(F, "zero-share", keyShare.pair(peer).zeroSeed(),
          selfLow ? mine : theirs, selfLow ? theirs : mine);
      int[] next = selfLow ? F.add(zeta, v) : F.sub(zeta, v);
      ScalarField.wipe(v);
      ScalarField.wipe(zeta);
      zeta = next;
    }
    return zeta;
  }

  private Step<EcdsaSignature> startRound2() throws ProtocolException {
    secrets.requireUnused();
    int[] lambda = FrostSigning.lagrange(MATH, signers, self);
    int[] x = requireNonNull(F.decode(keyShare.shareBytes(), 0));
    int[] lx = F.mul(lambda, x);
    int[] zeta = zeroShare();
    int[] sk = F.add(lx, zeta);
    System.arraycopy(sk, 0, secrets.keyShare, 0, ScalarField.LIMBS);
    ScalarField.wipe(x);
    ScalarField.wipe(lx);
    ScalarField.wipe(zeta);
    ScalarField.wipe(sk);
    GroupElement pk = MATH.mulBase(secrets.keyShare);
    publicShare = pk;
    publicShareSum = pk;
    instanceSum = requireNonNull(instancePoint);
    int[][] inputs = {secrets.instanceKey, secrets.keyShare};
    List<ProtocolMessage> out = new ArrayList<>();
    for (PartyId peer : others) {
      EcdsaSignRound1Message m = round1.get(peer);
      byte[] nonce = randomBytes();
      Rvole.SenderResult res = Rvole.respond(F, keyShare.pair(peer),
          tweak(self, peer, m.nonce()), nonce, inputs, m.u(), m.check(), random);
      int[] cu = res.outputs[0];
      int[] cv = res.outputs[1];
      GroupElement gammaU = MATH.mulBase(cu);
      GroupElement gammaV = MATH.mulBase(cv);
      addInto(secrets.uSum, cu);
      addInto(secrets.vSum, cv);
      ScalarField.wipe(cu);
      ScalarField.wipe(cv);
      int[] psi = F.sub(secrets.inversionMask, receivers.get(peer).randomInput());
      byte[] psiBytes = F.encode(psi);
      ScalarField.wipe(psi);
      out.add(new EcdsaSignRound2Message(self, peer, nonce, requireNonNull(instancePoint), salt,
          pk, gammaU,
          gammaV, psiBytes, res.gamma, res.checkValues, res.checkHash, res.tau));
    }
    state = State.ROUND2;
    List<EcdsaSignRound2Message> early = new ArrayList<>(round2.values());
    Step<EcdsaSignature> last = Step.sending(out);
    for (EcdsaSignRound2Message m : early) {
      last = absorbRound2(m, out);
    }
    return last;
  }

  /** A fresh random scalar below 2^128 for batching two checks. */
  private int[] randomRho() {
    byte[] b = new byte[16];
    random.nextBytes(b);
    int[] rho = F.reduceBigEndian(b, 0, 16);
    Arrays.fill(b, (byte) 0);
    return rho;
  }

  private static void addInto(int[] acc, int[] v) {
    int[] sum = F.add(acc, v);
    System.arraycopy(sum, 0, acc, 0, ScalarField.LIMBS);
    ScalarField.wipe(sum);
  }

  private Step<EcdsaSignature> onRound2(EcdsaSignRound2Message m) throws ProtocolException {
    checkSender(m, "ECDSA signing round 2");
    PartyId sender = m.sender();
    if (round2.containsKey(sender) || state.compareTo(State.ROUND2) > 0) {
      throw duplicate("ECDSA signing round 2", sender);
    }
    round2.put(sender, m);
    if (state == State.ROUND1) {
      return Step.sending(List.of());
    }
    return absorbRound2(m, List.of());
  }

  private Step<EcdsaSignature> absorbRound2(EcdsaSignRound2Message m,
      List<ProtocolMessage> outgoing) throws ProtocolException {
    secrets.requireUnused();
    PartyId peer = m.sender();
    GroupElement rj = m.instancePoint();
    if (!MessageDigest.isEqual(commit(peer, rj, m.salt()), round1.get(peer).commitment())) {
      throw new ProtocolException(ErrorCode.MPC_COMMITMENT_MISMATCH,
          peer + " opened an instance point that does not match its round-1 commitment", peer);
    }
    Rvole.Receiver receiver = receivers.get(peer);
    PairSetup pair = keyShare.pair(peer);
    pair.requireUsable();
    int[][] d = Rvole.finish(F, receiver, tweak(peer, self, myNonces.get(peer)), m.nonce(),
        m.tau(), m.checkValues(), m.checkHash(), m.gamma());
    if (d == null) {
      pair.poison();
      throw new ProtocolException(ErrorCode.MPC_MULTIPLICATION_CHECK_FAILED,
          "the multiplication check of " + peer + "'s round-2 message fails; the pair is"
          + " poisoned", peer);
    }
    try {
      // DKLs23 Protocol 3.6 step 8: chi * R_j == d^u * G + Gamma^u and chi * pk_j == d^v * G +
      // Gamma^v, checked at once with a fresh random 128-bit rho (error 2^-128):
      // chi * (R_j + rho * pk_j) == (d^u + rho * d^v) * G + Gamma^u + rho * Gamma^v.
      int[] chi = receiver.randomInput();
      int[] rho = randomRho();
      GroupElement lhsPoint = MATH.sumOfProductsPublic(new GroupElement[] {rj, m.publicShare()},
          new int[][] {F.fromInt(1), rho}, null);
      GroupElement gammas = MATH.sumOfProductsPublic(new GroupElement[] {m.gammaU(), m.gammaV()},
          new int[][] {F.fromInt(1), rho}, null);
      int[] rhoDv = F.mul(rho, d[1]);
      int[] combined = F.add(d[0], rhoDv);
      boolean consistent = MATH.equalPublic(MATH.mulSecret(lhsPoint, chi),
          MATH.add(MATH.mulBase(combined), gammas));
      ScalarField.wipe(rhoDv);
      ScalarField.wipe(combined);
      if (!consistent) {
        pair.poison();
        throw new ProtocolException(ErrorCode.MPC_MULTIPLICATION_CHECK_FAILED, peer
            + "'s Gamma values do not match its instance point and public key share; the pair"
            + " is poisoned", peer);
      }
      addInto(secrets.uSum, d[0]);
      addInto(secrets.vSum, d[1]);
      int[] psi = requireNonNull(F.decode(m.psi(), 0));
      addInto(secrets.psiSum, psi);
    } finally {
      ScalarField.wipe(d[0]);
      ScalarField.wipe(d[1]);
      receiver.destroy();
    }
    instancePoints.put(peer, rj);
    publicShares.put(peer, m.publicShare());
    instanceSum = MATH.add(instanceSum, rj);
    publicShareSum = MATH.add(publicShareSum, m.publicShare());
    absorbedRound2++;
    if (absorbedRound2 < others.size()) {
      return Step.sending(outgoing);
    }
    List<ProtocolMessage> out = new ArrayList<>(outgoing);
    out.add(startRound3());
    return maybeFinish(out);
  }

  // ------------------------------------------------------------------ round 3

  private EcdsaSignRound3Message startRound3() throws ProtocolException {
    secrets.requireUnused();
    GroupElement r = instanceSum;
    if (!MATH.equalPublic(publicShareSum, key.groupPublicKey()) || r.isIdentity()) {
      // Withhold the shares but still echo the views, so that an equivocating signer is named
      // (its different public key shares are the usual reason the sum fails); the session ends
      // when the views are in (checkViews, then MPC_ECDSA_SHARES_INCONSISTENT).
      withheld = r.isIdentity() ? "the instance points add up to the identity"
          : "the signers' public key shares do not add up to the group key";
      secrets.destroy();
      byte[] zero = new byte[32];
      EcdsaSignRound3Message msg = new EcdsaSignRound3Message(self, zero, zero, ownViews());
      own3 = msg;
      state = State.ROUND3;
      return msg;
    }
    byte[] xBytes = Arrays.copyOfRange(r.encode(), 1, 33);
    int[] rxScalar = F.reduceBigEndian(xBytes);
    int[] m = F.reduceBigEndian(digest);
    int[] phiTotal = F.add(secrets.inversionMask, secrets.psiSum);
    int[] rPhi = F.mul(secrets.instanceKey, phiTotal);
    int[] u = F.add(rPhi, secrets.uSum);
    int[] skPhi = F.mul(secrets.keyShare, phiTotal);
    int[] v = F.add(skPhi, secrets.vSum);
    int[] mPhi = F.mul(m, secrets.inversionMask);
    int[] rxV = F.mul(rxScalar, v);
    int[] w = F.add(mPhi, rxV);
    rx = F.toBigIntegerPublic(rxScalar);
    EcdsaSignRound3Message msg =
        new EcdsaSignRound3Message(self, F.encode(u), F.encode(w), ownViews());
    for (int[] a : List.of(phiTotal, rPhi, u, skPhi, v, mPhi, rxV, w)) {
      ScalarField.wipe(a);
    }
    secrets.destroy();
    own3 = msg;
    state = State.ROUND3;
    return msg;
  }

  /** The digest of what this signer saw from {@code k} (its own values for itself). */
  private byte[] view(PartyId k) {
    boolean own = k.equals(self);
    byte[] c = own ? commitment : round1.get(k).commitment();
    GroupElement r = own ? requireNonNull(instancePoint) : instancePoints.get(k);
    GroupElement pk = own ? requireNonNull(publicShare) : publicShares.get(k);
    return Hashes.sha256("signer-view", Hashes.u16(k.value()), c, r.encode(), pk.encode());
  }

  /** Every signer's view digest, in signer order. */
  private byte[] ownViews() {
    byte[] out = new byte[signers.size() * EcdsaSignRound3Message.DIGEST_BYTES];
    for (int i = 0; i < signers.size(); i++) {
      System.arraycopy(view(signers.get(i)), 0, out, i * EcdsaSignRound3Message.DIGEST_BYTES,
          EcdsaSignRound3Message.DIGEST_BYTES);
    }
    return out;
  }

  /**
   * Compares every signer's echo with this signer's own view: a signer whose claim about itself
   * differs from what it sent here, or whose claim about this signer differs from what this
   * signer sent, is named; when two other signers only disagree with each other this signer cannot
   * tell which lies and names nobody.
   */
  private void checkViews() throws ProtocolException {
    List<PartyId> culprits = new ArrayList<>();
    List<String> disputes = new ArrayList<>();
    for (EcdsaSignRound3Message m : round3.values()) {
      PartyId sender = m.sender();
      for (int i = 0; i < signers.size(); i++) {
        PartyId k = signers.get(i);
        if (MessageDigest.isEqual(m.view(i), view(k))) {
          continue;
        }
        if (k.equals(sender) || k.equals(self)) {
          if (!culprits.contains(sender)) {
            culprits.add(sender);
          }
        } else {
          disputes.add(sender + " about " + k);
        }
      }
    }
    if (!culprits.isEmpty()) {
      throw new ProtocolException(ErrorCode.MPC_ECDSA_EQUIVOCATION, culprits + " showed this"
          + " signer other round-1 or round-2 values than they claim, or misreport what this"
          + " signer sent", culprits);
    }
    if (!disputes.isEmpty()) {
      throw new ProtocolException(ErrorCode.MPC_ECDSA_EQUIVOCATION, "signers disagree on what"
          + " others sent (" + String.join(", ", disputes) + "); this signer saw consistent"
          + " values and cannot tell who lies", List.of());
    }
  }

  private Step<EcdsaSignature> onRound3(EcdsaSignRound3Message m) throws ProtocolException {
    checkSender(m, "ECDSA signing round 3");
    PartyId sender = m.sender();
    if (round3.containsKey(sender)) {
      throw duplicate("ECDSA signing round 3", sender);
    }
    if (m.viewCount() != signers.size()) {
      throw new ProtocolException(ErrorCode.MPC_MALFORMED_MESSAGE, "ECDSA signing round 3 from "
          + sender + " echoes " + m.viewCount() + " signer views, " + signers.size()
          + " expected", sender);
    }
    round3.put(sender, m);
    if (state != State.ROUND3) {
      return Step.sending(List.of());
    }
    return maybeFinish(List.of());
  }

  /** Round 4 (local): once every round-3 share is in, combines and verifies the signature. */
  private Step<EcdsaSignature> maybeFinish(List<ProtocolMessage> outgoing)
      throws ProtocolException {
    if (round3.size() < others.size()) {
      return Step.sending(outgoing);
    }
    checkViews();
    if (withheld != null) {
      throw new ProtocolException(ErrorCode.MPC_ECDSA_SHARES_INCONSISTENT, withheld);
    }
    EcdsaSignRound3Message mine = requireNonNull(own3);
    int[] uSum = requireNonNull(F.decode(mine.u(), 0));
    int[] wSum = requireNonNull(F.decode(mine.w(), 0));
    for (EcdsaSignRound3Message e : round3.values()) {
      uSum = F.add(uSum, requireNonNull(F.decode(e.u(), 0)));
      wSum = F.add(wSum, requireNonNull(F.decode(e.w(), 0)));
    }
    if (F.isZero(uSum)) {
      throw new ProtocolException(ErrorCode.MPC_ECDSA_SHARES_INCONSISTENT,
          "the shares of phi * k add up to zero");
    }
    BigInteger s = F.toBigIntegerPublic(F.mul(wSum, F.invertPublic(uSum)));
    if (s.compareTo(EcdsaSignature.ORDER.shiftRight(1)) > 0) {
      s = EcdsaSignature.ORDER.subtract(s);
    }
    EcdsaSignature signature;
    try {
      signature = EcdsaSignature.verified(key, digest, requireNonNull(rx), s);
    } catch (ProtocolException e) {
      throw new ProtocolException(ErrorCode.MPC_ECDSA_SHARES_INCONSISTENT,
          "the signers' final shares combine to a signature that does not verify");
    }
    state = State.DONE;
    return Step.completed(outgoing, signature);
  }

  // ------------------------------------------------------------------ abort

  private void abort() {
    state = State.ABORTED;
    secrets.destroy();
    for (Rvole.Receiver r : receivers.values()) {
      r.destroy();
    }
  }

  /** Abandons the session (for example after a timeout) and destroys its secrets. */
  public synchronized void abandon() {
    if (state != State.DONE) {
      abort();
    }
  }

  /** The session secrets, for the wiping and reuse tests. */
  SessionSecrets secretsForTest() {
    return secrets;
  }

  /** Every secret array of the session, for the wiping tests. */
  List<Object> secretArraysForTest() {
    List<Object> out = new ArrayList<>(secrets.arrays());
    for (Rvole.Receiver r : receivers.values()) {
      out.addAll(Arrays.asList(r.arraysForTest()));
    }
    return out;
  }

  @Override
  public String toString() {
    return "EcdsaSigningParticipant[" + self + ", signers " + signers + ", " + state + "]";
  }
}

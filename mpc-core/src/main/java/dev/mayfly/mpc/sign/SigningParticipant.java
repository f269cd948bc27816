package dev.mayfly.mpc.sign;

import static java.util.Objects.requireNonNull;

import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.PartyId;
import dev.mayfly.common.SecretRegistry;
import dev.mayfly.common.ProtocolException;
import dev.mayfly.mpc.Step;
import dev.mayfly.mpc.internal.Parties;
import dev.mayfly.mpc.internal.Wire;
import dev.mayfly.mpc.keygen.KeyShare;
import dev.mayfly.mpc.keygen.PublicKeyPackage;
import dev.mayfly.mpc.sign.internal.FrostSigning;
import java.security.SecureRandom;
import java.util.Collection;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * One signer's side of a FROST signing session (RFC 9591 §5), a sans-I/O state machine without a
 * trusted coordinator.
 *
 * <ol>
 *   <li>{@link #start()} draws fresh single-use nonces and returns the signer's
 *       {@link SigningCommitments} for broadcast to the other signers.
 *   <li>Once the commitments of every signer are in, the signer builds the signing package
 *       itself, computes its {@link SignatureShare} (destroying the nonces) and returns it for
 *       broadcast.
 *   <li>An aggregating signer (the default) collects every share, aggregates, verifies the
 *       signature and completes with a {@link FrostSignature}; if the signature does not verify,
 *       it verifies every share and aborts naming the culprits. A non-aggregating signer completes
 *       right after sending its share, with no result.
 * </ol>
 *
 * <p>Shares that arrive before all commitments are buffered. Any invalid input aborts: the call
 * throws {@link ProtocolException} naming the culprit, after the nonces are destroyed.
 *
 * <p><b>Security:</b> the message is fixed when the machine is built; the signer signs nothing
 * else. Nonces never outlive the session. A key share may serve many sessions, one at a time or
 * concurrently, each with its own participant.
 *
 * <p>Thread-safety: methods are synchronized; one instance serves one signer in one session.
 *
 * @since 0.1.0
 */
public final class SigningParticipant {
  private enum State { NEW, COMMITTED, SHARED, DONE, ABORTED }

  private final KeyShare keyShare;
  private final PublicKeyPackage keys;
  private final List<PartyId> signers;
  private final byte[] message;
  private final SecureRandom random;
  private final boolean aggregate;
  private final SecretRegistry registry;

  private State state = State.NEW;
  private @Nullable SigningNonces nonces;
  private final SortedMap<PartyId, SigningCommitments> commitments = new TreeMap<>();
  private final SortedMap<PartyId, SignatureShare> shares = new TreeMap<>();
  private FrostSigning.@Nullable Context context;

  private SigningParticipant(Builder b, List<PartyId> signers) {
    this.keyShare = requireNonNull(b.keyShare);
    this.keys = keyShare.publicKeyPackage();
    this.signers = signers;
    this.message = requireNonNull(b.message).clone();
    this.random = requireNonNull(b.random);
    this.aggregate = b.aggregate;
    this.registry = b.registry;
  }

  /** A builder; key share, signers, message and random are required. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builder for {@link SigningParticipant}. */
  public static final class Builder {
    private @Nullable KeyShare keyShare;
    private @Nullable Collection<PartyId> signers;
    private byte @Nullable [] message;
    private @Nullable SecureRandom random;
    private boolean aggregate = true;
    private SecretRegistry registry = SecretRegistry.none();

    private Builder() {}

    /**
     * Where the nonces are registered the moment they are drawn, so the caller can destroy them
     * on every path; default {@link SecretRegistry#none()}.
     */
    public Builder secretRegistry(SecretRegistry registry) {
      this.registry = requireNonNull(registry, "registry");
      return this;
    }

    /** This signer's key share (not copied; it must stay live until the session ends). */
    public Builder keyShare(KeyShare keyShare) {
      this.keyShare = requireNonNull(keyShare, "keyShare");
      return this;
    }

    /** Every signer of the session, this one included; at least the threshold. */
    public Builder signers(Collection<PartyId> signers) {
      this.signers = List.copyOf(requireNonNull(signers, "signers"));
      return this;
    }

    /** The exact bytes to sign. */
    public Builder message(byte[] message) {
      this.message = requireNonNull(message, "message").clone();
      return this;
    }

    /** The source of the nonce randomness. */
    public Builder random(SecureRandom random) {
      this.random = requireNonNull(random, "random");
      return this;
    }

    /** Whether this signer also aggregates and verifies the signature; default true. */
    public Builder aggregate(boolean aggregate) {
      this.aggregate = aggregate;
      return this;
    }

    /**
     * Checks every field.
     *
     * @throws IllegalArgumentException if the signers repeat a party, lack this signer, include a
     *     non-participant of the key, or are fewer than the threshold
     * @throws IllegalStateException if a required field is missing
     */
    public SigningParticipant build() {
      if (keyShare == null || signers == null || message == null || random == null) {
        throw new IllegalStateException("keyShare, signers, message and random are required");
      }
      PublicKeyPackage keys = keyShare.publicKeyPackage();
      List<PartyId> sorted =
          Parties.checkedSigners(keyShare.id(), signers, keys::isParticipant, keys.threshold());
      return new SigningParticipant(this, sorted);
    }
  }

  /** This signer. */
  public PartyId id() {
    return keyShare.id();
  }

  /** Whether the session finished successfully for this signer. */
  public synchronized boolean isComplete() {
    return state == State.DONE;
  }

  /**
   * Round 1: draws nonces and returns this signer's commitments for broadcast.
   *
   * @throws IllegalStateException if already started
   */
  public synchronized Step<FrostSignature> start() {
    if (state != State.NEW) {
      throw new IllegalStateException("signing of " + id() + " already started");
    }
    SigningNonces n = registry.register(Round1.commit(keyShare, random));
    nonces = n;
    commitments.put(id(), n.commitments());
    state = State.COMMITTED;
    return Step.sending(List.of(n.commitments()));
  }

  /**
   * Feeds one encoded message from another signer.
   *
   * @throws ProtocolException an abort naming the culprits; the nonces are destroyed first
   * @throws IllegalStateException if not started, finished or aborted
   */
  public synchronized Step<FrostSignature> receive(byte[] bytes) throws ProtocolException {
    requireNonNull(bytes, "bytes");
    if (state == State.NEW || state == State.DONE || state == State.ABORTED) {
      throw new IllegalStateException("signing of " + id() + " cannot receive in state " + state);
    }
    try {
      int type = Wire.peekType(bytes);
      if (type == Wire.TYPE_SIGNING_COMMITMENTS) {
        return onCommitments(SigningCommitments.parse(keys.ciphersuite(), bytes));
      }
      if (type == Wire.TYPE_SIGNATURE_SHARE) {
        return onShare(SignatureShare.parse(keys.ciphersuite(), bytes));
      }
      throw new Wire.Reader(bytes, keys.ciphersuite(), Wire.TYPE_SIGNING_COMMITMENTS,
          "signing message").fail(ErrorCode.MPC_MALFORMED_MESSAGE,
              "signing message has type " + type);
    } catch (ProtocolException e) {
      abort();
      throw e;
    }
  }

  private void checkSender(PartyId sender, String what) throws ProtocolException {
    Parties.checkSender(id(), signers, sender, what);
  }

  private Step<FrostSignature> onCommitments(SigningCommitments c) throws ProtocolException {
    checkSender(c.sender(), "signing commitments");
    if (state != State.COMMITTED || commitments.containsKey(c.sender())) {
      throw new ProtocolException(ErrorCode.MPC_UNEXPECTED_MESSAGE,
          "second signing commitments from " + c.sender(), c.sender());
    }
    commitments.put(c.sender(), c);
    if (commitments.size() < signers.size()) {
      return Step.sending(List.of());
    }
    SigningPackage pkg = SigningPackage.create(message, commitments.values());
    FrostSigning.Context ctx = FrostSigning.context(pkg, keys);
    context = ctx;
    SignatureShare own = Round2.sign(keyShare, requireNonNull(nonces), ctx);
    state = State.SHARED;
    if (!aggregate) {
      state = State.DONE;
      shares.clear();
      return Step.finishedSending(List.of(own));
    }
    shares.put(id(), own);
    return maybeAggregate(List.of(own));
  }

  private Step<FrostSignature> onShare(SignatureShare s) throws ProtocolException {
    checkSender(s.sender(), "signature share");
    if (!aggregate) {
      throw new ProtocolException(ErrorCode.MPC_UNEXPECTED_MESSAGE,
          "signature share from " + s.sender() + " sent to a non-aggregating signer", s.sender());
    }
    if (shares.containsKey(s.sender())) {
      throw new ProtocolException(ErrorCode.MPC_UNEXPECTED_MESSAGE,
          "second signature share from " + s.sender(), s.sender());
    }
    shares.put(s.sender(), s);
    return state == State.SHARED ? maybeAggregate(List.of()) : Step.sending(List.of());
  }

  private Step<FrostSignature> maybeAggregate(List<SignatureShare> outgoing)
      throws ProtocolException {
    if (shares.size() < signers.size()) {
      return Step.sending(outgoing);
    }
    FrostSignature signature = Aggregator.aggregate(requireNonNull(context), shares.values());
    state = State.DONE;
    return Step.completed(outgoing, signature);
  }

  private void abort() {
    state = State.ABORTED;
    if (nonces != null) {
      nonces.destroy();
    }
  }

  /** Abandons the session (for example after a timeout) and destroys the nonces. */
  public synchronized void abandon() {
    if (state != State.DONE) {
      abort();
    }
  }

  /** The nonces of this session, for the wiping tests; null before start. */
  @Nullable SigningNonces noncesForTest() {
    return nonces;
  }

  @Override
  public String toString() {
    return "SigningParticipant[" + id() + ", signers " + signers + ", " + state + "]";
  }
}

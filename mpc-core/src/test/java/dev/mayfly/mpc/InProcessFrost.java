package dev.mayfly.mpc;

import static java.util.Objects.requireNonNull;

import dev.mayfly.common.PartyId;
import dev.mayfly.common.ProtocolException;
import dev.mayfly.mpc.ciphersuite.Ciphersuite;
import dev.mayfly.mpc.keygen.DkgParticipant;
import dev.mayfly.mpc.keygen.KeyShare;
import dev.mayfly.mpc.keygen.PublicKeyPackage;
import dev.mayfly.mpc.sign.FrostSignature;
import dev.mayfly.mpc.sign.SignatureShare;
import dev.mayfly.mpc.sign.SigningParticipant;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiPredicate;

/**
 * Runs the DKG and FROST signing for {@code n} parties inside one JVM by passing the state
 * machines' encoded messages between them: <b>for tests, demos and benchmarks only</b>.
 *
 * <pre>{@code
 * try (InProcessFrost frost = InProcessFrost.generate(Ciphersuite.ed25519Sha512(), 2, 3, rng)) {
 *   FrostSignature sig = frost.sign(message, List.of(PartyId.of(1), PartyId.of(3)), rng);
 *   byte[] ed25519Signature = sig.bytes();                                  // R || S, 64 bytes
 *   byte[] ed25519PublicKey = frost.publicKeyPackage().groupPublicKeyBytes(); // 32 bytes
 * }
 * }</pre>
 *
 * <p><b>Security:</b> it runs exactly the protocol the distributed parties run (every message is
 * encoded, parsed and checked) and never assembles the group secret, but all shares live in one
 * process, so it gives none of the protection of distributing them. Real deployments drive
 * {@link DkgParticipant} and {@link SigningParticipant} over an authenticated transport.
 *
 * <p>Thread-safety: not thread-safe.
 *
 * @since 0.1.0
 */
public final class InProcessFrost implements AutoCloseable {
  private final SortedMap<PartyId, KeyShare> shares;
  private final PublicKeyPackage publicKeyPackage;

  private InProcessFrost(SortedMap<PartyId, KeyShare> shares, PublicKeyPackage pkg) {
    this.shares = shares;
    this.publicKeyPackage = pkg;
  }

  /**
   * Runs a {@code threshold}-of-{@code participants} DKG among parties 1..n.
   *
   * @throws IllegalArgumentException unless {@code 2 <= threshold <= participants <= 65535}
   * @throws ProtocolException if the protocol aborts (it does not with honest in-process parties)
   */
  public static InProcessFrost generate(Ciphersuite suite, int threshold, int participants,
      SecureRandom random) throws ProtocolException {
    requireNonNull(suite, "suite");
    requireNonNull(random, "random");
    List<PartyId> roster = InProcessDelivery.roster(participants);
    Map<PartyId, DkgParticipant> machines = new LinkedHashMap<>();
    for (PartyId id : roster) {
      machines.put(id, DkgParticipant.create(suite, id, roster, threshold, random));
    }
    SortedMap<PartyId, KeyShare> results = new TreeMap<>();
    for (KeyShare k : InProcessDelivery.run(machines, DkgParticipant::start,
        DkgParticipant::receive, InProcessDelivery::isFor, DkgParticipant::abandon,
        KeyShare::destroy)) {
      results.put(k.id(), k);
    }
    if (results.size() != participants) {
      results.values().forEach(KeyShare::destroy);
      throw new IllegalStateException("DKG finished for " + results.size() + " of "
          + participants + " parties");
    }
    return new InProcessFrost(results, results.get(roster.get(0)).publicKeyPackage());
  }

  /** The public outcome of the DKG. */
  public PublicKeyPackage publicKeyPackage() {
    return publicKeyPackage;
  }

  /** Every party's key share, in ascending party order (owned by this object). */
  public List<KeyShare> keyShares() {
    return List.copyOf(shares.values());
  }

  /** The key share of {@code party}. */
  public KeyShare keyShare(PartyId party) {
    KeyShare k = shares.get(requireNonNull(party, "party"));
    if (k == null) {
      throw new IllegalArgumentException(party + " is not a participant");
    }
    return k;
  }

  /**
   * Signs {@code message} with the given signers (at least the threshold), running one
   * {@link SigningParticipant} per signer; the lowest signer aggregates and verifies.
   *
   * @throws ProtocolException if the session aborts
   */
  public FrostSignature sign(byte[] message, Collection<PartyId> signers, SecureRandom random)
      throws ProtocolException {
    requireNonNull(signers, "signers");
    List<KeyShare> signerShares = new ArrayList<>();
    for (PartyId id : new TreeSet<>(signers)) {
      signerShares.add(keyShare(id));
    }
    return sign(message, signerShares, random);
  }

  /**
   * Signs {@code message} with the given key shares of one key, in process; the first share's
   * owner aggregates and verifies.
   *
   * @throws ProtocolException if the session aborts
   */
  public static FrostSignature sign(byte[] message, List<KeyShare> signerShares,
      SecureRandom random) throws ProtocolException {
    requireNonNull(message, "message");
    requireNonNull(signerShares, "signerShares");
    requireNonNull(random, "random");
    if (signerShares.isEmpty()) {
      throw new IllegalArgumentException("no signers");
    }
    List<PartyId> ids = signerShares.stream().map(KeyShare::id).toList();
    PartyId aggregator = ids.get(0);
    Map<PartyId, SigningParticipant> machines = new LinkedHashMap<>();
    for (KeyShare k : signerShares) {
      machines.put(k.id(), SigningParticipant.builder().keyShare(k).signers(ids).message(message)
          .random(random).aggregate(k.id().equals(aggregator)).build());
    }
    // Commitments go to every other signer, shares only to the aggregator.
    BiPredicate<ProtocolMessage, PartyId> deliver = (m, to) -> !to.equals(m.sender())
        && (!(m instanceof SignatureShare) || to.equals(aggregator));
    List<FrostSignature> signature = InProcessDelivery.run(machines, SigningParticipant::start,
        SigningParticipant::receive, deliver, SigningParticipant::abandon, sig -> { });
    if (signature.size() != 1) {
      throw new IllegalStateException("signing finished with " + signature.size() + " signatures");
    }
    return signature.get(0);
  }

  /** Destroys every key share. */
  @Override
  public void close() {
    shares.values().forEach(KeyShare::destroy);
  }

  @Override
  public String toString() {
    return "InProcessFrost[" + publicKeyPackage + "]";
  }
}

package dev.mayfly.mpc;

import static java.util.Objects.requireNonNull;

import dev.mayfly.common.PartyId;
import dev.mayfly.common.ProtocolException;
import dev.mayfly.mpc.ecdsa.EcdsaDkgParticipant;
import dev.mayfly.mpc.ecdsa.EcdsaKeyShare;
import dev.mayfly.mpc.ecdsa.EcdsaPublicKey;
import dev.mayfly.mpc.ecdsa.EcdsaSignature;
import dev.mayfly.mpc.ecdsa.EcdsaSigningParticipant;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Runs the threshold ECDSA key generation and DKLs23 signing for {@code n} parties inside one JVM
 * by passing the state machines' encoded messages between them: <b>for tests, demos and
 * benchmarks only</b>.
 *
 * <pre>{@code
 * try (InProcessEcdsa ecdsa = InProcessEcdsa.generate(2, 3, rng)) {
 *   EcdsaSignature sig = ecdsa.sign(message, List.of(PartyId.of(1), PartyId.of(3)), rng);
 *   byte[] der = sig.der();                                       // SHA256withECDSA, low S
 *   byte[] spki = ecdsa.publicKey().subjectPublicKeyInfo();       // P-256 public key
 * }
 * }</pre>
 *
 * <p><b>Security:</b> it runs exactly the protocol the distributed parties run (every message is
 * encoded, parsed and checked) and never assembles the group secret, but all shares live in one
 * process, so it gives none of the protection of distributing them. Real deployments drive
 * {@link EcdsaDkgParticipant} and {@link EcdsaSigningParticipant} over an authenticated,
 * encrypting transport.
 *
 * <p>Thread-safety: not thread-safe.
 *
 * @since 0.1.0
 */
public final class InProcessEcdsa implements AutoCloseable {
  private final SortedMap<PartyId, EcdsaKeyShare> shares;
  private final EcdsaPublicKey publicKey;

  private InProcessEcdsa(SortedMap<PartyId, EcdsaKeyShare> shares, EcdsaPublicKey publicKey) {
    this.shares = shares;
    this.publicKey = publicKey;
  }

  /**
   * Runs a {@code threshold}-of-{@code participants} key generation among parties 1..n.
   *
   * @throws IllegalArgumentException unless {@code 2 <= threshold <= participants <= 65535}
   * @throws ProtocolException if the protocol aborts (it does not with honest in-process parties)
   */
  public static InProcessEcdsa generate(int threshold, int participants, SecureRandom random)
      throws ProtocolException {
    requireNonNull(random, "random");
    List<PartyId> roster = InProcessDelivery.roster(participants);
    Map<PartyId, EcdsaDkgParticipant> machines = new LinkedHashMap<>();
    for (PartyId id : roster) {
      machines.put(id, EcdsaDkgParticipant.create(id, roster, threshold, random));
    }
    SortedMap<PartyId, EcdsaKeyShare> results = new TreeMap<>();
    for (EcdsaKeyShare k : InProcessDelivery.run(machines, EcdsaDkgParticipant::start,
        EcdsaDkgParticipant::receive, InProcessDelivery::isFor, EcdsaDkgParticipant::abandon,
        EcdsaKeyShare::destroy)) {
      results.put(k.id(), k);
    }
    return new InProcessEcdsa(results, results.get(roster.get(0)).publicKey());
  }

  /** The public key and verifying shares. */
  public EcdsaPublicKey publicKey() {
    return publicKey;
  }

  /** Every party's key share, in ascending party order (owned by this object). */
  public List<EcdsaKeyShare> keyShares() {
    return List.copyOf(shares.values());
  }

  /** The key share of {@code party}. */
  public EcdsaKeyShare keyShare(PartyId party) {
    EcdsaKeyShare k = shares.get(requireNonNull(party, "party"));
    if (k == null) {
      throw new IllegalArgumentException(party + " is not a participant");
    }
    return k;
  }

  /**
   * Signs SHA-256 of {@code message} with the given signers (at least the threshold), running one
   * {@link EcdsaSigningParticipant} per signer; every signer verifies the result.
   *
   * @throws ProtocolException if the session aborts
   */
  public EcdsaSignature sign(byte[] message, Collection<PartyId> signers, SecureRandom random)
      throws ProtocolException {
    requireNonNull(signers, "signers");
    List<EcdsaKeyShare> signerShares = new ArrayList<>();
    for (PartyId id : new TreeSet<>(signers)) {
      signerShares.add(keyShare(id));
    }
    return sign(message, signerShares, random);
  }

  /**
   * Signs SHA-256 of {@code message} with the given key shares of one key, in process.
   *
   * @throws ProtocolException if the session aborts
   */
  public static EcdsaSignature sign(byte[] message, List<EcdsaKeyShare> signerShares,
      SecureRandom random) throws ProtocolException {
    requireNonNull(message, "message");
    requireNonNull(signerShares, "signerShares");
    requireNonNull(random, "random");
    List<PartyId> ids = signerShares.stream().map(EcdsaKeyShare::id).toList();
    Map<PartyId, EcdsaSigningParticipant> machines = new LinkedHashMap<>();
    for (EcdsaKeyShare k : signerShares) {
      machines.put(k.id(), EcdsaSigningParticipant.builder().keyShare(k).signers(ids)
          .message(message).random(random).build());
    }
    List<EcdsaSignature> signatures = InProcessDelivery.run(machines,
        EcdsaSigningParticipant::start, EcdsaSigningParticipant::receive,
        InProcessDelivery::isFor, EcdsaSigningParticipant::abandon, sig -> { });
    if (signatures.size() != ids.size() || signatures.stream().distinct().count() != 1) {
      throw new IllegalStateException("signing finished with " + signatures.size()
          + " signatures for " + ids.size() + " signers");
    }
    return signatures.get(0);
  }

  /** Destroys every key share. */
  @Override
  public void close() {
    shares.values().forEach(EcdsaKeyShare::destroy);
  }

  @Override
  public String toString() {
    return "InProcessEcdsa[" + publicKey + "]";
  }
}

package dev.mayfly.mpc.ecdsa;

import dev.mayfly.common.PartyId;
import dev.mayfly.mpc.SecretHolder;
import dev.mayfly.mpc.ciphersuite.GroupElement;
import dev.mayfly.mpc.ecdsa.internal.PairSetup;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;

/**
 * One participant's share of a threshold ECDSA P-256 key, as the key generation
 * ({@link EcdsaDkgParticipant}) leaves it: the Shamir share {@code x_i} of the group secret, the
 * public {@link EcdsaPublicKey}, and for every other participant the seeds of the pairwise OT
 * extensions and of the zero-sharing that DKLs23 signing needs.
 *
 * <p>A key share serves any number of signing sessions ({@link EcdsaSigningParticipant}), one at a
 * time or concurrently; each session draws its own fresh randomness and OT-extension nonces, and
 * the share refuses a peer's session nonce it has already seen ({@code MPC_NONCE_REUSED}). Close
 * it when the key's life ends.
 *
 * <p><b>Security:</b> every secret (the Shamir share, base-OT choice bits and seeds, zero-sharing
 * seeds) is a fixed-length array owned here, never printed, and overwritten by {@link #destroy()}
 * (best effort: the JVM may have copied it). Any use after destruction throws
 * {@link IllegalStateException}. There is no serialized form: keys are ephemeral.
 *
 * <p>Thread-safety: safe for concurrent signing sessions; destroy it only when none runs.
 *
 * @since 0.1.0
 */
public final class EcdsaKeyShare extends SecretHolder {
  private final PartyId id;
  private final byte[] share;
  private final EcdsaPublicKey publicKey;
  private final SortedMap<PartyId, PairSetup> pairs;

  /** Takes ownership of {@code share} and of the pair setups. */
  EcdsaKeyShare(PartyId id, byte[] share, EcdsaPublicKey publicKey,
      SortedMap<PartyId, PairSetup> pairs) {
    this.id = id;
    this.share = share;
    this.publicKey = publicKey;
    this.pairs = Collections.unmodifiableSortedMap(pairs);
  }

  /** The owner, whose identifier is the share's x-coordinate. */
  public PartyId id() {
    return id;
  }

  /** The public key and verifying shares. */
  public EcdsaPublicKey publicKey() {
    checkLive();
    return publicKey;
  }

  /** This participant's verifying share {@code x_i * G}. */
  public GroupElement verifyingShare() {
    return publicKey().verifyingShare(id);
  }

  /** The Shamir share's scalar encoding (not a copy); only for the signing code. */
  byte[] shareBytes() {
    checkLive();
    return share;
  }

  /** The setup with {@code peer}. */
  PairSetup pair(PartyId peer) {
    checkLive();
    PairSetup p = pairs.get(peer);
    if (p == null) {
      throw new IllegalArgumentException(peer + " has no pairwise setup with " + id);
    }
    return p;
  }

  /** Every owned secret array, for the wiping tests. */
  List<byte[]> arraysForTest() {
    List<byte[]> out = new ArrayList<>();
    out.add(share);
    for (PairSetup p : pairs.values()) {
      out.addAll(Arrays.asList(p.arraysForTest()));
    }
    return out;
  }

  @Override
  protected void wipe() {
    Arrays.fill(share, (byte) 0);
    for (PairSetup p : pairs.values()) {
      p.destroy();
    }
  }

  @Override
  protected String describe() {
    return "threshold ECDSA key share of " + id;
  }
}

package dev.mayfly.mpc.ecdsa.internal;

import static java.util.Objects.requireNonNull;

import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.PartyId;
import dev.mayfly.common.ProtocolException;
import dev.mayfly.mpc.internal.SecretState;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;

/**
 * What one party keeps from the key generation about one peer: the seeds of the two OT extensions
 * between them and the seed of their zero-sharing (DKLs23 §3, "F_RVOLE" and "F_Zero" setup).
 *
 * <ul>
 *   <li>as <b>sender</b> (Alice, the multiplication's "chosen input" side) towards the peer: the
 *       128 choice bits {@code Delta} of the base OTs and the 128 seeds {@code k_c^{Delta_c}} it
 *       received;
 *   <li>as <b>receiver</b> (Bob, the "random input" side) towards the peer: both seeds
 *       {@code k_c^0, k_c^1} of each of the 128 base OTs it sent;
 *   <li>the 32-byte seed both parties share for zero-sharing.
 * </ul>
 *
 * <p><b>Poisoning:</b> the sender's {@code Delta} lives as long as the key share, and a receiver
 * that cheats in one column passes or fails the consistency check depending on one bit of it. So
 * the first failed OT-extension or multiplication check with the peer poisons the pair for good:
 * every later use ({@link #requireUsable()}, {@link #checkedSenderRows}) fails with
 * {@code MPC_ECDSA_PAIR_POISONED} naming the peer, and the key share must be discarded. Alice's
 * checks with one peer run one at a time under this object's lock, and the poisoned flag is read
 * and set under the same lock, so concurrent sessions see exactly the sequence of checks that
 * sequential sessions would: a cheating peer learns at most the bits it guessed right before its
 * first failure, with probability 2^-c for c bits.
 *
 * <p><b>Security:</b> all of it is secret; owned arrays, wiped by {@link #destroy()}, use after
 * destruction throws {@link IllegalStateException}. The set of peer session nonces already seen
 * (replay detection) and the poisoned flag are not secret.
 *
 * @since 0.1.0
 */
public final class PairSetup extends SecretState {
  /** Bytes of one seed. */
  public static final int SEED_BYTES = 32;

  private final PartyId peer;
  private final byte[] delta;
  private final byte[] senderSeeds;
  private final byte[] receiverSeeds0;
  private final byte[] receiverSeeds1;
  private final byte[] zeroSeed;
  private final Set<String> seenPeerNonces = new HashSet<>();
  private boolean poisoned;

  /** Takes ownership of every array. */
  public PairSetup(PartyId peer, byte[] delta, byte[] senderSeeds, byte[] receiverSeeds0,
      byte[] receiverSeeds1, byte[] zeroSeed) {
    this.peer = requireNonNull(peer, "peer");
    int seeds = OtExtension.KAPPA * SEED_BYTES;
    if (delta.length != OtExtension.KAPPA / 8 || senderSeeds.length != seeds
        || receiverSeeds0.length != seeds || receiverSeeds1.length != seeds
        || zeroSeed.length != SEED_BYTES) {
      throw new IllegalArgumentException("pair setup arrays have wrong lengths");
    }
    this.delta = delta;
    this.senderSeeds = senderSeeds;
    this.receiverSeeds0 = receiverSeeds0;
    this.receiverSeeds1 = receiverSeeds1;
    this.zeroSeed = zeroSeed;
  }

  /** The peer. */
  public PartyId peer() {
    return peer;
  }

  /** The sender's base-OT choice bits (the OT extension's {@code Delta}); not a copy. */
  public byte[] delta() {
    checkLive();
    return delta;
  }

  /** The sender's 128 received seeds, concatenated; not a copy. */
  public byte[] senderSeeds() {
    checkLive();
    return senderSeeds;
  }

  /** The receiver's 128 seeds {@code k_c^0}, concatenated; not a copy. */
  public byte[] receiverSeeds0() {
    checkLive();
    return receiverSeeds0;
  }

  /** The receiver's 128 seeds {@code k_c^1}, concatenated; not a copy. */
  public byte[] receiverSeeds1() {
    checkLive();
    return receiverSeeds1;
  }

  /** The zero-sharing seed; not a copy. */
  public byte[] zeroSeed() {
    checkLive();
    return zeroSeed;
  }

  /**
   * Records a session nonce the peer used as OT-extension receiver; false if it was seen before
   * (a replayed first-round message).
   */
  public synchronized boolean markPeerNonce(byte[] nonce) {
    checkLive();
    return seenPeerNonces.add(HexFormat.of().formatHex(nonce));
  }

  /**
   * Fails if a check with the peer ever failed.
   *
   * @throws ProtocolException {@code MPC_ECDSA_PAIR_POISONED} naming the peer
   */
  public synchronized void requireUsable() throws ProtocolException {
    checkLive();
    if (poisoned) {
      throw new ProtocolException(ErrorCode.MPC_ECDSA_PAIR_POISONED, "an earlier OT-extension or"
          + " multiplication check with " + peer + " failed; this key share refuses every session"
          + " with " + peer + " and must be discarded", peer);
    }
  }

  /** Poisons the pair for good (a check with the peer failed). */
  public synchronized void poison() {
    poisoned = true;
  }

  /** Whether a check with the peer ever failed. */
  public synchronized boolean isPoisoned() {
    return poisoned;
  }

  /**
   * Alice's OT-extension rows for one session after checking the peer's message; serialized with
   * every other check of this pair, and a failure poisons the pair before it is reported.
   *
   * @throws ProtocolException {@code MPC_ECDSA_PAIR_POISONED} if an earlier check failed,
   *     {@code MPC_OT_CONSISTENCY_FAILED} if this one fails; both name the peer
   */
  public synchronized long[] checkedSenderRows(byte[] tweak, byte[] u, byte[] check)
      throws ProtocolException {
    requireUsable();
    long[] rows = OtExtension.senderRows(delta, senderSeeds, tweak, u, check);
    if (rows == null) {
      poisoned = true;
      throw new ProtocolException(ErrorCode.MPC_OT_CONSISTENCY_FAILED, "the OT-extension"
          + " consistency check of " + peer + "'s round-1 message fails; the pair is poisoned",
          peer);
    }
    return rows;
  }

  /** Every owned secret array, for the wiping tests. */
  public byte[][] arraysForTest() {
    return new byte[][] {delta, senderSeeds, receiverSeeds0, receiverSeeds1, zeroSeed};
  }

  @Override
  protected void wipe() {
    Arrays.fill(delta, (byte) 0);
    Arrays.fill(senderSeeds, (byte) 0);
    Arrays.fill(receiverSeeds0, (byte) 0);
    Arrays.fill(receiverSeeds1, (byte) 0);
    Arrays.fill(zeroSeed, (byte) 0);
  }

  @Override
  protected String describe() {
    return "OT and zero-sharing setup with " + peer;
  }
}

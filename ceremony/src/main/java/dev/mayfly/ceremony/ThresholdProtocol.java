package dev.mayfly.ceremony;

import dev.mayfly.cert.mint.GroupKeyAlgorithm;
import dev.mayfly.cert.mint.GroupPublicKey;
import dev.mayfly.common.PartyId;
import dev.mayfly.common.ProtocolException;
import dev.mayfly.transport.PeerAbortedException;
import java.util.List;
import java.util.Set;
import javax.security.auth.Destroyable;

/**
 * The threshold signature protocol a ceremony runs, as the session engine sees it: FROST(Ed25519,
 * SHA-512) or DKLs23 threshold ECDSA on P-256. Key generation has the same shape for both
 * ({@link KeyGeneration}); signing differs in rounds and in who computes the signature.
 */
interface ThresholdProtocol {
  /** A party's share of the group key and the key it belongs to. */
  record GroupKey(Destroyable share, GroupPublicKey publicKey) {}

  /** The protocol for {@code algorithm}. */
  static ThresholdProtocol of(GroupKeyAlgorithm algorithm) {
    return algorithm == GroupKeyAlgorithm.ED25519 ? new FrostProtocol() : new EcdsaProtocol();
  }

  /** The protocol name in the certificate's threshold extension. */
  String name();

  /** Whether the session signs the DSSE statement even in raw mode (the Ed25519 bundle needs it). */
  boolean signsStatementInRawMode();

  /** Whether a party computes the signatures itself in the sign phase. */
  boolean computesSignatures(boolean signer);

  /** Adds the signing rounds to a session's plan. */
  void planSigning(RoundPlan.Builder plan, Set<PartyId> signers);

  /** Runs the DKG with every party of the session. */
  GroupKey generateKey(SessionIo io, List<PartyId> parties, int threshold)
      throws SessionFault, PeerAbortedException;

  /**
   * Signs every document with the signers. Returns the signatures in document order, verified
   * under the group key; an empty list for a party that does not learn them in this phase (an
   * ECDSA non-signer takes them from the done round and checks them with {@link #verify}).
   */
  List<byte[]> sign(SessionIo io, GroupKey key, List<PartyId> signers, List<Document> documents)
      throws SessionFault, PeerAbortedException;

  /**
   * Checks a signature produced by someone else, under the group key alone (the share may be
   * destroyed by then).
   *
   * @throws ProtocolException {@code MPC_INVALID_SIGNATURE} if it does not verify
   */
  void verify(GroupPublicKey key, byte[] message, byte[] signature) throws ProtocolException;

  /** Abandons any running state machine, destroying its secrets; idempotent. */
  void abandon();
}

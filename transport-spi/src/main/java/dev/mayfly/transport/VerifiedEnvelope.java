package dev.mayfly.transport;

import static java.util.Objects.requireNonNull;

import dev.mayfly.common.PartyId;

/**
 * Proof that an envelope passed the receiver-side checks of {@link EnvelopeVerifier}: its
 * signature verifies under {@link #signerKey()}, it belongs to the local session, it advertises
 * the local TEE policy hash, and it is addressed to the local party or to everyone.
 *
 * <p>Only {@link EnvelopeVerifier} (directly or through {@link Inbox}) creates instances.
 * {@link #isSelfSigned()} says whether the key was pinned in the {@link PeerDirectory} or only
 * taken from the envelope itself (a hello message whose key the caller still has to admit).
 *
 * @since 0.1.0
 */
public final class VerifiedEnvelope {
  private final Envelope envelope;
  private final IdentityPublicKey signerKey;
  private final boolean selfSigned;

  VerifiedEnvelope(Envelope envelope, IdentityPublicKey signerKey, boolean selfSigned) {
    this.envelope = requireNonNull(envelope, "envelope");
    this.signerKey = requireNonNull(signerKey, "signerKey");
    this.selfSigned = selfSigned;
  }

  /** The checked envelope. */
  public Envelope envelope() {
    return envelope;
  }

  /** The authenticated sender. */
  public PartyId sender() {
    return envelope.sender();
  }

  public RoundTag tag() {
    return envelope.tag();
  }

  /** A copy of the payload. */
  public byte[] payload() {
    return envelope.payload();
  }

  /** The key the signature verified under. */
  public IdentityPublicKey signerKey() {
    return signerKey;
  }

  /**
   * True if the key came from the envelope's own payload rather than the directory.
   *
   * <p><b>Security:</b> a self-signed envelope only proves that whoever sent it holds the key it
   * carries. The caller must check that the key is vouched for (the party's attestation report)
   * before pinning it.
   */
  public boolean isSelfSigned() {
    return selfSigned;
  }

  @Override
  public String toString() {
    return "Verified" + envelope + (selfSigned ? " (self-signed)" : "");
  }
}

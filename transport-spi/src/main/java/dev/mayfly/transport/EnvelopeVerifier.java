package dev.mayfly.transport;

import static java.util.Objects.requireNonNull;

import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.PartyId;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The stateless receiver-side checks of one party in one session (DESIGN.md section 3): known
 * sender, signature, session, TEE policy hash, recipient.
 *
 * <p>The checks run in this order, and the first failure throws a {@link TransportException}:
 *
 * <ol>
 *   <li>the sender is a member of the session and not the local party, else {@code
 *       TRANSPORT_UNKNOWN_SENDER};
 *   <li>an identity key is known for it, else {@code TRANSPORT_UNKNOWN_SENDER};
 *   <li>the Ed25519 signature verifies under that key, else {@code TRANSPORT_BAD_SIGNATURE};
 *   <li>the session id is the local one, else {@code TRANSPORT_WRONG_SESSION};
 *   <li>the policy hash is the local pin, else {@code TRANSPORT_POLICY_HASH_MISMATCH};
 *   <li>the recipient is the local party or everyone, else {@code TRANSPORT_WRONG_RECIPIENT}.
 * </ol>
 *
 * <p>Failures of steps 1 to 3 name nobody: until the signature verifies, the sender field is only
 * a claim, and the party the transport got the bytes from is whatever a relay says. A wrong
 * recipient names nobody either: a relay can deliver a validly signed envelope to the wrong party.
 * Steps 4 and 5 name the authenticated sender, which signed the wrong session or policy hash.
 * {@link Inbox} drops and counts what names nobody, and treats the rest as provable faults. Round
 * tags, duplicates and replays need state and are checked by {@link Inbox}.
 *
 * <p>Thread-safety: immutable apart from the shared {@link PeerDirectory}; safe for concurrent use.
 *
 * @since 0.1.0
 */
public final class EnvelopeVerifier {
  private final SessionId sessionId;
  private final PartyId self;
  private final byte[] policyHash;
  private final PeerDirectory directory;

  private EnvelopeVerifier(
      SessionId sessionId, PartyId self, byte[] policyHash, PeerDirectory directory) {
    this.sessionId = sessionId;
    this.self = self;
    this.policyHash = policyHash;
    this.directory = directory;
  }

  /**
   * A verifier for party {@code self} of session {@code sessionId}, which requires every sender to
   * advertise {@code policyHash} (the local TEE policy pin, 32 bytes).
   *
   * @throws IllegalArgumentException if {@code policyHash} is not 32 bytes or {@code self} is not
   *     a member of {@code directory}
   */
  public static EnvelopeVerifier create(
      SessionId sessionId, PartyId self, byte[] policyHash, PeerDirectory directory) {
    requireNonNull(sessionId, "sessionId");
    requireNonNull(self, "self");
    requireNonNull(policyHash, "policyHash");
    requireNonNull(directory, "directory");
    if (policyHash.length != Envelope.POLICY_HASH_BYTES) {
      throw new IllegalArgumentException("policy hash must be " + Envelope.POLICY_HASH_BYTES
          + " bytes, got " + policyHash.length);
    }
    if (!directory.isMember(self)) {
      throw new IllegalArgumentException(self + " is not a member of the directory");
    }
    return new EnvelopeVerifier(sessionId, self, policyHash.clone(), directory);
  }

  public SessionId sessionId() {
    return sessionId;
  }

  public PartyId self() {
    return self;
  }

  public PeerDirectory directory() {
    return directory;
  }

  /**
   * Checks {@code envelope} under the sender's pinned key.
   *
   * @param origin the party the transport received the bytes from (for messages only: it is
   *     never blamed)
   * @throws TransportException with the code of the first failed check (see the class comment)
   */
  public VerifiedEnvelope verify(Envelope envelope, PartyId origin) throws TransportException {
    requireNonNull(envelope, "envelope");
    requireNonNull(origin, "origin");
    return check(envelope, origin, null, null);
  }

  /**
   * Checks {@code envelope} under {@code admitted}, a key that a {@link PeerAdmission} vouched
   * for without pinning it, instead of the sender's pinned key; otherwise as {@link #verify}.
   *
   * <p><b>Security:</b> a failure here must not be held against the sender as the directory knows
   * it: the key is not the one pinned for it.
   *
   * @throws TransportException with the code of the first failed check (see the class comment)
   */
  public VerifiedEnvelope verifyAdmitted(Envelope envelope, PartyId origin,
      IdentityPublicKey admitted) throws TransportException {
    requireNonNull(envelope, "envelope");
    requireNonNull(origin, "origin");
    requireNonNull(admitted, "admitted");
    return check(envelope, origin, null, admitted);
  }

  /**
   * Checks {@code envelope} under the key it carries itself, for a hello message whose sender has
   * no pinned key yet. If the directory already has a key for the sender, that key is used and
   * {@code carriedKey} must equal it.
   *
   * <p><b>Security:</b> this proves possession of {@code carriedKey} and nothing more. The caller
   * must check that the key is vouched for (the attestation report in the same payload) and then
   * {@linkplain PeerDirectory#pin pin} it.
   *
   * @param carriedKey the encoded identity key found in the envelope's payload (untrusted); if it
   *     is not a valid Ed25519 key the envelope fails with {@code TRANSPORT_BAD_SIGNATURE}
   * @throws TransportException with the code of the first failed check (see the class comment)
   */
  public VerifiedEnvelope verifySelfSigned(Envelope envelope, PartyId origin, byte[] carriedKey)
      throws TransportException {
    requireNonNull(envelope, "envelope");
    requireNonNull(origin, "origin");
    requireNonNull(carriedKey, "carriedKey");
    return check(envelope, origin, carriedKey, null);
  }

  private VerifiedEnvelope check(Envelope envelope, PartyId origin,
      byte @Nullable [] carriedKey, @Nullable IdentityPublicKey admitted)
      throws TransportException {
    PartyId sender = envelope.sender();
    if (!directory.isMember(sender)) {
      throw new TransportException(ErrorCode.TRANSPORT_UNKNOWN_SENDER,
          "sender " + sender.value() + " of " + envelope.tag() + " is not a member of " + sessionId
              + " (received from " + origin + ")");
    }
    if (sender.equals(self)) {
      throw new TransportException(ErrorCode.TRANSPORT_UNKNOWN_SENDER,
          "envelope " + envelope.tag() + " claims to come from the receiving " + self
              + " (received from " + origin + ")");
    }
    Optional<IdentityPublicKey> pinned = admitted != null ? Optional.of(admitted)
        : directory.key(sender);
    IdentityPublicKey key;
    boolean selfSigned;
    if (pinned.isPresent()) {
      key = pinned.get();
      selfSigned = false;
      if (carriedKey != null && !MessageDigest.isEqual(key.encoded(), carriedKey)) {
        throw new TransportException(ErrorCode.TRANSPORT_BAD_SIGNATURE,
            "envelope " + envelope.tag() + " from " + sender
                + " carries an identity key other than the pinned one");
      }
    } else if (carriedKey != null) {
      Optional<IdentityPublicKey> decoded = IdentityPublicKey.tryDecode(carriedKey);
      if (decoded.isEmpty()) {
        throw new TransportException(ErrorCode.TRANSPORT_BAD_SIGNATURE,
            "envelope " + envelope.tag() + " from " + sender
                + " carries no valid Ed25519 identity key (" + carriedKey.length + " bytes)");
      }
      key = decoded.get();
      selfSigned = true;
    } else {
      throw new TransportException(ErrorCode.TRANSPORT_UNKNOWN_SENDER,
          "no identity key is admitted yet for " + sender + " (envelope " + envelope.tag() + ")");
    }
    if (!envelope.signatureVerifies(key)) {
      throw new TransportException(ErrorCode.TRANSPORT_BAD_SIGNATURE,
          "signature of " + envelope.tag() + " from " + sender + " does not verify under its "
              + (selfSigned ? "carried" : "pinned") + " identity key");
    }
    if (!envelope.sessionId().equals(sessionId)) {
      throw new TransportException(ErrorCode.TRANSPORT_WRONG_SESSION,
          "envelope " + envelope.tag() + " from " + sender + " is for "
              + envelope.sessionId() + ", expected " + sessionId,
          sender);
    }
    if (!envelope.policyHashMatches(policyHash)) {
      throw new TransportException(ErrorCode.TRANSPORT_POLICY_HASH_MISMATCH,
          sender + " advertises TEE policy hash " + hex(envelope.policyHash())
              + ", local pin is " + hex(policyHash),
          sender);
    }
    Optional<PartyId> recipient = envelope.recipient();
    if (recipient.isPresent() && !recipient.get().equals(self)) {
      throw new TransportException(ErrorCode.TRANSPORT_WRONG_RECIPIENT,
          "envelope " + envelope.tag() + " from " + sender + " is addressed to "
              + recipient.get() + ", received by " + self);
    }
    return new VerifiedEnvelope(envelope, key, selfSigned);
  }

  private static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }

  @Override
  public String toString() {
    return "EnvelopeVerifier[" + sessionId + ", " + self + "]";
  }
}

package dev.mayfly.transport;

import static java.util.Objects.requireNonNull;

import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.PartyId;
import dev.mayfly.common.bytes.ByteReader;
import dev.mayfly.common.bytes.ByteWriter;
import dev.mayfly.common.bytes.MalformedBytesException;
import dev.mayfly.common.internal.Sha256;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One signed message between the parties of a session (DESIGN.md section 3): format version,
 * session id, round tag, sender, recipient or broadcast, sequence number, the sender's TEE policy
 * hash, the payload, and the sender's Ed25519 signature over all of it.
 *
 * <p>Wire format, version 1 (all integers big-endian, no padding; {@code docs/transport.md} has
 * the table):
 *
 * <pre>
 * u8   version = 1
 * 32   session id
 * u8   phase length (1..32), then that many ASCII bytes of phase name
 * u16  round
 * u16  sender (1..65535)
 * u16  recipient (1..65535, or 0 for broadcast)
 * u64  sequence number (top bit 0)
 * 32   TEE policy hash
 * u32  payload length (0..16 MiB), then the payload
 * 64   Ed25519 signature over "mayfly/v1/envelope" || every byte above
 * </pre>
 *
 * <p>{@link #decode(byte[])} is strict: every field in range, no trailing bytes. It checks the
 * form only; whether the signature verifies, and under whose key, is the job of
 * {@link EnvelopeVerifier}.
 *
 * <p><b>Security:</b> the signature covers every header field, so nobody without the sender's
 * identity key can move an envelope to another session, round, recipient or sequence number. The
 * fixed label in the signed message keeps envelope signatures from being valid for any other use
 * of the identity key. The payload is not encrypted; point-to-point secrets must be encrypted
 * end-to-end by the caller (HPKE, DESIGN.md section 3) before they are put in an envelope.
 *
 * @since 0.1.0
 */
public final class Envelope {
  /** The format version this code writes and the only one it reads. */
  public static final int FORMAT_VERSION = 1;

  /** The length of the TEE policy hash field. */
  public static final int POLICY_HASH_BYTES = 32;

  /** The length of the Ed25519 signature. */
  public static final int SIGNATURE_BYTES = 64;

  /** The largest payload, 16 MiB. */
  public static final int MAX_PAYLOAD_BYTES = 16 * 1024 * 1024;

  /** The encoded size of an envelope with an empty payload and a one-letter phase. */
  public static final int MIN_ENCODED_BYTES = 1 + SessionId.LENGTH_BYTES + 1 + 1 + 2 + 2 + 2 + 8
      + POLICY_HASH_BYTES + 4 + SIGNATURE_BYTES;

  /** The encoded size of an envelope with the largest payload and phase name. */
  public static final int MAX_ENCODED_BYTES =
      MIN_ENCODED_BYTES - 1 + RoundTag.MAX_PHASE_BYTES + MAX_PAYLOAD_BYTES;

  /** The recipient value that means "every party". */
  static final int BROADCAST = 0;

  private static final byte[] SIGNATURE_LABEL =
      "mayfly/v1/envelope".getBytes(StandardCharsets.US_ASCII);

  private final SessionId sessionId;
  private final RoundTag tag;
  private final PartyId sender;
  private final @Nullable PartyId recipient;
  private final long sequence;
  private final byte[] policyHash;
  private final byte[] payload;
  private final byte[] signature;
  private final byte[] encoded;
  /**
   * The key this envelope's signature verified under, once it has: its bytes never change, so a
   * second check under the same key (the inbox, then the verifier, then the hello's own check)
   * needs no second Ed25519 verification.
   */
  private volatile @Nullable IdentityPublicKey verifiedUnder;
  /** {@link #digest()}, computed on first use (benign race: every thread computes the same). */
  private volatile byte @Nullable [] digest;

  private Envelope(
      SessionId sessionId,
      RoundTag tag,
      PartyId sender,
      @Nullable PartyId recipient,
      long sequence,
      byte[] policyHash,
      byte[] payload,
      byte[] signature,
      byte[] encoded) {
    this.sessionId = sessionId;
    this.tag = tag;
    this.sender = sender;
    this.recipient = recipient;
    this.sequence = sequence;
    this.policyHash = policyHash;
    this.payload = payload;
    this.signature = signature;
    this.encoded = encoded;
  }

  /** A builder for a new envelope; every field must be set before {@link Builder#sign}. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding every field of this envelope, to derive a changed copy and sign it anew. */
  public Builder toBuilder() {
    Builder builder = new Builder()
        .sessionId(sessionId)
        .tag(tag)
        .sender(sender)
        .sequence(sequence)
        .policyHash(policyHash)
        .payload(payload);
    return recipient == null ? builder.broadcast() : builder.recipient(recipient);
  }

  /**
   * Parses untrusted bytes strictly.
   *
   * @throws TransportException {@link ErrorCode#TRANSPORT_MALFORMED_ENVELOPE} (no culprit) if the
   *     bytes do not follow format version 1 exactly
   */
  public static Envelope decode(byte[] encoded) throws TransportException {
    requireNonNull(encoded, "encoded");
    return decode(encoded, List.of());
  }

  /**
   * Parses untrusted bytes received from {@code origin} strictly.
   *
   * @throws TransportException {@link ErrorCode#TRANSPORT_MALFORMED_ENVELOPE} if the bytes do not
   *     follow format version 1 exactly; it names nobody (the origin is only what the transport
   *     or a relay says) and mentions the origin in its message
   */
  public static Envelope decode(byte[] encoded, PartyId origin) throws TransportException {
    requireNonNull(encoded, "encoded");
    requireNonNull(origin, "origin");
    try {
      return decode(encoded, List.of());
    } catch (TransportException e) {
      throw new TransportException(e.code(), "bytes from " + origin + ": " + e.getMessage(), e);
    }
  }

  private static Envelope decode(byte[] encoded, List<PartyId> culprits)
      throws TransportException {
    if (encoded.length < MIN_ENCODED_BYTES || encoded.length > MAX_ENCODED_BYTES) {
      throw malformed("envelope is " + encoded.length + " bytes, must be " + MIN_ENCODED_BYTES
          + ".." + MAX_ENCODED_BYTES, culprits);
    }
    byte[] copy = encoded.clone();
    try {
      ByteReader in = new ByteReader(copy);
      int version = in.u8("version");
      if (version != FORMAT_VERSION) {
        throw new MalformedBytesException(
            "format version is " + version + ", expected " + FORMAT_VERSION);
      }
      SessionId sessionId = SessionId.create(in.bytes(SessionId.LENGTH_BYTES, "session id"));
      int phaseLength = in.u8("phase length");
      if (phaseLength < 1 || phaseLength > RoundTag.MAX_PHASE_BYTES) {
        throw new MalformedBytesException(
            "phase length is " + phaseLength + ", must be 1.." + RoundTag.MAX_PHASE_BYTES);
      }
      String phase = new String(in.bytes(phaseLength, "phase"), StandardCharsets.ISO_8859_1);
      String phaseProblem = RoundTag.phaseProblem(phase);
      if (phaseProblem != null) {
        throw new MalformedBytesException(phaseProblem);
      }
      int round = in.u16("round");
      int senderValue = in.u16("sender");
      if (senderValue == 0) {
        throw new MalformedBytesException("sender is 0, must be 1.." + PartyId.MAX);
      }
      int recipientValue = in.u16("recipient");
      long sequence = in.u64("sequence");
      if (sequence < 0) {
        throw new MalformedBytesException("sequence number has its top bit set");
      }
      byte[] policyHash = in.bytes(POLICY_HASH_BYTES, "policy hash");
      long payloadLength = in.u32("payload length");
      if (payloadLength > MAX_PAYLOAD_BYTES) {
        throw new MalformedBytesException(
            "payload length is " + payloadLength + ", at most " + MAX_PAYLOAD_BYTES);
      }
      byte[] payload = in.bytes(payloadLength, "payload");
      byte[] signature = in.bytes(SIGNATURE_BYTES, "signature");
      in.expectEnd("signature");
      return new Envelope(
          sessionId,
          RoundTag.of(phase, round),
          PartyId.of(senderValue),
          recipientValue == BROADCAST ? null : PartyId.of(recipientValue),
          sequence,
          policyHash,
          payload,
          signature,
          copy);
    } catch (MalformedBytesException e) {
      throw malformed(e.getMessage(), culprits);
    }
  }

  private static TransportException malformed(String message, List<PartyId> culprits) {
    return new TransportException(ErrorCode.TRANSPORT_MALFORMED_ENVELOPE, message, culprits);
  }

  /** The full encoding, signature included (a copy). */
  public byte[] encode() {
    return encoded.clone();
  }

  /** The length of {@link #encode()}. */
  public int encodedLength() {
    return encoded.length;
  }

  /** SHA-256 of the full encoding: what duplicate detection and echo broadcast compare. */
  public byte[] digest() {
    byte[] d = digest;
    if (d == null) {
      d = Sha256.hash(encoded);
      digest = d;
    }
    return d.clone();
  }

  /** The format version (always {@value #FORMAT_VERSION} for envelopes that exist). */
  public int version() {
    return FORMAT_VERSION;
  }

  public SessionId sessionId() {
    return sessionId;
  }

  public RoundTag tag() {
    return tag;
  }

  /** The sender as written in the envelope; authenticated only once a verifier accepted it. */
  public PartyId sender() {
    return sender;
  }

  /** The addressed party, or empty for a broadcast. */
  public Optional<PartyId> recipient() {
    return Optional.ofNullable(recipient);
  }

  public boolean isBroadcast() {
    return recipient == null;
  }

  /** The sender's sequence number in this session; each envelope a sender signs has its own. */
  public long sequence() {
    return sequence;
  }

  /** A copy of the sender's advertised TEE policy hash. */
  public byte[] policyHash() {
    return policyHash.clone();
  }

  /** A copy of the payload. */
  public byte[] payload() {
    return payload.clone();
  }

  /** The payload length, without copying. */
  public int payloadLength() {
    return payload.length;
  }

  /** A copy of the 64-byte signature. */
  public byte[] signature() {
    return signature.clone();
  }

  /** Whether the advertised TEE policy hash equals {@code expected} (constant time). */
  public boolean policyHashMatches(byte[] expected) {
    return Arrays.equals(policyHash, expected);
  }

  /** Whether the signature verifies under {@code key} (RFC 8032 §5.1.7). */
  public boolean signatureVerifies(IdentityPublicKey key) {
    requireNonNull(key, "key");
    if (key.equals(verifiedUnder)) {
      return true;
    }
    boolean verifies =
        key.verifies(signedMessage(encoded, encoded.length - SIGNATURE_BYTES), signature);
    if (verifies) {
      verifiedUnder = key;
    }
    return verifies;
  }

  private static byte[] signedMessage(byte[] body, int bodyLength) {
    byte[] message = new byte[SIGNATURE_LABEL.length + bodyLength];
    System.arraycopy(SIGNATURE_LABEL, 0, message, 0, SIGNATURE_LABEL.length);
    System.arraycopy(body, 0, message, SIGNATURE_LABEL.length, bodyLength);
    return message;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Envelope that && Arrays.equals(encoded, that.encoded);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(encoded);
  }

  /** Header fields and the payload length; never the payload itself. */
  @Override
  public String toString() {
    return "Envelope[" + tag + " from " + sender.value() + " to "
        + (recipient == null ? "all" : String.valueOf(recipient.value())) + ", seq " + sequence
        + ", " + payload.length + " payload bytes]";
  }

  /**
   * Collects the fields of a new envelope and signs it.
   *
   * <p>Setters check their own argument; {@link #sign} checks that every field is set.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private @Nullable SessionId sessionId;
    private @Nullable RoundTag tag;
    private @Nullable PartyId sender;
    private @Nullable PartyId recipient;
    private boolean addressed;
    private long sequence = -1;
    private byte @Nullable [] policyHash;
    private byte @Nullable [] payload;

    private Builder() {}

    public Builder sessionId(SessionId sessionId) {
      this.sessionId = requireNonNull(sessionId, "sessionId");
      return this;
    }

    public Builder tag(RoundTag tag) {
      this.tag = requireNonNull(tag, "tag");
      return this;
    }

    public Builder sender(PartyId sender) {
      this.sender = requireNonNull(sender, "sender");
      return this;
    }

    /** Addresses the envelope to one party. */
    public Builder recipient(PartyId recipient) {
      this.recipient = requireNonNull(recipient, "recipient");
      this.addressed = true;
      return this;
    }

    /** Addresses the envelope to every party. */
    public Builder broadcast() {
      this.recipient = null;
      this.addressed = true;
      return this;
    }

    /** The sender's sequence number, 0 or more; the sender must never sign two with one number. */
    public Builder sequence(long sequence) {
      if (sequence < 0) {
        throw new IllegalArgumentException("sequence must be >= 0, got " + sequence);
      }
      this.sequence = sequence;
      return this;
    }

    /** The sender's TEE policy hash, {@value #POLICY_HASH_BYTES} bytes (copied). */
    public Builder policyHash(byte[] policyHash) {
      requireNonNull(policyHash, "policyHash");
      if (policyHash.length != POLICY_HASH_BYTES) {
        throw new IllegalArgumentException(
            "policy hash must be " + POLICY_HASH_BYTES + " bytes, got " + policyHash.length);
      }
      this.policyHash = policyHash.clone();
      return this;
    }

    /** The payload, at most {@value #MAX_PAYLOAD_BYTES} bytes (copied). */
    public Builder payload(byte[] payload) {
      requireNonNull(payload, "payload");
      if (payload.length > MAX_PAYLOAD_BYTES) {
        throw new IllegalArgumentException(
            "payload is " + payload.length + " bytes, at most " + MAX_PAYLOAD_BYTES);
      }
      this.payload = payload.clone();
      return this;
    }

    /**
     * Encodes the envelope and signs it with the sender's identity key.
     *
     * @throws IllegalStateException if a field is missing or {@code key} was destroyed
     */
    public Envelope sign(IdentityKeyPair key) {
      requireNonNull(key, "key");
      SessionId sessionId = require(this.sessionId, "sessionId");
      RoundTag tag = require(this.tag, "tag");
      PartyId sender = require(this.sender, "sender");
      byte[] policyHash = require(this.policyHash, "policyHash");
      byte[] payload = require(this.payload, "payload");
      if (!addressed) {
        throw new IllegalStateException("recipient(...) or broadcast() must be set");
      }
      if (sequence < 0) {
        throw new IllegalStateException("sequence must be set");
      }
      byte[] phase = tag.phaseBytes();
      ByteWriter out = new ByteWriter(MIN_ENCODED_BYTES + phase.length + payload.length);
      out.u8(FORMAT_VERSION)
          .bytes(sessionId.bytes())
          .u8(phase.length)
          .bytes(phase)
          .u16(tag.round())
          .u16(sender.value())
          .u16(recipient == null ? BROADCAST : recipient.value())
          .u64(sequence)
          .bytes(policyHash)
          .u32(payload.length)
          .bytes(payload);
      byte[] body = out.toByteArray();
      byte[] signature = key.sign(signedMessage(body, body.length));
      byte[] encoded = Arrays.copyOf(body, body.length + SIGNATURE_BYTES);
      System.arraycopy(signature, 0, encoded, body.length, SIGNATURE_BYTES);
      return new Envelope(
          sessionId, tag, sender, recipient, sequence, policyHash, payload, signature, encoded);
    }

    private static <T> T require(@Nullable T value, String name) {
      if (value == null) {
        throw new IllegalStateException(name + " must be set");
      }
      return value;
    }
  }
}

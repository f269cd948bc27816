package dev.mayfly.transport;

import static java.util.Objects.requireNonNull;

import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.PartyId;
import dev.mayfly.common.bytes.ByteReader;
import dev.mayfly.common.bytes.ByteWriter;
import dev.mayfly.common.bytes.MalformedBytesException;
import dev.mayfly.common.internal.Sha256;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One party's view of a broadcast round, for echo broadcast (DESIGN.md section 3): after the
 * round, every party sends the digest of each broadcast envelope it received (and of its own), and
 * compares the digests it gets back with its own view. Any difference fails with {@code
 * TRANSPORT_ECHO_MISMATCH} ({@link EchoMismatchException}), which says who disagreed about whom.
 *
 * <p>Sans I/O: {@link #payload()} is what to broadcast, {@link #verify} checks what came back.
 * {@link SessionChannel#echo} runs both steps over a transport.
 *
 * <p>Echo payload, version 1 (big-endian): {@code u8 version = 1, u8 phase length, phase, u16
 * round} (the broadcast round), {@code u16 count}, then {@code count} entries of {@code u16
 * sender, 32-byte SHA-256 of the sender's complete encoded envelope}, senders strictly ascending,
 * no trailing bytes.
 *
 * <p><b>Security:</b> envelope signatures mean that two different digests for one sender are
 * only possible if that sender signed two different envelopes for the round, or if the echoing
 * party lies about what it received. The digests alone cannot tell these apart, so a mismatch
 * names nobody; it only guarantees that no party goes on with a view another party does not share.
 * A protocol that wants to name the equivocating sender exchanges the envelopes themselves (the
 * ceremony's abort announcements carry them), which are proof because the sender signed both.
 *
 * @since 0.1.0
 */
public final class EchoBroadcast {
  /** The echo payload format version. */
  public static final int FORMAT_VERSION = 1;

  private final RoundTag tag;
  private final SortedMap<PartyId, byte[]> digests;

  private EchoBroadcast(RoundTag tag, SortedMap<PartyId, byte[]> digests) {
    this.tag = tag;
    this.digests = digests;
  }

  /**
   * The view made of these broadcast envelopes of round {@code tag}: the ones received plus the
   * local party's own, if it broadcast in the round.
   *
   * @throws IllegalArgumentException if {@code envelopes} is empty, holds a point-to-point
   *     envelope, one of another round, or two from one sender
   */
  public static EchoBroadcast of(RoundTag tag, Collection<Envelope> envelopes) {
    requireNonNull(tag, "tag");
    requireNonNull(envelopes, "envelopes");
    if (envelopes.isEmpty()) {
      throw new IllegalArgumentException("an echo needs at least one broadcast envelope");
    }
    SortedMap<PartyId, byte[]> digests = new TreeMap<>();
    for (Envelope envelope : envelopes) {
      requireNonNull(envelope, "envelope");
      if (!envelope.isBroadcast() || !envelope.tag().equals(tag)) {
        throw new IllegalArgumentException(envelope + " is not a broadcast of " + tag);
      }
      if (digests.put(envelope.sender(), envelope.digest()) != null) {
        throw new IllegalArgumentException("two envelopes from " + envelope.sender());
      }
    }
    return new EchoBroadcast(tag, digests);
  }

  /** The broadcast round this view is about. */
  public RoundTag tag() {
    return tag;
  }

  /** The senders in the view, ascending. */
  public List<PartyId> senders() {
    return List.copyOf(digests.keySet());
  }

  /** The echo message to broadcast to the other parties. */
  public byte[] payload() {
    return encode(tag, digests);
  }

  /**
   * Compares the echoes of the other parties with this view.
   *
   * @param echoes each echoing party's verified echo envelope, by party
   * @return proof that every echo matched
   * @throws IllegalArgumentException if an entry's key is not the sender of its envelope
   * @throws TransportException {@code TRANSPORT_MALFORMED_ENVELOPE} naming an echoing party whose
   *     signed payload does not decode or lists another round or other senders than this view,
   *     with its echo envelope as {@linkplain TransportException#evidence() evidence}
   * @throws EchoMismatchException {@code TRANSPORT_ECHO_MISMATCH} listing every echoing party that
   *     saw another envelope from some sender (names nobody: see the class comment)
   */
  public EchoAgreement verify(Map<PartyId, VerifiedEnvelope> echoes) throws TransportException {
    requireNonNull(echoes, "echoes");
    List<EchoMismatchException.Disagreement> disagreements = new ArrayList<>();
    for (Map.Entry<PartyId, VerifiedEnvelope> entry : new TreeMap<>(echoes).entrySet()) {
      PartyId echoer = entry.getKey();
      VerifiedEnvelope echo = entry.getValue();
      if (!echo.sender().equals(echoer)) {
        throw new IllegalArgumentException(
            "echo listed under " + echoer + " comes from " + echo.sender());
      }
      SortedMap<PartyId, byte[]> theirs = decode(echo.payload(), echoer, echo.envelope());
      if (!theirs.keySet().equals(digests.keySet())) {
        throw new TransportException(ErrorCode.TRANSPORT_MALFORMED_ENVELOPE,
            "echo from " + echoer + " lists senders " + theirs.keySet() + ", expected "
                + digests.keySet(),
            echoer, List.of(echo.envelope()));
      }
      for (Map.Entry<PartyId, byte[]> mine : digests.entrySet()) {
        if (!MessageDigest.isEqual(mine.getValue(), theirs.get(mine.getKey()))) {
          disagreements.add(new EchoMismatchException.Disagreement(echoer, mine.getKey()));
        }
      }
    }
    if (!disagreements.isEmpty()) {
      throw new EchoMismatchException(tag, disagreements);
    }
    return new EchoAgreement(tag, digests, Sha256.hash(payload()));
  }

  /**
   * Whether {@code echoPayload} is a well-formed echo of this round listing exactly this view's
   * senders: what {@link #verify} requires of every echo before it compares digests.
   */
  public boolean isWellFormedEcho(byte[] echoPayload) {
    return isWellFormedEcho(tag, digests.keySet(), echoPayload);
  }

  /**
   * Whether {@code echoPayload} is a well-formed echo of broadcast round {@code tag} listing
   * exactly {@code senders}: a check anyone can repeat on a signed echo, without a view.
   */
  public static boolean isWellFormedEcho(RoundTag tag, Set<PartyId> senders, byte[] echoPayload) {
    requireNonNull(tag, "tag");
    requireNonNull(senders, "senders");
    requireNonNull(echoPayload, "echoPayload");
    try {
      return decodeDigests(tag, echoPayload).keySet().equals(new java.util.TreeSet<>(senders));
    } catch (MalformedBytesException e) {
      return false;
    }
  }

  private static byte[] encode(RoundTag tag, SortedMap<PartyId, byte[]> digests) {
    byte[] phase = tag.phaseBytes();
    ByteWriter out = new ByteWriter(8 + phase.length + digests.size() * 34);
    out.u8(FORMAT_VERSION).u8(phase.length).bytes(phase).u16(tag.round()).u16(digests.size());
    for (Map.Entry<PartyId, byte[]> entry : digests.entrySet()) {
      out.u16(entry.getKey().value()).bytes(entry.getValue());
    }
    return out.toByteArray();
  }

  private SortedMap<PartyId, byte[]> decode(byte[] payload, PartyId echoer, Envelope echo)
      throws TransportException {
    try {
      return decodeDigests(tag, payload);
    } catch (MalformedBytesException e) {
      throw new TransportException(ErrorCode.TRANSPORT_MALFORMED_ENVELOPE,
          "echo from " + echoer + " does not decode: " + e.getMessage(), echoer, List.of(echo));
    }
  }

  private static SortedMap<PartyId, byte[]> decodeDigests(RoundTag tag, byte[] payload) {
    ByteReader in = new ByteReader(payload);
    int version = in.u8("echo version");
    if (version != FORMAT_VERSION) {
      throw new MalformedBytesException("echo version is " + version);
    }
    int phaseLength = in.u8("phase length");
    String phase = new String(in.bytes(phaseLength, "phase"), StandardCharsets.ISO_8859_1);
    int round = in.u16("round");
    if (!phase.equals(tag.phase()) || round != tag.round()) {
      throw new MalformedBytesException("echo is about round " + phase + "/" + round);
    }
    int count = in.u16("count");
    SortedMap<PartyId, byte[]> result = new TreeMap<>();
    int last = 0;
    for (int i = 0; i < count; i++) {
      int sender = in.u16("sender");
      if (sender <= last) {
        throw new MalformedBytesException("echo senders are not strictly ascending");
      }
      last = sender;
      result.put(PartyId.of(sender), in.bytes(Sha256.DIGEST_BYTES, "digest"));
    }
    in.expectEnd("echo entries");
    return result;
  }

  @Override
  public String toString() {
    return "EchoBroadcast[" + tag + ", senders " + digests.keySet() + "]";
  }
}

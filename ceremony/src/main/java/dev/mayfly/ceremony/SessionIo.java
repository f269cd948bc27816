package dev.mayfly.ceremony;

import static java.util.Objects.requireNonNull;

import dev.mayfly.ceremony.internal.HpkeKeyPair;
import dev.mayfly.ceremony.internal.Messages;
import dev.mayfly.ceremony.internal.SecretLedger;
import dev.mayfly.ceremony.internal.Transcript;
import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.InsecureSecretAccess;
import dev.mayfly.common.MayflyException;
import dev.mayfly.common.PartyId;
import dev.mayfly.common.ProtocolException;
import dev.mayfly.common.SecretBytes;
import dev.mayfly.mpc.ProtocolMessage;
import dev.mayfly.mpc.Step;
import dev.mayfly.transport.EchoBroadcast;
import dev.mayfly.transport.Envelope;
import dev.mayfly.transport.RoundTag;
import dev.mayfly.transport.SessionChannel;
import dev.mayfly.transport.VerifiedEnvelope;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.function.Supplier;
import javax.security.auth.Destroyable;
import org.jspecify.annotations.Nullable;

/**
 * What the threshold protocols of a session need from it, once the hello is done: the signed
 * channel with the peers' pinned keys, echo rounds that feed the transcript, end-to-end encrypted
 * point-to-point messages to the peers' attested HPKE keys, the phase deadline, and errors that
 * carry the current phase. One per party and session; single thread.
 */
final class SessionIo {
  private static final byte[] SEALED_CONTEXT = "mayfly/v1/p2p".getBytes(StandardCharsets.US_ASCII);

  private final PartyId self;
  private final byte[] sessionId;
  private final Set<PartyId> peers;
  private final SessionChannel channel;
  private final HpkeKeyPair hpke;
  private final Map<PartyId, byte[]> hpkeKeys;
  private final PayloadTamper tamper;
  private final Transcript transcript;
  private final SecretLedger ledger;
  private final SecureRandom random;
  private final Supplier<CeremonyPhase> phase;
  private final Supplier<Duration> remaining;

  SessionIo(PartyId self, byte[] sessionId, Set<PartyId> peers, SessionChannel channel,
      HpkeKeyPair hpke, Map<PartyId, byte[]> hpkeKeys, PayloadTamper tamper,
      Transcript transcript, SecretLedger ledger, SecureRandom random,
      Supplier<CeremonyPhase> phase, Supplier<Duration> remaining) {
    this.self = self;
    this.sessionId = sessionId;
    this.peers = peers;
    this.channel = channel;
    this.hpke = hpke;
    this.hpkeKeys = hpkeKeys;
    this.tamper = tamper;
    this.transcript = transcript;
    this.ledger = ledger;
    this.random = random;
    this.phase = phase;
    this.remaining = remaining;
  }

  PartyId self() {
    return self;
  }

  Set<PartyId> peers() {
    return peers;
  }

  SecureRandom random() {
    return random;
  }

  /** Records a secret holder for destruction when the session ends, on every path. */
  <T extends Destroyable> T track(T secret) {
    return ledger.track(secret);
  }

  /** Destroys {@code secret} now; never throws. */
  void destroy(Destroyable secret) {
    ledger.destroy(secret);
  }

  /** Broadcasts {@code payload} in round {@code tag}. */
  Envelope broadcast(RoundTag tag, byte[] payload) throws MayflyException {
    return channel.broadcast(tag, tamper.tamper(tag, payload));
  }

  /**
   * Sends {@code plaintext} to {@code recipient} in round {@code tag}, HPKE-encrypted to its
   * attested key and bound to the session, round, sender and recipient; wipes {@code plaintext}.
   */
  void sendSealed(PartyId recipient, RoundTag tag, byte[] plaintext) throws MayflyException {
    try {
      byte[] ciphertext = HpkeKeyPair.seal(requireNonNull(hpkeKeys.get(recipient), "HPKE key"),
          plaintext, context(tag, self, recipient));
      channel.send(recipient, tag,
          tamper.tamper(tag, Messages.opaque(Messages.TYPE_SEALED, ciphertext)));
    } catch (GeneralSecurityException e) {
      throw fail(ErrorCode.CEREMONY_HPKE_FAILURE,
          "could not encrypt to " + recipient + "'s HPKE key", List.of(recipient), e);
    } finally {
      Arrays.fill(plaintext, (byte) 0);
    }
  }

  /**
   * Decrypts what {@code envelope}'s sender sealed to this party; the plaintext is tracked for
   * destruction.
   *
   * @throws CeremonyException {@code CEREMONY_HPKE_FAILURE} or {@code CEREMONY_MALFORMED_MESSAGE}
   *     naming the sender
   */
  SecretBytes openSealed(VerifiedEnvelope envelope) throws CeremonyException {
    PartyId sender = envelope.sender();
    byte[] ciphertext =
        Messages.parseOpaque(envelope.payload(), sender, phase.get(), Messages.TYPE_SEALED);
    try {
      return ledger.track(SecretBytes.wrap(
          hpke.open(ciphertext, context(envelope.tag(), sender, self)),
          InsecureSecretAccess.get()));
    } catch (GeneralSecurityException e) {
      throw fail(ErrorCode.CEREMONY_HPKE_FAILURE, "the " + envelope.tag() + " message from "
          + sender + " does not decrypt under " + self + "'s HPKE key", List.of(sender), e);
    }
  }

  private byte[] context(RoundTag tag, PartyId from, PartyId to) {
    byte[] phaseName = tag.phase().getBytes(StandardCharsets.US_ASCII);
    return new dev.mayfly.common.bytes.ByteWriter(80).bytes(SEALED_CONTEXT).bytes(sessionId)
        .u8(phaseName.length).bytes(phaseName).u16(tag.round()).u16(from.value())
        .u16(to.value()).toByteArray();
  }

  /** The envelopes of round {@code tag} from {@code from}, before the phase deadline. */
  SortedMap<PartyId, VerifiedEnvelope> collect(RoundTag tag, Set<PartyId> from)
      throws MayflyException, InterruptedException {
    return channel.collect(tag, from, remaining.get());
  }

  /**
   * Runs the echo round of broadcast round {@code tag} before anything received in it is
   * interpreted, and adds the agreement to the transcript.
   */
  void agree(RoundTag tag, RoundTag echoTag, Optional<Envelope> own,
      SortedMap<PartyId, VerifiedEnvelope> received) throws MayflyException, InterruptedException {
    EchoBroadcast view = EchoBroadcast.of(tag, SessionChannel.viewOf(own, received));
    transcript.add(channel.echo(view, echoTag, peers, remaining.get()).transcriptHash());
  }

  /**
   * Checks that an encoded mpc-core message names {@code peer}, the authenticated sender of the
   * envelope that carried it, as its sender.
   */
  void requireSender(byte[] encoded, PartyId peer) throws CeremonyException {
    PartyId claimed;
    try {
      claimed = ProtocolMessage.peekSender(encoded);
    } catch (ProtocolException e) {
      throw fail(e.code(), "message from " + peer + " is refused: " + e.detail(),
          List.of(peer), e);
    }
    if (!claimed.equals(peer)) {
      throw fail(ErrorCode.CEREMONY_MALFORMED_MESSAGE,
          "message from " + peer + " claims to come from " + claimed, List.of(peer));
    }
  }

  @FunctionalInterface
  interface Parse<T> {
    T run() throws ProtocolException;
  }

  /** Parses a peer's message, blaming the authenticated sender for any failure. */
  <T> T parseAs(PartyId peer, Parse<T> parse) throws CeremonyException {
    try {
      return parse.run();
    } catch (ProtocolException e) {
      throw fail(e.code(), "message from " + peer + " is refused: " + e.detail(),
          List.of(peer), e);
    }
  }

  /** The single message of {@code step}. */
  static ProtocolMessage single(Step<?> step) {
    List<ProtocolMessage> messages = step.messages();
    if (messages.size() != 1) {
      throw new IllegalStateException("expected one message, got " + messages.size());
    }
    return messages.get(0);
  }

  CeremonyException fail(ErrorCode code, String message, List<PartyId> culprits) {
    return fail(code, message, culprits, null);
  }

  CeremonyException fail(ErrorCode code, String message, List<PartyId> culprits,
      @Nullable Throwable cause) {
    return new CeremonyException(code, phase.get(), message, culprits, cause);
  }

  CeremonyPhase phase() {
    return phase.get();
  }
}

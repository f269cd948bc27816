package dev.mayfly.ceremony;

import static java.util.Objects.requireNonNull;

import dev.mayfly.ceremony.internal.HpkeKeyPair;
import dev.mayfly.ceremony.internal.Messages;
import dev.mayfly.ceremony.internal.SecretLedger;
import dev.mayfly.ceremony.internal.SessionHooks;
import dev.mayfly.ceremony.internal.Transcript;
import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.InsecureSecretAccess;
import dev.mayfly.common.PartyId;
import dev.mayfly.common.ProtocolException;
import dev.mayfly.common.SecretBytes;
import dev.mayfly.common.SecretRegistry;
import dev.mayfly.common.bytes.ByteWriter;
import dev.mayfly.mpc.ProtocolMessage;
import dev.mayfly.mpc.Step;
import dev.mayfly.transport.EchoBroadcast;
import dev.mayfly.transport.EchoMismatchException;
import dev.mayfly.transport.Envelope;
import dev.mayfly.transport.PeerAbortedException;
import dev.mayfly.transport.RoundTag;
import dev.mayfly.transport.SessionChannel;
import dev.mayfly.transport.TransportException;
import dev.mayfly.transport.VerifiedEnvelope;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeSet;
import javax.security.auth.Destroyable;
import org.jspecify.annotations.Nullable;

/**
 * One party's input and output in one session, after its session keys exist: the signed channel,
 * the current phase and its deadline (set by the orchestrator with {@link #enter}), echo rounds
 * that feed the transcript and check each broadcast round before anything in it is used, and
 * end-to-end encrypted point-to-point messages to the peers' attested HPKE keys.
 *
 * <p>Every failure becomes a {@link SessionFault} carrying what this party will announce: a proof
 * (a fault shown by envelopes the culprit signed, or by a public check every party runs the same
 * way on the same echoed round) or a report (silence, a sealed message only this party can read).
 * A peer's abort announcement ends a collection with {@link PeerAbortedException}.
 *
 * <p>Single thread.
 */
final class SessionIo {
  private static final byte[] SEALED_CONTEXT = "mayfly/v1/p2p".getBytes(StandardCharsets.US_ASCII);
  /** How many of the latest rounds' broadcasts and echoes an announcement carries. */
  private static final int RECENT_ROUNDS = 4;

  /** How a broadcast round is interpreted once its echoes agree. */
  @FunctionalInterface
  interface Interpretation<T> {
    T run() throws SessionFault;
  }

  /** A public check of the round under way, not run yet (its echo has not finished). */
  private record Pending(RoundTag tag, RoundTag echoTag, Interpretation<?> check) {}

  private final PartyId self;
  private final byte[] sessionId;
  private final Set<PartyId> peers;
  private final SessionChannel channel;
  private final HpkeKeyPair hpke;
  private final Map<PartyId, byte[]> hpkeKeys;
  private final SessionHooks hooks;
  private final Transcript transcript;
  private final SecretLedger ledger;
  private final SecureRandom random;
  private final RoundPlan plan;

  private CeremonyPhase phase = CeremonyPhase.SETUP;
  private long deadline = System.nanoTime();
  private final Map<RoundTag, List<Envelope>> views = new LinkedHashMap<>();
  private final Map<RoundTag, List<Complaint>> checked = new LinkedHashMap<>();
  private @Nullable RoundTag current;
  private @Nullable Pending pending;

  SessionIo(PartyId self, byte[] sessionId, Set<PartyId> peers, SessionChannel channel,
      HpkeKeyPair hpke, Map<PartyId, byte[]> hpkeKeys, SessionHooks hooks, Transcript transcript,
      SecretLedger ledger, SecureRandom random, RoundPlan plan) {
    this.self = self;
    this.sessionId = sessionId;
    this.peers = peers;
    this.channel = channel;
    this.hpke = hpke;
    this.hpkeKeys = hpkeKeys;
    this.hooks = hooks;
    this.transcript = transcript;
    this.ledger = ledger;
    this.random = random;
    this.plan = plan;
  }

  PartyId self() {
    return self;
  }

  Set<PartyId> peers() {
    return peers;
  }

  /** The session id's bytes (a copy). */
  byte[] sessionId() {
    return sessionId.clone();
  }

  SecureRandom random() {
    return random;
  }

  RoundPlan plan() {
    return plan;
  }

  SessionChannel channel() {
    return channel;
  }

  /** Where the session's secret holders are registered. */
  SecretRegistry secrets() {
    return ledger;
  }

  /** Destroys {@code secret} now; never throws. */
  void destroy(Destroyable secret) {
    ledger.destroy(secret);
  }

  // ------------------------------------------------------------------------------ phase, deadline

  /** Enters {@code next}, whose deadline is {@code timeout} from now. */
  void enter(CeremonyPhase next, Duration timeout) {
    phase = requireNonNull(next, "next");
    deadline = System.nanoTime() + timeout.toNanos();
  }

  CeremonyPhase phase() {
    return phase;
  }

  /** The time left before the current phase's deadline (zero when it passed). */
  Duration remaining() {
    return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
  }

  // ------------------------------------------------------------------------------ sending

  /** Broadcasts {@code payload} in round {@code tag}. */
  Envelope broadcast(RoundTag tag, byte[] payload) throws SessionFault {
    try {
      return channel.broadcast(tag, hooks.outgoing(tag, payload));
    } catch (TransportException e) {
      throw local(e.code(), self + " could not send " + tag + ": " + e.getMessage(), e);
    }
  }

  /**
   * Sends {@code plaintext} to {@code recipient} in round {@code tag}, HPKE-encrypted to its
   * attested key and bound to the session, round, sender and recipient; wipes {@code plaintext}
   * whatever happens.
   */
  void sendSealed(PartyId recipient, RoundTag tag, byte[] plaintext) throws SessionFault {
    try {
      byte[] ciphertext = HpkeKeyPair.seal(requireNonNull(hpkeKeys.get(recipient), "HPKE key"),
          plaintext, context(tag, self, recipient));
      channel.send(recipient, tag,
          hooks.outgoing(tag, Messages.opaque(Messages.TYPE_SEALED, ciphertext)));
    } catch (TransportException e) {
      throw local(e.code(), self + " could not send " + tag + ": " + e.getMessage(), e);
    } catch (GeneralSecurityException e) {
      throw local(ErrorCode.CEREMONY_HPKE_FAILURE,
          self + " could not encrypt to " + recipient + "'s HPKE key", e);
    } finally {
      Arrays.fill(plaintext, (byte) 0);
    }
  }

  /**
   * Seals and sends every message of {@code outgoing} to its recipient in round {@code tag}; each
   * plaintext is wiped, and each secret message destroyed, even when a send fails midway.
   */
  void sendAllSealed(RoundTag tag, List<ProtocolMessage> outgoing) throws SessionFault {
    try {
      for (ProtocolMessage message : outgoing) {
        sendSealed(message.recipient().orElseThrow(), tag, message.encode());
      }
    } finally {
      for (ProtocolMessage message : outgoing) {
        if (message instanceof Destroyable secret) {
          destroy(secret);
        }
      }
    }
  }

  /**
   * Decrypts what {@code envelope}'s sender sealed to this party; the plaintext is registered for
   * destruction. A failure is only this party's report: nobody else can check the ciphertext.
   */
  SecretBytes openSealed(VerifiedEnvelope envelope) throws SessionFault {
    PartyId sender = envelope.sender();
    byte[] ciphertext = parsePrivate(sender, envelope.tag(), () -> Messages.parseOpaque(
        envelope.payload(), Messages.TYPE_SEALED));
    try {
      return ledger.register(SecretBytes.wrap(
          hpke.open(ciphertext, context(envelope.tag(), sender, self)),
          InsecureSecretAccess.get()));
    } catch (GeneralSecurityException e) {
      throw report(ErrorCode.CEREMONY_HPKE_FAILURE, List.of(sender), envelope.tag(),
          "the " + envelope.tag() + " message from " + sender + " does not decrypt under "
              + self + "'s HPKE key");
    }
  }

  private byte[] context(RoundTag tag, PartyId from, PartyId to) {
    byte[] phaseName = tag.phase().getBytes(StandardCharsets.US_ASCII);
    return new ByteWriter(80).bytes(SEALED_CONTEXT).bytes(sessionId)
        .u8(phaseName.length).bytes(phaseName).u16(tag.round()).u16(from.value())
        .u16(to.value()).toByteArray();
  }

  // ------------------------------------------------------------------------------ receiving

  /** The envelopes of round {@code tag} from {@code from}, before the phase deadline. */
  SortedMap<PartyId, VerifiedEnvelope> collect(RoundTag tag, Set<PartyId> from)
      throws SessionFault, PeerAbortedException {
    current = tag;
    try {
      SortedMap<PartyId, VerifiedEnvelope> received = channel.collect(tag, from, remaining());
      if (plan.round(tag).map(r -> r.shape() == dev.mayfly.transport.RoundSchedule.Shape.BROADCAST)
          .orElse(false)) {
        List<Envelope> view = new ArrayList<>(views.getOrDefault(tag, List.of()));
        received.values().forEach(v -> view.add(v.envelope()));
        views.put(tag, view);
      }
      return received;
    } catch (PeerAbortedException e) {
      throw e;
    } catch (TransportException e) {
      throw fault(tag, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw local(ErrorCode.CEREMONY_INTERRUPTED, self + " was interrupted in " + tag, e);
    }
  }

  /** A transport failure of round {@code tag} as a complaint. */
  private SessionFault fault(RoundTag tag, TransportException e) {
    if (!e.evidence().isEmpty() && e.culprits().size() == 1) {
      // Labelled with the round of the envelope shown, which every party reads alike, not with
      // the round this party happened to be collecting.
      return new SessionFault(Complaint.proof(e.code(), e.culprits().get(0),
          e.evidence().get(0).tag(), e.evidence(), e.getMessage()), e);
    }
    if (e.code() == ErrorCode.TRANSPORT_TIMEOUT) {
      return new SessionFault(Complaint.report(e.code(), e.culprits(), tag, List.of(),
          self + " waited in vain for " + tag + " from " + e.culprits()), e);
    }
    return local(e.code(), self + " could not receive " + tag + ": " + e.getMessage(), e);
  }

  /**
   * Runs the echo round of broadcast round {@code tag} and then {@code interpretation}, which
   * must perform every check on the round's messages that any party can repeat (identically, in
   * ascending order of sender) before the round's content is used; returns what it returns. If the
   * echo fails, the interpretation stays pending: the abort agreement runs it to judge other
   * parties' claims about the round.
   */
  <T> T agree(RoundTag tag, RoundTag echoTag, Optional<Envelope> own,
      SortedMap<PartyId, VerifiedEnvelope> received, Interpretation<T> interpretation)
      throws SessionFault, PeerAbortedException {
    if (own.isPresent()) {
      List<Envelope> view = new ArrayList<>(views.getOrDefault(tag, List.of()));
      view.add(own.get());
      views.put(tag, view);
    }
    pending = new Pending(tag, echoTag, interpretation);
    EchoBroadcast view = EchoBroadcast.of(tag, SessionChannel.viewOf(own, received));
    Envelope ownEcho = broadcast(echoTag, view.payload());
    // The own echo is kept before the others arrive: it is what this party checks other parties'
    // claims about the round against, even if the echo round never finishes.
    views.put(echoTag, new ArrayList<>(List.of(ownEcho)));
    SortedMap<PartyId, VerifiedEnvelope> echoes = collect(echoTag, peers);
    try {
      transcript.add(view.verify(echoes).transcriptHash());
    } catch (EchoMismatchException e) {
      List<Envelope> support = new ArrayList<>();
      TreeSet<PartyId> accused = new TreeSet<>();
      for (EchoMismatchException.Disagreement d : e.disagreements()) {
        accused.add(d.echoer());
        accused.add(d.sender());
        support.add(echoes.get(d.echoer()).envelope());
        VerifiedEnvelope theirs = received.get(d.sender());
        if (theirs != null) {
          support.add(theirs.envelope());
        }
      }
      throw new SessionFault(Complaint.report(e.code(), List.copyOf(accused), tag,
          support.stream().distinct().toList(), e.getMessage()), e);
    } catch (TransportException e) {
      throw fault(echoTag, e);
    }
    return check(tag, echoTag, interpretation);
  }

  /**
   * Runs a broadcast round's public check and records its result. Each proof it finds carries,
   * after the culprit's envelope, the round's echo envelopes this party holds: with all of them,
   * equal, they show every party that every party checked the same messages.
   */
  private <T> T check(RoundTag tag, RoundTag echoTag, Interpretation<T> interpretation)
      throws SessionFault {
    pending = null;
    try {
      T result = interpretation.run();
      checked.put(tag, List.of());
      return result;
    } catch (SessionFault fault) {
      checked.put(tag, fault.complaints());
      List<Envelope> echoes = view(echoTag);
      List<Complaint> shown = new ArrayList<>();
      for (Complaint c : fault.complaints()) {
        if (c.kind() == Complaint.Kind.PROOF && !isSelfContained(c.code())) {
          List<Envelope> evidence = new ArrayList<>(c.evidence().subList(0, 1));
          evidence.addAll(echoes);
          shown.add(new Complaint(c.kind(), c.code(), c.accused(), c.round(), evidence,
              c.text()));
        } else {
          shown.add(c);
        }
      }
      throw new SessionFault(shown, fault);
    }
  }

  /** Whether proofs of {@code code} are shown by signed envelopes alone, echo or not. */
  static boolean isSelfContained(ErrorCode code) {
    return switch (code) {
      case TRANSPORT_EQUIVOCATION, TRANSPORT_REPLAYED_SEQUENCE, TRANSPORT_WRONG_SHAPE,
          TRANSPORT_WRONG_ROUND, TRANSPORT_WRONG_SESSION, TRANSPORT_POLICY_HASH_MISMATCH,
          TRANSPORT_MALFORMED_ENVELOPE -> true;
      default -> false;
    };
  }

  /**
   * Runs the public check of the round whose echo did not finish, if any, so that other parties'
   * claims about it can be judged; called once the session is aborting. Returns what it found
   * (nothing if no round was pending). Never throws.
   */
  List<Complaint> runPendingCheck() {
    Pending round = pending;
    if (round == null) {
      return List.of();
    }
    try {
      check(round.tag(), round.echoTag(), round.check());
      return List.of();
    } catch (SessionFault fault) {
      return fault.complaints();
    } catch (RuntimeException broken) {
      // A check that breaks on what it was given proves nothing.
      checked.putIfAbsent(round.tag(), List.of());
      return List.of();
    }
  }

  /**
   * What this party's own public check of broadcast round {@code tag} found: empty if it never
   * checked the round, an empty list if the round passed.
   */
  Optional<List<Complaint>> checkedRound(RoundTag tag) {
    return Optional.ofNullable(checked.get(tag));
  }

  /** The round this party collected last (or is collecting), if any. */
  Optional<RoundTag> currentRound() {
    return Optional.ofNullable(current);
  }

  /** The broadcast and echo envelopes of the latest rounds, for an announcement. */
  List<Envelope> recentEnvelopes() {
    List<List<Envelope>> rounds = new ArrayList<>(views.values());
    List<Envelope> recent = new ArrayList<>();
    for (int i = Math.max(0, rounds.size() - RECENT_ROUNDS); i < rounds.size(); i++) {
      recent.addAll(rounds.get(i));
    }
    return recent;
  }

  /** Every broadcast or echo envelope of round {@code tag} this party holds. */
  List<Envelope> view(RoundTag tag) {
    return views.getOrDefault(tag, List.of());
  }

  // ------------------------------------------------------------------------------ checks

  @FunctionalInterface
  interface Parse<T> {
    T run() throws ProtocolException;
  }

  /**
   * Parses part of {@code peer}'s broadcast of round {@code tag}: a failure is a proof, since every
   * party can repeat the parse on the same echoed envelope.
   */
  <T> T parsePublic(PartyId peer, RoundTag tag, Envelope envelope, Parse<T> parse)
      throws SessionFault {
    try {
      return parse.run();
    } catch (ProtocolException e) {
      throw proof(e.code(), peer, tag, envelope,
          "message from " + peer + " is refused: " + e.detail());
    }
  }

  /** Parses something only this party can read: a failure is its report about {@code peer}. */
  <T> T parsePrivate(PartyId peer, RoundTag tag, Parse<T> parse) throws SessionFault {
    try {
      return parse.run();
    } catch (ProtocolException e) {
      throw report(e.code(), List.of(peer), tag,
          "message from " + peer + " is refused: " + e.detail());
    }
  }

  /**
   * Checks that an encoded mpc-core message names {@code peer}, the authenticated sender of the
   * envelope that carried it, as its sender.
   */
  void requireSender(byte[] encoded, PartyId peer, RoundTag tag, @Nullable Envelope publicEnvelope)
      throws SessionFault {
    Parse<PartyId> peek = () -> ProtocolMessage.peekSender(encoded);
    PartyId claimed = publicEnvelope != null ? parsePublic(peer, tag, publicEnvelope, peek)
        : parsePrivate(peer, tag, peek);
    if (!claimed.equals(peer)) {
      String text = "message from " + peer + " claims to come from " + claimed;
      throw publicEnvelope != null
          ? proof(ErrorCode.CEREMONY_MALFORMED_MESSAGE, peer, tag, publicEnvelope, text)
          : report(ErrorCode.CEREMONY_MALFORMED_MESSAGE, List.of(peer), tag, text);
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

  /** A proof that {@code culprit}'s {@code envelope} of round {@code tag} fails a public check. */
  SessionFault proof(ErrorCode code, PartyId culprit, RoundTag tag, Envelope envelope,
      String text) {
    return new SessionFault(Complaint.proof(code, culprit, tag, List.of(envelope), text));
  }

  /** This party's unproven report of {@code code} about {@code accused} in round {@code tag}. */
  SessionFault report(ErrorCode code, List<PartyId> accused, RoundTag tag, String text) {
    return new SessionFault(Complaint.report(code, accused, tag, List.of(), text));
  }

  /** A local failure of this party (it cannot go on), reported about nobody. */
  SessionFault local(ErrorCode code, String text, @Nullable Throwable cause) {
    Complaint complaint = Complaint.report(code, List.of(), null, List.of(), text);
    return cause == null ? new SessionFault(complaint) : new SessionFault(complaint, cause);
  }
}

package dev.mayfly.ceremony;

import static dev.mayfly.ceremony.RoundPlan.ABORT;
import static dev.mayfly.ceremony.RoundPlan.ABORT_RELAY;

import dev.mayfly.ceremony.internal.Messages;
import dev.mayfly.ceremony.internal.SessionHooks;
import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.PartyId;
import dev.mayfly.common.ProtocolException;
import dev.mayfly.transport.EchoBroadcast;
import dev.mayfly.transport.Envelope;
import dev.mayfly.transport.IdentityPublicKey;
import dev.mayfly.transport.PeerDirectory;
import dev.mayfly.transport.RoundTag;
import dev.mayfly.transport.SessionChannel;
import dev.mayfly.transport.TransportException;
import dev.mayfly.transport.VerifiedEnvelope;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * How the parties of an aborting session come to one {@link OutcomeRecord} (DESIGN.md section 1,
 * "One agreed outcome record").
 *
 * <ol>
 *   <li>A party that stops (on its own finding, or on a peer's announcement) broadcasts one
 *       announcement: its own hello (so that anyone can admit its key), the phase and round it was
 *       in, its complaints (proofs with the signed envelopes that show them, and reports), and the
 *       broadcast and echo envelopes of the latest rounds it holds.
 *   <li>It relays every announcement it receives to every party, once (a party that sent
 *       different announcements to different parties has both of them relayed everywhere); so one
 *       lost copy does not leave a party without it.
 *   <li>It collects until it holds an announcement from every party and, from every other
 *       announcing party, a relay of every announcement it did not author; or until the abort
 *       window ends.
 *   <li>It computes the record from the announcements alone, the same way at every party: a proof
 *       counts only if this party checks it itself (a self-contained proof of signed envelopes, or
 *       a public check of an echoed round that this party ran on the same messages); two different
 *       signed envelopes of one sender for one round and recipient, found anywhere among the
 *       announcements, prove that sender's equivocation; an announcement that does not decode, or
 *       two from one party, prove that party's fault; everything else is a report.
 * </ol>
 *
 * <p>Every honest party that receives the same announcements computes the same record. They do
 * whenever each honest party's announcement reaches every honest party before its window ends:
 * under any single fault of the network or of one party, with three parties or more (see
 * docs/ceremony.md for what is not covered).
 */
final class AbortAgreement {
  private final PartyId self;
  private final List<PartyId> parties;
  private final byte[] policyPin;
  private final RoundPlan plan;
  private final SessionChannel channel;
  private final PeerDirectory directory;
  private final PeerAttestation attestation;
  private final @Nullable SessionIo io;
  private final Envelope ownHello;
  private final Duration window;
  private final SessionHooks hooks;

  /** Every announcement received, by author; two entries for one author are its equivocation. */
  private final Map<PartyId, List<Envelope>> announcements = new TreeMap<>();
  /** For each relaying party, the authors of the announcements it relayed to this party. */
  private final Map<PartyId, Set<PartyId>> relayed = new TreeMap<>();
  private final Set<String> seen = new TreeSet<>();
  private final List<Complaint> derived = new ArrayList<>();

  AbortAgreement(PartyId self, List<PartyId> parties, byte[] policyPin, RoundPlan plan,
      SessionChannel channel, PeerDirectory directory, PeerAttestation attestation,
      @Nullable SessionIo io, Envelope ownHello, Duration window, SessionHooks hooks) {
    this.self = self;
    this.parties = parties;
    this.policyPin = policyPin.clone();
    this.plan = plan;
    this.channel = channel;
    this.directory = directory;
    this.attestation = attestation;
    this.io = io;
    this.ownHello = ownHello;
    this.window = window;
    this.hooks = hooks;
  }

  /**
   * Announces {@code own}, takes part in the agreement, and returns the record.
   *
   * @param own this party's complaints (none when it stops on a peer's announcement)
   * @param trigger the peer's announcement that stopped this party, if any
   * @param phase the phase this party was in
   * @param round the round it was in, if any
   * @param listen whether to collect the others' announcements (false when this party can no
   *     longer receive: interrupted, or its transport closed)
   */
  OutcomeRecord run(List<Complaint> own, @Nullable VerifiedEnvelope trigger, CeremonyPhase phase,
      @Nullable RoundTag round, boolean listen) throws InterruptedException {
    List<Messages.WireComplaint> wire = new ArrayList<>();
    for (Complaint c : own) {
      wire.add(new Messages.WireComplaint(c.kind() == Complaint.Kind.PROOF ? 1 : 2,
          c.code().name(), c.accused(), c.round().orElse(null),
          c.evidence().stream().map(Envelope::encode).toList(), c.text()));
    }
    List<byte[]> recent = new ArrayList<>();
    long budget = Messages.MAX_EVIDENCE_BYTES;
    for (Envelope envelope : io == null ? List.<Envelope>of() : io.recentEnvelopes()) {
      byte[] bytes = envelope.encode();
      if (bytes.length <= budget && recent.size() < 200) {
        recent.add(bytes);
        budget -= bytes.length;
      }
    }
    byte[] payload = Messages.announcement(new Messages.Announcement(ownHello.encode(),
        phase.name(), round, wire, recent));
    Envelope mine = channel.sealBroadcast(ABORT, hooks.outgoing(ABORT, payload));
    accept(mine);
    try {
      channel.broadcastSealed(mine);
    } catch (TransportException e) {
      // Cannot announce: the record is this party's own view alone.
      listen = false;
    }
    if (trigger != null) {
      handle(trigger);
    }
    long deadline = System.nanoTime() + window.toNanos();
    while (listen && !complete()) {
      long remaining = deadline - System.nanoTime();
      if (remaining <= 0) {
        break;
      }
      Optional<VerifiedEnvelope> next;
      try {
        next = channel.nextAbort(Duration.ofNanos(remaining));
      } catch (TransportException e) {
        if (e.evidence().isEmpty() || e.culprits().size() != 1) {
          break; // the transport closed
        }
        derived.add(Complaint.proof(e.code(), e.culprits().get(0), ABORT, e.evidence(),
            e.getMessage()));
        continue;
      }
      if (next.isEmpty()) {
        break;
      }
      handle(next.get());
    }
    return resolve(own, phase);
  }

  /**
   * Whether every party announced and every other announcing party relayed, to this one, an
   * announcement of every announcing party but itself, this one's included (so that a party
   * that announced one thing to one party and another to another is seen doing so).
   */
  private boolean complete() {
    if (announcements.size() < parties.size()) {
      return false;
    }
    for (PartyId relayer : announcements.keySet()) {
      if (relayer.equals(self)) {
        continue;
      }
      for (PartyId author : announcements.keySet()) {
        if (!author.equals(relayer)
            && !relayed.getOrDefault(relayer, Set.of()).contains(author)) {
          return false;
        }
      }
    }
    return true;
  }

  /** An announcement or relay that verified under its sender's key. */
  private void handle(VerifiedEnvelope received) {
    Envelope envelope = received.envelope();
    if (envelope.tag().equals(ABORT)) {
      if (accept(envelope)) {
        relay(envelope);
      }
      return;
    }
    Messages.Relay relay;
    try {
      relay = Messages.parseRelay(envelope.payload());
    } catch (ProtocolException e) {
      derived.add(Complaint.proof(ErrorCode.CEREMONY_MALFORMED_MESSAGE, envelope.sender(),
          ABORT_RELAY, List.of(envelope), envelope.sender() + "'s relay does not decode"));
      return;
    }
    Envelope inner;
    try {
      inner = Envelope.decode(relay.announcementEnvelope());
    } catch (TransportException e) {
      derived.add(Complaint.proof(ErrorCode.CEREMONY_MALFORMED_MESSAGE, envelope.sender(),
          ABORT_RELAY, List.of(envelope), envelope.sender() + " relayed bytes that do not decode"));
      return;
    }
    if (inner.tag().equals(ABORT) && authentic(inner)) {
      // A relay of this party's own announcement is new only if its key signed another one,
      // which the record then shows (a simulated network that equivocates with the key).
      relayed.computeIfAbsent(envelope.sender(), p -> new TreeSet<>()).add(inner.sender());
      if (accept(inner) && !inner.sender().equals(self)) {
        relay(inner);
      }
    }
  }

  /** Records a verified announcement; true if it is new. */
  private boolean accept(@Nullable Envelope announcement) {
    if (announcement == null) {
      return false;
    }
    String digest = HexFormat.of().formatHex(announcement.digest());
    if (!seen.add(digest)) {
      return false;
    }
    announcements.computeIfAbsent(announcement.sender(), p -> new ArrayList<>()).add(announcement);
    return true;
  }

  private void relay(Envelope announcement) {
    if (announcement.sender().equals(self)) {
      return;
    }
    byte[] payload = Messages.relay(new Messages.Relay(ownHello.encode(), announcement.encode()));
    try {
      channel.broadcast(ABORT_RELAY, hooks.outgoing(ABORT_RELAY, payload));
    } catch (TransportException e) {
      // Best effort: the others may have it from its author.
    }
  }

  /**
   * Whether {@code envelope} verifies under its sender's pinned key, or a key its carried hello
   * admits; its signature only (session, policy and round are judged by the proofs).
   */
  private boolean authentic(Envelope envelope) {
    return key(envelope).map(envelope::signatureVerifies).orElse(false);
  }

  private Optional<IdentityPublicKey> key(Envelope envelope) {
    PartyId sender = envelope.sender();
    if (!directory.isMember(sender)) {
      return Optional.empty();
    }
    if (sender.equals(self)) {
      return directory.key(self);
    }
    Optional<IdentityPublicKey> pinned = directory.key(sender);
    if (pinned.isPresent() && envelope.signatureVerifies(pinned.get())) {
      return pinned;
    }
    try {
      return attestation.admit(envelope);
    } catch (TransportException e) {
      if (e.culprits().size() == 1 && !e.evidence().isEmpty()) {
        derived.add(Complaint.proof(e.code(), e.culprits().get(0), RoundPlan.HELLO,
            e.evidence(), e.getMessage()));
      }
      return Optional.empty();
    }
  }

  // ------------------------------------------------------------------------------ the record

  private OutcomeRecord resolve(List<Complaint> own, CeremonyPhase ownPhase) {
    List<Complaint> proofs = new ArrayList<>(derived);
    List<OutcomeRecord.Report> reports = new ArrayList<>();
    Map<String, Envelope> pool = new LinkedHashMap<>();
    CeremonyPhase phase = null;
    for (Map.Entry<PartyId, List<Envelope>> entry : announcements.entrySet()) {
      PartyId author = entry.getKey();
      List<Envelope> theirs = entry.getValue();
      if (theirs.size() > 1) {
        proofs.add(Complaint.proof(ErrorCode.TRANSPORT_EQUIVOCATION, author, ABORT,
            theirs.subList(0, 2), author + " announced two different aborts"));
      }
      for (Envelope envelope : theirs) {
        Messages.Announcement announcement;
        CeremonyPhase at;
        List<Complaint> complaints = new ArrayList<>();
        try {
          announcement = Messages.parseAnnouncement(envelope.payload());
          at = CeremonyPhase.valueOf(announcement.phaseName());
          for (Messages.WireComplaint c : announcement.complaints()) {
            complaints.add(decode(c));
          }
        } catch (ProtocolException | IllegalArgumentException | TransportException e) {
          proofs.add(Complaint.proof(ErrorCode.CEREMONY_MALFORMED_MESSAGE, author, ABORT,
              List.of(envelope), author + "'s announcement does not decode"));
          continue;
        }
        phase = phase == null || at.compareTo(phase) < 0 ? at : phase;
        for (Complaint c : complaints) {
          c.evidence().forEach(e -> pool.putIfAbsent(digest(e), e));
          if (c.kind() == Complaint.Kind.PROOF) {
            if (verifies(c)) {
              proofs.add(c);
            }
          } else {
            reports.add(new OutcomeRecord.Report(author, c.code(), c.accused(), c.roundName()));
          }
        }
        for (byte[] bytes : announcement.recent()) {
          try {
            Envelope recent = Envelope.decode(bytes);
            pool.putIfAbsent(digest(recent), recent);
          } catch (TransportException e) {
            // Not a proof of anything: the announcement's author vouches for the bytes only.
          }
        }
      }
    }
    proofs.addAll(equivocationsIn(pool.values()));
    if (phase == null) {
      phase = ownPhase;
    }
    return record(proofs, reports, phase, own);
  }

  private OutcomeRecord record(List<Complaint> proofs, List<OutcomeRecord.Report> reports,
      CeremonyPhase phase, List<Complaint> own) {
    Comparator<OutcomeRecord.Proof> proofOrder = Comparator
        .comparingInt((OutcomeRecord.Proof p) -> position(p.round()))
        .thenComparing(p -> p.code().name())
        .thenComparing(OutcomeRecord.Proof::culprit);
    TreeSet<OutcomeRecord.Proof> distinct = new TreeSet<>(proofOrder);
    for (Complaint c : proofs) {
      distinct.add(new OutcomeRecord.Proof(c.code(), c.culprit(), c.roundName()));
    }
    Comparator<OutcomeRecord.Report> reportOrder = Comparator
        .comparing((OutcomeRecord.Report r) -> r.code() == ErrorCode.TRANSPORT_TIMEOUT)
        .thenComparingInt(r -> position(r.round()))
        .thenComparing(r -> r.code().name())
        .thenComparing(OutcomeRecord.Report::reporter)
        .thenComparing(r -> r.accused().toString());
    TreeSet<OutcomeRecord.Report> sortedReports = new TreeSet<>(reportOrder);
    sortedReports.addAll(reports);
    ErrorCode code;
    if (!distinct.isEmpty()) {
      code = distinct.first().code();
    } else if (!sortedReports.isEmpty()) {
      code = sortedReports.first().code();
    } else {
      // Nobody said anything this party could read: only its own view is left.
      code = own.isEmpty() ? ErrorCode.TRANSPORT_PEER_ABORTED : own.get(0).code();
    }
    return new OutcomeRecord(code, phase, List.copyOf(distinct), List.copyOf(sortedReports));
  }

  /** The position of a round named {@code phase/number} in the session; abort and setup last. */
  private int position(String round) {
    if (round.equals("setup")) {
      return -1;
    }
    int slash = round.lastIndexOf('/');
    try {
      return plan.position(RoundTag.of(round.substring(0, slash),
          Integer.parseInt(round.substring(slash + 1))));
    } catch (RuntimeException e) {
      return Integer.MAX_VALUE;
    }
  }

  private Complaint decode(Messages.WireComplaint wire) throws TransportException {
    ErrorCode code = ErrorCode.valueOf(wire.codeName());
    List<Envelope> evidence = new ArrayList<>();
    for (byte[] bytes : wire.evidence()) {
      evidence.add(Envelope.decode(bytes));
    }
    Complaint.Kind kind = wire.kind() == 1 ? Complaint.Kind.PROOF : Complaint.Kind.REPORT;
    return new Complaint(kind, code, wire.accused(), Optional.ofNullable(wire.round()), evidence,
        wire.text());
  }

  private static String digest(Envelope envelope) {
    return HexFormat.of().formatHex(envelope.digest());
  }

  /** {@link #verify}, where anything odd in a peer's claim is simply not a proof. */
  private boolean verifies(Complaint proof) {
    try {
      return verify(proof);
    } catch (RuntimeException odd) {
      return false;
    }
  }

  /**
   * Whether this party can check {@code proof} itself: a self-contained proof of envelopes the
   * culprit signed, or a fault of an echoed round that this party's own public check found too.
   */
  private boolean verify(Complaint proof) {
    PartyId culprit = proof.culprit();
    List<Envelope> evidence = proof.evidence();
    switch (proof.code()) {
      case TRANSPORT_EQUIVOCATION:
        return evidence.size() >= 2 && isEquivocation(culprit, evidence.get(0), evidence.get(1));
      case TRANSPORT_REPLAYED_SEQUENCE:
        return evidence.size() == 2 && signedBy(culprit, evidence.get(0))
            && signedBy(culprit, evidence.get(1))
            && evidence.get(0).sequence() == evidence.get(1).sequence()
            && !MessageDigest.isEqual(evidence.get(0).digest(), evidence.get(1).digest());
      case TRANSPORT_WRONG_SHAPE:
      case TRANSPORT_WRONG_ROUND:
        return evidence.size() == 1 && signedBy(culprit, evidence.get(0))
            && !plan.fits(culprit, evidence.get(0).tag(), evidence.get(0).recipient());
      case TRANSPORT_WRONG_SESSION:
        return evidence.size() == 1 && signedBy(culprit, evidence.get(0))
            && !evidence.get(0).sessionId().equals(channel.sessionId());
      case TRANSPORT_POLICY_HASH_MISMATCH:
        return evidence.size() == 1 && signedBy(culprit, evidence.get(0))
            && !evidence.get(0).policyHashMatches(policyPin);
      case TRANSPORT_MALFORMED_ENVELOPE:
        return evidence.size() == 1 && signedBy(culprit, evidence.get(0))
            && isMalformedEcho(evidence.get(0));
      default:
        return confirmedByOwnCheck(proof);
    }
  }

  private boolean confirmedByOwnCheck(Complaint proof) {
    if (io == null || proof.round().isEmpty()) {
      return false;
    }
    return io.checkedRound(proof.round().get()).map(found -> found.stream().anyMatch(mine ->
        mine.kind() == Complaint.Kind.PROOF && mine.code() == proof.code()
            && mine.culprit().equals(proof.culprit()))).orElse(false);
  }

  /** Whether {@code culprit} signed {@code envelope} (under its admitted key). */
  private boolean signedBy(PartyId culprit, Envelope envelope) {
    return envelope.sender().equals(culprit) && authentic(envelope);
  }

  private boolean isEquivocation(PartyId culprit, Envelope a, Envelope b) {
    return a.tag().equals(b.tag()) && a.recipient().equals(b.recipient())
        && !MessageDigest.isEqual(a.digest(), b.digest())
        && signedBy(culprit, a) && signedBy(culprit, b);
  }

  /** Whether an echo envelope's payload is not a well-formed echo of its broadcast round. */
  private boolean isMalformedEcho(Envelope echo) {
    String phase = echo.tag().phase();
    if (!phase.endsWith("-echo")) {
      return false;
    }
    RoundTag round = RoundTag.of(phase.substring(0, phase.length() - "-echo".length()),
        echo.tag().round());
    return plan.round(round).map(r -> !EchoBroadcast.isWellFormedEcho(round, r.senders(),
        echo.payload())).orElse(false);
  }

  /**
   * Two different signed envelopes of one sender for one round and recipient, or with one
   * sequence number, among everything the announcements carried.
   */
  private List<Complaint> equivocationsIn(java.util.Collection<Envelope> pool) {
    Map<String, List<Envelope>> byRound = new TreeMap<>();
    Map<String, List<Envelope>> bySequence = new TreeMap<>();
    for (Envelope envelope : pool) {
      if (envelope.tag().equals(ABORT) || envelope.tag().equals(ABORT_RELAY)) {
        continue;
      }
      String sender = String.valueOf(envelope.sender().value());
      byRound.computeIfAbsent(sender + " " + envelope.tag() + " "
          + envelope.recipient().map(p -> String.valueOf(p.value())).orElse("all"),
          k -> new ArrayList<>()).add(envelope);
      bySequence.computeIfAbsent(sender + " " + envelope.sequence(), k -> new ArrayList<>())
          .add(envelope);
    }
    List<Complaint> found = new ArrayList<>();
    for (List<Envelope> group : byRound.values()) {
      List<Envelope> signed = group.stream().filter(e -> signedBy(e.sender(), e))
          .sorted(Comparator.comparing(AbortAgreement::digest)).toList();
      if (signed.size() >= 2) {
        Envelope first = signed.get(0);
        found.add(Complaint.proof(ErrorCode.TRANSPORT_EQUIVOCATION, first.sender(), first.tag(),
            signed.subList(0, 2), first.sender() + " signed two different " + first.tag()));
      }
    }
    for (List<Envelope> group : bySequence.values()) {
      List<Envelope> signed = group.stream().filter(e -> signedBy(e.sender(), e))
          .sorted(Comparator.comparing(AbortAgreement::digest)).toList();
      if (signed.size() >= 2 && !signed.get(0).tag().equals(signed.get(1).tag())) {
        Envelope first = signed.get(0);
        found.add(Complaint.proof(ErrorCode.TRANSPORT_REPLAYED_SEQUENCE, first.sender(),
            first.tag(), signed.subList(0, 2),
            first.sender() + " signed two envelopes with one sequence number"));
      }
    }
    return found;
  }

}

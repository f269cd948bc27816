package dev.mayfly.ceremony;

import static dev.mayfly.ceremony.RoundPlan.ABORT;
import static dev.mayfly.ceremony.RoundPlan.ABORT_CLOSE;
import static dev.mayfly.ceremony.RoundPlan.ABORT_RELAY;
import static dev.mayfly.ceremony.RoundPlan.HELLO_ECHO;

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
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
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
 * "One agreed outcome record"; docs/ceremony.md says what is guaranteed and what is not).
 *
 * <p>Each party's announcement is a value the others must agree on although its author, and up
 * to {@code t - 1} parties in all, may be hostile. The agreement is authenticated broadcast in the
 * manner of Dolev and Strong, in rounds of one abort window {@code w}, counted by each party from
 * the moment it stopped:
 *
 * <ol>
 *   <li>A party that stops broadcasts one announcement (its hello, the phase and round it was in,
 *       its complaints, the echo envelopes of the hello round and the latest rounds' envelopes),
 *       fitted within the limits every party reads announcements with.
 *   <li>It accepts an announcement that reaches it in a chain of {@code k} distinct signatures
 *       (the author's, then relaying parties' around it) within {@code k * w}; at most two per
 *       author (two show an equivocation). Each announcement it accepts with {@code k < t}
 *       signatures it relays at once, signed around the chain, to every party.
 *   <li>It stops at {@code t * w}. With {@code t = 2} it may stop earlier: once it holds an
 *       announcement from every party and every other party's relay of every announcement but
 *       that party's own, it broadcasts a close (the digest of the set it holds) and accepts no
 *       more announcements directly (relays still count); it stops when every other party's
 *       latest close equals its own set.
 *   <li>It computes the record from the accepted announcements alone, the same way at every
 *       party: no proof counts unless the hello round's echoes (carried in the announcements)
 *       show that every party admitted the same keys; a self-contained proof (envelopes the
 *       culprit signed) counts if it checks; a proof of a failed public check counts if it carries
 *       every party's equal echo of that round and this party's own check of the round found it;
 *       two accepted announcements of one author, an announcement that does not decode, and two
 *       different signed envelopes of one sender for one round and recipient found among the
 *       announcements' envelopes are proofs too. Everything else is a report. What a party finds
 *       on its own during the agreement (a relay that does not decode, a late message) is not in
 *       the record: nobody else could check it.
 * </ol>
 *
 * <p>So every honest party ends with the same record whenever the messages between honest
 * parties arrive within half a window of being sent and at most {@code t - 1} parties are
 * hostile; a network that cuts honest parties off can still make their reports differ, but a
 * culprit is never named without a proof every honest party checks alike.
 */
final class AbortAgreement {
  private static final System.Logger LOG = System.getLogger(AbortAgreement.class.getName());

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
  /** The rounds of the agreement: the longest chain of signatures that counts. */
  private final int rounds;

  /** Every accepted announcement, by author (at most two each). */
  private final Map<PartyId, List<Envelope>> accepted = new TreeMap<>();
  private final Set<String> seen = new TreeSet<>();
  /** For each relaying party, the authors of the announcements it relayed to this party. */
  private final Map<PartyId, Set<PartyId>> relayed = new TreeMap<>();
  /** Each party's latest close. */
  private final Map<PartyId, byte[]> closes = new TreeMap<>();
  private byte @Nullable [] closedOn;
  private long start;

  AbortAgreement(PartyId self, List<PartyId> parties, int threshold, byte[] policyPin,
      RoundPlan plan, SessionChannel channel, PeerDirectory directory,
      PeerAttestation attestation, @Nullable SessionIo io, Envelope ownHello, Duration window,
      SessionHooks hooks) {
    this.self = self;
    this.parties = parties;
    this.rounds = Math.max(2, threshold);
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
   * @param trigger the peer's abort message that stopped this party, if any
   * @param phase the phase this party was in
   * @param round the round it was in, if any
   * @param listen whether to collect the others' announcements (false when this party can no
   *     longer receive: interrupted, or its transport closed)
   * @param afterAnnouncing run once this party's announcement is out, before it listens (the
   *     judging of the round under way and the destruction of the protocol secrets)
   */
  OutcomeRecord run(List<Complaint> own, @Nullable VerifiedEnvelope trigger, CeremonyPhase phase,
      @Nullable RoundTag round, boolean listen, Runnable afterAnnouncing)
      throws InterruptedException {
    start = System.nanoTime();
    byte[] payload = Messages.announcement(fit(own, phase, round));
    Envelope mine = channel.sealBroadcast(ABORT, hooks.outgoing(ABORT, payload));
    add(mine);
    try {
      channel.broadcastSealed(mine);
    } catch (TransportException e) {
      // Cannot announce: the record is this party's own view alone.
      listen = false;
    }
    afterAnnouncing.run();
    // The windows count from here: what arrived while this party judged its last round is read
    // now, as if it arrived now.
    start = System.nanoTime();
    if (trigger != null) {
      handle(trigger);
    }
    long end = start + window.toNanos() * rounds;
    while (listen) {
      closeIfComplete();
      if (everyoneClosed()) {
        break;
      }
      long remaining = end - System.nanoTime();
      if (remaining <= 0) {
        break;
      }
      Optional<VerifiedEnvelope> next;
      try {
        next = channel.nextAbort(Duration.ofNanos(remaining));
      } catch (TransportException e) {
        if (e.code() == ErrorCode.TRANSPORT_CLOSED) {
          break;
        }
        note(e.getMessage());
        continue;
      }
      if (next.isEmpty()) {
        break;
      }
      handle(next.get());
    }
    return resolve(own, phase);
  }

  // ------------------------------------------------------------------------------ announcing

  /**
   * This party's announcement, within the limits every party reads announcements with: reports
   * of one code and round merged; a proof whose evidence does not fit becomes a report; the
   * hello round's echoes first among the envelopes carried, then the latest rounds' envelopes
   * while they fit.
   */
  private Messages.Announcement fit(List<Complaint> own, CeremonyPhase phase,
      @Nullable RoundTag round) {
    List<Messages.WireComplaint> proofs = new ArrayList<>();
    Map<String, Messages.WireComplaint> reports = new LinkedHashMap<>();
    // Room kept for the reports: at most half the complaints, each at most about 2 KiB.
    long reportRoom = 128 * 1024;
    long budget = Messages.MAX_ANNOUNCEMENT_BYTES - reportRoom - Messages.announcementSize(
        new Messages.Announcement(ownHello.encode(), phase.name(), round, List.of(), List.of()));
    for (Complaint c : own) {
      List<byte[]> evidence = c.evidence().stream().map(Envelope::encode).toList();
      boolean fits = evidence.size() <= Messages.MAX_EVIDENCE
          && evidence.stream().allMatch(e -> e.length <= Messages.MAX_EVIDENCE_BYTES);
      Messages.WireComplaint proof = new Messages.WireComplaint(1, c.code().name(), c.accused(),
          c.round().orElse(null), evidence, c.text());
      if (c.kind() == Complaint.Kind.PROOF && fits && proofs.size() < Messages.MAX_COMPLAINTS / 2
          && Messages.complaintSize(proof) <= budget) {
        proofs.add(proof);
        budget -= Messages.complaintSize(proof);
        continue;
      }
      // A report, or a proof too large to carry, which is then only this party's report.
      String key = c.code() + " " + c.roundName();
      Messages.WireComplaint earlier = reports.get(key);
      TreeSet<PartyId> accused = new TreeSet<>(c.accused());
      String text = c.text();
      if (earlier != null) {
        accused.addAll(earlier.accused());
        text = earlier.text() + "; " + text;
      }
      if (earlier != null || reports.size() < Messages.MAX_COMPLAINTS / 2) {
        reports.put(key, new Messages.WireComplaint(2, c.code().name(),
            accused.stream().limit(255).toList(), c.round().orElse(null), List.of(),
            text.length() > 1024 ? text.substring(0, 1024) : text));
      }
    }
    budget += reportRoom;
    List<Messages.WireComplaint> complaints = new ArrayList<>(proofs);
    for (Messages.WireComplaint report : reports.values()) {
      budget -= Messages.complaintSize(report);
      complaints.add(report);
    }
    List<Envelope> carried = new ArrayList<>();
    if (io != null) {
      carried.addAll(io.view(HELLO_ECHO));
      carried.addAll(io.recentEnvelopes());
    }
    List<byte[]> recent = new ArrayList<>();
    Set<String> included = new TreeSet<>();
    for (Envelope envelope : carried) {
      byte[] bytes = envelope.encode();
      if (bytes.length + 4L <= budget && bytes.length <= Messages.MAX_EVIDENCE_BYTES
          && recent.size() < Messages.MAX_EVIDENCE && included.add(digest(envelope))) {
        recent.add(bytes);
        budget -= bytes.length + 4L;
      }
    }
    return new Messages.Announcement(ownHello.encode(), phase.name(), round, complaints, recent);
  }

  // ------------------------------------------------------------------------------ receiving

  /** An abort message that verified under its sender's key. */
  private void handle(VerifiedEnvelope received) {
    Envelope envelope = received.envelope();
    if (envelope.tag().equals(ABORT)) {
      consider(envelope, envelope, 1);
    } else if (envelope.tag().equals(ABORT_RELAY)) {
      unwrap(envelope);
    } else if (envelope.tag().equals(ABORT_CLOSE)) {
      try {
        closes.put(envelope.sender(), Messages.parseClose(envelope.payload()));
      } catch (ProtocolException e) {
        note(envelope.sender() + "'s close does not decode");
      }
    }
  }

  /**
   * Reads the chain of signatures of a relay down to the announcement; a chain that does not
   * decode, is longer than the agreement's rounds, repeats a signer or does not verify is
   * ignored (noted, never held against anyone).
   */
  private void unwrap(Envelope relay) {
    List<PartyId> signers = new ArrayList<>(List.of(relay.sender()));
    Envelope current = relay;
    while (true) {
      Messages.Relay parsed;
      Envelope inner;
      try {
        parsed = Messages.parseRelay(current.payload());
        inner = Envelope.decode(parsed.relayedEnvelope());
      } catch (ProtocolException | TransportException e) {
        note(current.sender() + "'s relay does not decode");
        return;
      }
      if (signers.contains(inner.sender()) || signers.size() >= rounds
          || !inner.isBroadcast() || !inner.sessionId().equals(channel.sessionId())
          || !inner.policyHashMatches(policyPin)) {
        note("a relay chain from " + relay.sender() + " does not count");
        return;
      }
      if (inner.tag().equals(ABORT)) {
        if (parsed.authorHelloEnvelope() != null) {
          admitFrom(inner.sender(), parsed.authorHelloEnvelope());
        }
        if (!announced(inner)) {
          note("a relayed announcement of " + inner.sender() + " does not verify");
          return;
        }
        signers.add(inner.sender());
        if (signers.size() == 2) {
          relayed.computeIfAbsent(relay.sender(), p -> new TreeSet<>()).add(inner.sender());
        }
        consider(inner, relay, signers.size());
        return;
      }
      if (!inner.tag().equals(ABORT_RELAY) || !announced(inner)) {
        note("a relay chain from " + relay.sender() + " does not verify");
        return;
      }
      signers.add(inner.sender());
      current = inner;
    }
  }

  /** Admits {@code author}'s key from a hello carried in a relay, if it has none. */
  private void admitFrom(PartyId author, byte[] helloBytes) {
    if (directory.key(author).isPresent()) {
      return;
    }
    try {
      Envelope hello = Envelope.decode(helloBytes);
      if (hello.sender().equals(author)) {
        attestation.admit(hello);
      }
    } catch (TransportException e) {
      note("a carried hello of " + author + " is refused");
    }
  }

  /**
   * Accepts {@code announcement}, received in a chain of {@code signatures} signatures ending in
   * {@code received}, if it is in time and new; relays it on if the chain may grow.
   */
  private void consider(Envelope announcement, Envelope received, int signatures) {
    long elapsed = System.nanoTime() - start;
    if (elapsed > window.toNanos() * signatures) {
      note("an announcement of " + announcement.sender() + " came too late to count");
      return;
    }
    if (signatures == 1 && closedOn != null) {
      return; // closed: announcements count only through relays now
    }
    if (announcement.payload().length > Messages.MAX_ANNOUNCEMENT_BYTES) {
      note(announcement.sender() + "'s announcement is over the size limit");
      return;
    }
    if (!add(announcement)) {
      return;
    }
    if (signatures < rounds && !announcement.sender().equals(self)) {
      relay(received, announcement.sender());
    }
  }

  /**
   * Records an accepted announcement; true if it is new. At most two per author and signing key
   * count (two show an equivocation under the admitted key): the admitted key, and each key of an
   * attested hello contesting the author's slot, so that no other VM for a slot can use up what
   * counts of the displaced party's own announcements.
   */
  private boolean add(Envelope announcement) {
    String digest = digest(announcement);
    List<Envelope> theirs = accepted.computeIfAbsent(announcement.sender(),
        p -> new ArrayList<>());
    String key = signingKey(announcement);
    long same = theirs.stream().filter(e -> key.equals(signingKey(e))).count();
    if (seen.contains(digest) || same >= 2) {
      return false;
    }
    seen.add(digest);
    theirs.add(announcement);
    return true;
  }

  private void relay(Envelope received, PartyId author) {
    byte[] authorHello = received.tag().equals(ABORT)
        ? Optional.ofNullable(attestation.hellos().get(author))
            .map(h -> h.envelope().encode()).orElse(null)
        : null;
    byte[] relayedBytes = received.encode();
    if (Messages.relaySize(relayedBytes.length) > Envelope.MAX_PAYLOAD_BYTES) {
      note("an announcement of " + author + " is too large to relay");
      return;
    }
    byte[] payload = Messages.relay(new Messages.Relay(ownHello.encode(), relayedBytes,
        authorHello));
    try {
      channel.broadcast(ABORT_RELAY, hooks.outgoing(ABORT_RELAY, payload));
    } catch (TransportException e) {
      note("could not relay: " + e.getMessage());
    }
  }

  // ------------------------------------------------------------------------------ closing

  /**
   * With {@code t = 2}: whether this party holds an announcement from every party and, from every
   * other party, a relay of every announcement but that party's own.
   */
  private boolean complete() {
    if (rounds != 2 || accepted.size() < parties.size()) {
      return false;
    }
    for (PartyId relayer : accepted.keySet()) {
      if (relayer.equals(self)) {
        continue;
      }
      for (PartyId author : accepted.keySet()) {
        if (!author.equals(relayer)
            && !relayed.getOrDefault(relayer, Set.of()).contains(author)) {
          return false;
        }
      }
    }
    return true;
  }

  /** Broadcasts a close when complete and the set changed since the last one. */
  private void closeIfComplete() {
    if (!complete()) {
      return;
    }
    byte[] digest = setDigest();
    if (closedOn != null && Arrays.equals(closedOn, digest)) {
      return;
    }
    closedOn = digest;
    closes.put(self, digest);
    try {
      channel.broadcast(ABORT_CLOSE, hooks.outgoing(ABORT_CLOSE, Messages.close(digest)));
    } catch (TransportException e) {
      note("could not close: " + e.getMessage());
    }
  }

  /** Whether every party's latest close equals this party's, and its set did not change since. */
  private boolean everyoneClosed() {
    if (closedOn == null || !Arrays.equals(closedOn, setDigest())) {
      return false;
    }
    for (PartyId party : parties) {
      if (!Arrays.equals(closes.get(party), closedOn)) {
        return false;
      }
    }
    return true;
  }

  private byte[] setDigest() {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      new TreeSet<>(seen).forEach(d -> sha.update(HexFormat.of().parseHex(d)));
      return sha.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing", e);
    }
  }

  private void note(String what) {
    LOG.log(System.Logger.Level.DEBUG, () -> self + " abort agreement: " + what);
  }

  // ------------------------------------------------------------------------------ the record

  private OutcomeRecord resolve(List<Complaint> own, CeremonyPhase ownPhase) {
    Map<String, Envelope> pool = new LinkedHashMap<>();
    Map<PartyId, List<Messages.Announcement>> read = new TreeMap<>();
    List<Complaint> proofs = new ArrayList<>();
    List<Complaint> claims = new ArrayList<>();
    List<OutcomeRecord.Report> reports = new ArrayList<>();
    CeremonyPhase phase = null;
    for (Map.Entry<PartyId, List<Envelope>> entry : accepted.entrySet()) {
      PartyId author = entry.getKey();
      List<Envelope> theirs = entry.getValue();
      List<Envelope> signed = theirs.stream().filter(e -> signedBy(author, e)).toList();
      if (signed.size() > 1) {
        proofs.add(Complaint.proof(ErrorCode.TRANSPORT_EQUIVOCATION, author, ABORT,
            signed.subList(0, 2), author + " announced two different aborts"));
      }
      // A contesting key that signed two announcements says nothing: which two a party holds
      // depends on the order the host delivered them in, and a genuine VM signs one.
      List<String> keys = theirs.stream().map(this::signingKey).toList();
      for (int i = 0; i < theirs.size(); i++) {
        Envelope envelope = theirs.get(i);
        String key = keys.get(i);
        if (!key.equals("own") && !key.equals("admitted")
            && java.util.Collections.frequency(keys, key) > 1) {
          continue;
        }
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
          // A proof only under the author's admitted key: what a contesting key signs proves
          // nothing about the party the others admitted.
          if (signedBy(author, envelope)) {
            proofs.add(Complaint.proof(ErrorCode.CEREMONY_MALFORMED_MESSAGE, author, ABORT,
                List.of(envelope), author + "'s announcement does not decode"));
          }
          continue;
        }
        read.computeIfAbsent(author, a -> new ArrayList<>()).add(announcement);
        phase = phase == null || at.compareTo(phase) < 0 ? at : phase;
        for (Complaint c : complaints) {
          c.evidence().forEach(e -> pool.putIfAbsent(digest(e), e));
          if (c.kind() == Complaint.Kind.PROOF) {
            claims.add(c);
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
    if (keysAgreed(pool.values())) {
      for (Complaint claim : claims) {
        if (verifies(claim)) {
          proofs.add(claim);
        }
      }
      proofs.addAll(equivocationsIn(pool.values()));
    } else {
      // Without agreed keys nothing is a proof: a relay could have shown parties different keys.
      proofs.clear();
    }
    if (phase == null) {
      phase = ownPhase;
    }
    return record(proofs, reports, phase, own);
  }

  /**
   * Whether the announcements carry, from every party, its echo of the hello round, equal to this
   * party's own: then every party admitted the same hellos, hence the same keys.
   */
  private boolean keysAgreed(Collection<Envelope> pool) {
    return echoedByEveryone(HELLO_ECHO, pool);
  }

  /**
   * Whether {@code envelopes} hold, from every party, an echo of round {@code echoTag} that
   * verifies and equals this party's own echo of it.
   */
  private boolean echoedByEveryone(RoundTag echoTag, Collection<Envelope> envelopes) {
    if (io == null) {
      return false;
    }
    Optional<Envelope> mine = io.view(echoTag).stream()
        .filter(e -> e.sender().equals(self)).findFirst();
    if (mine.isEmpty()) {
      return false;
    }
    byte[] payload = mine.get().payload();
    Set<PartyId> echoed = new TreeSet<>();
    for (Envelope e : envelopes) {
      if (e.tag().equals(echoTag) && Arrays.equals(e.payload(), payload) && authentic(e)) {
        echoed.add(e.sender());
      }
    }
    return echoed.containsAll(parties);
  }

  private OutcomeRecord record(List<Complaint> proofs, List<OutcomeRecord.Report> reports,
      CeremonyPhase phase, List<Complaint> own) {
    Comparator<OutcomeRecord.Proof> proofOrder = Comparator
        .comparingInt((OutcomeRecord.Proof p) -> position(p.round()))
        .thenComparing(OutcomeRecord.Proof::round)
        .thenComparing(p -> p.code().name())
        .thenComparing(OutcomeRecord.Proof::culprit);
    TreeSet<OutcomeRecord.Proof> distinct = new TreeSet<>(proofOrder);
    for (Complaint c : proofs) {
      distinct.add(new OutcomeRecord.Proof(c.code(), c.culprit(), c.roundName()));
    }
    Comparator<OutcomeRecord.Report> reportOrder = Comparator
        .comparing((OutcomeRecord.Report r) -> r.code() == ErrorCode.TRANSPORT_TIMEOUT)
        .thenComparingInt(r -> position(r.round()))
        .thenComparing(OutcomeRecord.Report::round)
        .thenComparing(r -> r.code().name())
        .thenComparing(OutcomeRecord.Report::reporter)
        .thenComparing(r -> r.accused().stream().map(p -> String.format("%05d", p.value()))
            .toList().toString());
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

  // ------------------------------------------------------------------------------ checking

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
   * culprit signed in a round of the session (or two of its announcements), or a failed public
   * check of a round that every party echoed alike and this party's own check failed too.
   */
  private boolean verify(Complaint proof) {
    PartyId culprit = proof.culprit();
    List<Envelope> evidence = proof.evidence();
    if (evidence.isEmpty() || !evidence.get(0).sender().equals(culprit)
        || !proof.round().map(r -> r.equals(evidence.get(0).tag())).orElse(false)
        || isAbortMessage(evidence.get(0).tag())) {
      return false;
    }
    Envelope first = evidence.get(0);
    switch (proof.code()) {
      case TRANSPORT_EQUIVOCATION:
        return evidence.size() >= 2 && isEquivocation(culprit, first, evidence.get(1));
      case TRANSPORT_REPLAYED_SEQUENCE:
        return evidence.size() >= 2 && !isAbortMessage(evidence.get(1).tag())
            && signedBy(culprit, first) && signedBy(culprit, evidence.get(1))
            && first.sequence() == evidence.get(1).sequence()
            && !MessageDigest.isEqual(first.digest(), evidence.get(1).digest());
      case TRANSPORT_WRONG_SHAPE:
      case TRANSPORT_WRONG_ROUND:
        return signedBy(culprit, first) && !plan.fits(culprit, first.tag(), first.recipient());
      case TRANSPORT_WRONG_SESSION:
        return signedBy(culprit, first) && !first.sessionId().equals(channel.sessionId());
      case TRANSPORT_POLICY_HASH_MISMATCH:
        return signedBy(culprit, first) && !first.policyHashMatches(policyPin);
      case TRANSPORT_MALFORMED_ENVELOPE:
        return signedBy(culprit, first) && isMalformedEcho(first);
      default:
        return checkedAlike(proof);
    }
  }

  /**
   * A failed public check of round {@code r}: the culprit signed its envelope of {@code r}, the
   * evidence holds every party's echo of {@code r}, equal to this party's own (so every party
   * checked the same messages), and this party's own check of {@code r} found the same fault.
   */
  private boolean checkedAlike(Complaint proof) {
    RoundTag round = proof.round().orElseThrow();
    Optional<RoundTag> echo = plan.echoOf(round);
    if (io == null || echo.isEmpty() || !signedBy(proof.culprit(), proof.evidence().get(0))
        || !echoedByEveryone(echo.get(), proof.evidence())) {
      return false;
    }
    return io.checkedRound(round).map(found -> found.stream().anyMatch(mine ->
        mine.kind() == Complaint.Kind.PROOF && mine.code() == proof.code()
            && mine.culprit().equals(proof.culprit()))).orElse(false);
  }

  /** The relay and close rounds, where an honest party signs many envelopes or none. */
  private static boolean isAbortMessage(RoundTag tag) {
    return tag.equals(ABORT_RELAY) || tag.equals(ABORT_CLOSE);
  }

  /** Whether {@code envelope} verifies under its sender's pinned key; its signature only. */
  private boolean authentic(Envelope envelope) {
    Optional<IdentityPublicKey> key = directory.isMember(envelope.sender())
        ? directory.key(envelope.sender()) : Optional.empty();
    return key.map(envelope::signatureVerifies).orElse(false);
  }

  /**
   * Whether an abort message (an announcement or a relay) verifies under its sender's admitted
   * key or under the key of an attested hello that contests the sender's slot, which the message
   * carries. So the announcement of a party whose slot the host gave to another genuine party VM
   * counts at every party, as a report: nothing signed under a contesting key is a proof
   * ({@link #signedBy} takes the admitted key only).
   */
  private boolean announced(Envelope abortMessage) {
    return directory.isMember(abortMessage.sender())
        && attestation.abortKey(abortMessage).isPresent();
  }

  /**
   * Which key an accepted announcement verified under, as text: this party's own, the author's
   * admitted key, or the contesting key the announcement carries.
   */
  private String signingKey(Envelope announcement) {
    if (announcement.sender().equals(self)) {
      PeerAttestation.PeerHello own = attestation.hellos().get(self);
      if (own != null && announcement.signatureVerifies(own.identityKey())) {
        return "own";
      }
    }
    // The key first (it may admit the author), then whether it is the admitted one.
    Optional<IdentityPublicKey> key = attestation.abortKey(announcement);
    if (key.isEmpty()) {
      return "none";
    }
    return key.equals(directory.key(announcement.sender())) ? "admitted"
        : HexFormat.of().formatHex(key.get().encoded());
  }

  /** Whether {@code culprit} signed {@code envelope} (under its admitted key). */
  private boolean signedBy(PartyId culprit, Envelope envelope) {
    return envelope.sender().equals(culprit) && authentic(envelope);
  }

  private boolean isEquivocation(PartyId culprit, Envelope a, Envelope b) {
    return a.tag().equals(b.tag()) && !isAbortMessage(a.tag())
        && a.recipient().equals(b.recipient())
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
   * sequence number, among everything the announcements carried (relays and closes aside).
   */
  private List<Complaint> equivocationsIn(Collection<Envelope> pool) {
    Map<String, List<Envelope>> byRound = new TreeMap<>();
    Map<String, List<Envelope>> bySequence = new TreeMap<>();
    for (Envelope envelope : pool) {
      if (envelope.tag().equals(ABORT) || isAbortMessage(envelope.tag())) {
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

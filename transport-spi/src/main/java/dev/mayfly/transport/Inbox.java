package dev.mayfly.transport;

import static java.util.Objects.requireNonNull;

import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.MayflyException;
import dev.mayfly.common.PartyId;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * One party's receiving side of a session over any {@link Transport}: "the next envelope for this
 * round from each of these parties, before this deadline".
 *
 * <p>The inbox tells three kinds of bad input apart, because a relay or network controls the
 * frames and the party a frame claims to come from:
 *
 * <ul>
 *   <li><b>Junk</b>: bytes no admitted key vouches for. Bytes that do not decode, a sender outside
 *       the roster or equal to the receiver, a sender with no pinned key whom the {@link
 *       PeerAdmission} does not admit, a signature that does not verify, an envelope addressed to
 *       another party, envelopes beyond the per-origin buffer bound, and envelopes of a scheduled
 *       round with a payload over {@link RoundSchedule#maxPayloadBytes()} (too large to show
 *       anyone as evidence, so not held against its signer either). Junk is dropped and
 *       counted ({@link #droppedCount()}); it never ends a collection and never names anyone.
 *   <li><b>Provable faults</b>: envelopes validly signed under the sender's admitted key that break
 *       a rule. Another session or policy hash ({@code TRANSPORT_WRONG_SESSION}, {@code
 *       TRANSPORT_POLICY_HASH_MISMATCH}); a round not in the schedule, a round the sender does not
 *       send in, or a round already past ({@code TRANSPORT_WRONG_ROUND}); the wrong {@linkplain
 *       RoundSchedule.Shape shape} ({@code TRANSPORT_WRONG_SHAPE}); two different envelopes for one
 *       round ({@code TRANSPORT_EQUIVOCATION}) or one sequence number ({@code
 *       TRANSPORT_REPLAYED_SEQUENCE}). The collection fails with a {@link TransportException}
 *       naming the sender, whose {@link TransportException#evidence()} holds the envelopes.
 *   <li><b>Silence</b>: when the deadline passes first, {@code TRANSPORT_TIMEOUT} lists the parties
 *       still awaited. That is the receiver's report, not a proof; it is retryable, and a later
 *       {@code collect} of the same round asks only for those parties.
 * </ul>
 *
 * <p>An exact copy of an accepted envelope is ignored. An envelope for a later round is buffered
 * unverified until that round is collected (at most {@link Builder#maxBufferedPerOrigin} per
 * origin). Envelopes tagged with one of the {@linkplain Builder#abortTags abort tags} belong to no
 * round: once one verifies (under a pinned key, or a key the admission admits), the current
 * collection fails with a {@link PeerAbortedException} carrying it; after that, {@link
 * #nextAbort(Duration)} returns the following ones.
 *
 * <p>Thread-safety: safe for concurrent use, but collections are serialized: one thread collects
 * at a time, the others wait. Rounds must be collected in schedule order.
 *
 * @since 0.1.0
 */
public final class Inbox {
  /** The default of {@link Builder#maxBufferedPerOrigin}. */
  public static final int DEFAULT_MAX_BUFFERED_PER_ORIGIN = 64;

  private final Transport transport;
  private final EnvelopeVerifier verifier;
  private final RoundSchedule schedule;
  private final int maxBufferedPerOrigin;
  private final Set<RoundTag> abortTags;
  private final PeerAdmission admission;
  private final AtomicLong dropped = new AtomicLong();

  private final ReentrantLock lock = new ReentrantLock();
  // Everything below is guarded by lock.
  private int position = -1;
  private final Map<PartyId, Map<Long, Envelope>> acceptedBySequence = new HashMap<>();
  private final Map<RoundTag, Map<PartyId, Envelope>> deliveredByRound = new HashMap<>();
  private final List<Pending> buffered = new ArrayList<>();
  private final Map<PartyId, Integer> bufferedByOrigin = new HashMap<>();
  private final Set<ByteKey> abortsSeen = new HashSet<>();
  private final List<VerifiedEnvelope> abortsQueued = new ArrayList<>();

  private record Pending(Envelope envelope, PartyId origin) {}

  /** A byte array as a map key. */
  private record ByteKey(byte[] bytes) {
    @Override
    public boolean equals(Object other) {
      return other instanceof ByteKey that && MessageDigest.isEqual(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
      return java.util.Arrays.hashCode(bytes);
    }
  }

  private Inbox(Builder builder, Transport transport, EnvelopeVerifier verifier,
      RoundSchedule schedule) {
    this.transport = transport;
    this.verifier = verifier;
    this.schedule = schedule;
    this.maxBufferedPerOrigin = builder.maxBufferedPerOrigin;
    this.abortTags = Set.copyOf(builder.abortTags);
    this.admission = builder.admission;
  }

  public static Builder builder() {
    return new Builder();
  }

  public RoundSchedule schedule() {
    return schedule;
  }

  public EnvelopeVerifier verifier() {
    return verifier;
  }

  /**
   * How many frames were dropped as junk so far (see the class comment): a count for diagnostics
   * and audit, never a basis for blame.
   */
  public long droppedCount() {
    return dropped.get();
  }

  /**
   * Waits for one envelope for {@code tag} from each party in {@code from}, each checked under
   * the sender's admitted key.
   *
   * @param tag a round of the schedule, not earlier than the last one collected
   * @param from the parties to hear from: members of the session other than the local party (and
   *     senders of the round, if the schedule lists them), none of which has already delivered for
   *     {@code tag}
   * @return the verified envelopes by sender, in ascending order of party
   * @throws TransportException a provable fault with its evidence (see the class comment), {@code
   *     TRANSPORT_TIMEOUT} listing the silent parties, or {@code TRANSPORT_CLOSED}
   * @throws PeerAbortedException when a verified abort announcement arrives first
   * @throws InterruptedException if the thread is interrupted while waiting
   */
  public SortedMap<PartyId, VerifiedEnvelope> collect(
      RoundTag tag, Set<PartyId> from, Duration timeout)
      throws TransportException, InterruptedException {
    requireNonNull(tag, "tag");
    requireNonNull(from, "from");
    requireNonNull(timeout, "timeout");
    if (timeout.isNegative()) {
      throw new IllegalArgumentException("timeout must not be negative, got " + timeout);
    }
    int target = schedule.positionOf(tag);
    if (target < 0) {
      throw new IllegalArgumentException(tag + " is not in " + schedule);
    }
    Optional<Set<PartyId>> senders = schedule.sendersOf(tag);
    for (PartyId party : from) {
      if (!verifier.directory().isMember(party) || party.equals(verifier.self())
          || senders.isPresent() && !senders.get().contains(party)) {
        throw new IllegalArgumentException(
            party + " is not a peer of " + verifier.self() + " sending in " + tag);
      }
    }
    long deadline = deadlineAfter(timeout);
    lock.lockInterruptibly();
    try {
      if (target < position) {
        throw new IllegalStateException("rounds must be collected in schedule order: " + tag
            + " comes before " + schedule.rounds().get(position));
      }
      Map<PartyId, Envelope> delivered = deliveredByRound.getOrDefault(tag, Map.of());
      for (PartyId party : from) {
        if (delivered.containsKey(party)) {
          throw new IllegalStateException(party + " already delivered its envelope for " + tag);
        }
      }
      if (!abortsQueued.isEmpty()) {
        throw new PeerAbortedException(abortsQueued.remove(0), from);
      }
      position = target;
      Collecting collection = new Collecting(tag, new TreeSet<>(from));
      drainBuffered(collection);
      while (!collection.waiting.isEmpty()) {
        Frame frame = receive(deadline, collection);
        process(frame, collection);
      }
      return Collections.unmodifiableSortedMap(collection.result);
    } finally {
      lock.unlock();
    }
  }

  /**
   * After an abort began (a {@link PeerAbortedException}, or the caller's own decision), returns
   * the next verified abort-tag envelope not returned before, waiting at most {@code timeout};
   * empty when none arrived in time. Envelopes of rounds are dropped unread (not counted as junk);
   * junk is dropped and counted as usual.
   *
   * @throws TransportException {@code TRANSPORT_CLOSED}, or a provable fault found while admitting
   *     the sender of an announcement
   * @throws InterruptedException if the thread is interrupted while waiting
   */
  public Optional<VerifiedEnvelope> nextAbort(Duration timeout)
      throws TransportException, InterruptedException {
    requireNonNull(timeout, "timeout");
    long deadline = deadlineAfter(timeout);
    lock.lockInterruptibly();
    try {
      Iterator<Pending> pending = buffered.iterator();
      while (pending.hasNext()) {
        // Rounds will not be collected any more; what was buffered for them is moot.
        pending.next();
        pending.remove();
      }
      bufferedByOrigin.clear();
      while (abortsQueued.isEmpty()) {
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
          return Optional.empty();
        }
        Frame frame;
        try {
          frame = transport.receive(Duration.ofNanos(remaining));
        } catch (TransportException e) {
          if (e.code() == ErrorCode.TRANSPORT_TIMEOUT) {
            return Optional.empty();
          }
          throw e;
        }
        Envelope envelope = decodeOrNull(frame);
        if (envelope != null && abortTags.contains(envelope.tag())) {
          acceptAbort(envelope);
        }
      }
      return Optional.of(abortsQueued.remove(0));
    } finally {
      lock.unlock();
    }
  }

  /** State of one call to collect. */
  private static final class Collecting {
    final RoundTag tag;
    final TreeSet<PartyId> waiting;
    final TreeMap<PartyId, VerifiedEnvelope> result = new TreeMap<>();

    Collecting(RoundTag tag, TreeSet<PartyId> waiting) {
      this.tag = tag;
      this.waiting = waiting;
    }
  }

  private Frame receive(long deadline, Collecting collection)
      throws TransportException, InterruptedException {
    long remaining = deadline - System.nanoTime();
    if (remaining <= 0) {
      throw timeout(collection, null);
    }
    try {
      return transport.receive(Duration.ofNanos(remaining));
    } catch (TransportException e) {
      if (e.code() == ErrorCode.TRANSPORT_TIMEOUT) {
        throw timeout(collection, e);
      }
      throw e;
    }
  }

  private void drainBuffered(Collecting collection) throws TransportException {
    Iterator<Pending> iterator = buffered.iterator();
    List<Pending> due = new ArrayList<>();
    while (iterator.hasNext()) {
      Pending pending = iterator.next();
      if (schedule.positionOf(pending.envelope().tag()) <= position) {
        iterator.remove();
        bufferedByOrigin.merge(pending.origin(), -1, Integer::sum);
        due.add(pending);
      }
    }
    for (Pending pending : due) {
      process(pending.envelope(), pending.origin(), collection);
    }
  }

  private void process(Frame frame, Collecting collection) throws TransportException {
    Envelope envelope = decodeOrNull(frame);
    if (envelope != null) {
      process(envelope, frame.origin(), collection);
    }
  }

  private @Nullable Envelope decodeOrNull(Frame frame) {
    try {
      return Envelope.decode(frame.bytes(), frame.origin());
    } catch (TransportException e) {
      dropped.incrementAndGet();
      return null;
    }
  }

  private void process(Envelope envelope, PartyId origin, Collecting collection)
      throws TransportException {
    PartyId sender = envelope.sender();
    if (!verifier.directory().isMember(sender) || sender.equals(verifier.self())) {
      dropped.incrementAndGet();
      return;
    }
    Envelope previous = acceptedBySequence.getOrDefault(sender, Map.of()).get(envelope.sequence());
    if (previous != null && MessageDigest.isEqual(previous.digest(), envelope.digest())) {
      return; // an exact duplicate of an accepted envelope
    }
    if (abortTags.contains(envelope.tag())) {
      acceptAbort(envelope);
      if (!abortsQueued.isEmpty()) {
        throw new PeerAbortedException(abortsQueued.remove(0), collection.waiting);
      }
      return;
    }
    if (envelope.payload().length > schedule.maxPayloadBytes()) {
      dropped.incrementAndGet(); // larger than any message of the session: junk, whoever signed
      return;
    }
    int envelopePosition = schedule.positionOf(envelope.tag());
    if (envelopePosition > position) {
      buffer(envelope, origin);
      return;
    }
    VerifiedEnvelope verified = authenticate(envelope);
    if (verified == null) {
      return;
    }
    if (previous != null) {
      throw new TransportException(ErrorCode.TRANSPORT_REPLAYED_SEQUENCE,
          sender + " signed two different envelopes with sequence number " + envelope.sequence()
              + " (" + previous.tag() + " and " + envelope.tag() + ")",
          sender, List.of(previous, envelope));
    }
    if (envelopePosition < 0) {
      throw new TransportException(ErrorCode.TRANSPORT_WRONG_ROUND, sender + " signed "
          + envelope.tag() + " for " + verifier.self() + ", a round it does not receive", sender,
          List.of(envelope));
    }
    Optional<Set<PartyId>> senders = schedule.sendersOf(envelope.tag());
    if (senders.isPresent() && !senders.get().contains(sender)) {
      throw new TransportException(ErrorCode.TRANSPORT_WRONG_ROUND,
          sender + " signed " + envelope.tag() + ", a round it does not send in", sender,
          List.of(envelope));
    }
    Optional<RoundSchedule.Shape> shape = schedule.shapeOf(envelope.tag());
    if (shape.isPresent()
        && (shape.get() == RoundSchedule.Shape.BROADCAST) != envelope.isBroadcast()) {
      throw new TransportException(ErrorCode.TRANSPORT_WRONG_SHAPE,
          sender + " signed " + (envelope.isBroadcast() ? "a broadcast" : "a point-to-point")
              + " envelope for " + envelope.tag() + ", a " + shape.get() + " round",
          sender, List.of(envelope));
    }
    Map<PartyId, Envelope> delivered =
        deliveredByRound.computeIfAbsent(envelope.tag(), t -> new HashMap<>());
    Envelope earlier = delivered.get(sender);
    if (earlier != null) {
      throw new TransportException(ErrorCode.TRANSPORT_EQUIVOCATION,
          sender + " signed two different envelopes for " + envelope.tag() + " (sequence numbers "
              + earlier.sequence() + " and " + envelope.sequence() + ")",
          sender, List.of(earlier, envelope));
    }
    if (envelopePosition != position || !collection.waiting.contains(sender)) {
      // A round already past, or a sender of this round not asked for in this call: the caller
      // collects the round again later; keep the envelope for then.
      if (envelopePosition == position) {
        buffer(envelope, origin);
        return;
      }
      throw new TransportException(ErrorCode.TRANSPORT_WRONG_ROUND,
          sender + " signed " + envelope.tag() + " after " + verifier.self()
              + " had finished that round without it", sender, List.of(envelope));
    }
    acceptedBySequence.computeIfAbsent(sender, s -> new HashMap<>())
        .put(envelope.sequence(), envelope);
    delivered.put(sender, envelope);
    collection.waiting.remove(sender);
    collection.result.put(sender, verified);
  }

  /**
   * Verifies an abort-tag envelope and, if it is new, queues it; junk is dropped and counted.
   */
  private void acceptAbort(Envelope envelope) throws TransportException {
    if (!verifier.directory().isMember(envelope.sender())
        || envelope.sender().equals(verifier.self())) {
      dropped.incrementAndGet();
      return;
    }
    ByteKey key = new ByteKey(envelope.digest());
    if (abortsSeen.contains(key)) {
      return;
    }
    VerifiedEnvelope verified = authenticate(envelope);
    if (verified == null) {
      return;
    }
    abortsSeen.add(key);
    abortsQueued.add(verified);
  }

  /**
   * Checks {@code envelope} under the sender's pinned key, or a key the admission admits; returns
   * null for junk (dropped and counted).
   *
   * @throws TransportException a provable fault: another session or policy hash under the
   *     sender's key, or what the admission proves
   */
  private @Nullable VerifiedEnvelope authenticate(Envelope envelope) throws TransportException {
    PartyId sender = envelope.sender();
    Optional<IdentityPublicKey> pinned = verifier.directory().key(sender);
    if (pinned.isEmpty() || !envelope.signatureVerifies(pinned.get())) {
      Optional<IdentityPublicKey> admitted = admission.admit(envelope);
      if (admitted.isEmpty()) {
        dropped.incrementAndGet();
        return null;
      }
      Optional<IdentityPublicKey> nowPinned = verifier.directory().key(sender);
      if (nowPinned.isEmpty() || !nowPinned.get().equals(admitted.get())) {
        // Vouched for, not pinned: it proves nothing against the party the directory knows.
        try {
          return verifier.verifyAdmitted(envelope, sender, admitted.get());
        } catch (TransportException e) {
          dropped.incrementAndGet();
          return null;
        }
      }
    }
    try {
      return verifier.verify(envelope, sender);
    } catch (TransportException e) {
      if (e.code() == ErrorCode.TRANSPORT_WRONG_SESSION
          || e.code() == ErrorCode.TRANSPORT_POLICY_HASH_MISMATCH) {
        throw new TransportException(e.code(), e.getMessage(), sender, List.of(envelope));
      }
      dropped.incrementAndGet();
      return null;
    }
  }

  private void buffer(Envelope envelope, PartyId origin) {
    int count = bufferedByOrigin.merge(origin, 1, Integer::sum);
    if (count > maxBufferedPerOrigin) {
      bufferedByOrigin.merge(origin, -1, Integer::sum);
      dropped.incrementAndGet();
      return;
    }
    buffered.add(new Pending(envelope, origin));
  }

  private static TransportException timeout(Collecting collection, @Nullable Throwable cause) {
    List<PartyId> silent = List.copyOf(collection.waiting);
    String message = "no envelope for " + collection.tag + " from " + silent + " before the deadline";
    return cause == null
        ? new TransportException(ErrorCode.TRANSPORT_TIMEOUT, message, silent)
        : new TransportException(ErrorCode.TRANSPORT_TIMEOUT, message, silent, cause);
  }

  private static long deadlineAfter(Duration timeout) {
    long now = System.nanoTime();
    long nanos;
    try {
      nanos = timeout.toNanos();
    } catch (ArithmeticException e) {
      nanos = Long.MAX_VALUE / 2;
    }
    return now + Math.min(nanos, Long.MAX_VALUE / 2);
  }

  @Override
  public String toString() {
    return "Inbox[" + verifier.self() + ", " + schedule.rounds().size() + " rounds]";
  }

  /**
   * Builds an {@link Inbox}; {@link #transport}, {@link #verifier} and {@link #schedule} are
   * required.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private @Nullable Transport transport;
    private @Nullable EnvelopeVerifier verifier;
    private @Nullable RoundSchedule schedule;
    private int maxBufferedPerOrigin = DEFAULT_MAX_BUFFERED_PER_ORIGIN;
    private final Set<RoundTag> abortTags = new HashSet<>();
    private PeerAdmission admission = PeerAdmission.NONE;

    private Builder() {}

    public Builder transport(Transport transport) {
      this.transport = requireNonNull(transport, "transport");
      return this;
    }

    /**
     * The tags of abort announcements (and of their relays), which may arrive at any time;
     * optional. They must not be rounds of the schedule. See the class comment.
     */
    public Builder abortTags(Set<RoundTag> abortTags) {
      requireNonNull(abortTags, "abortTags").forEach(t -> this.abortTags.add(requireNonNull(t)));
      return this;
    }

    /** Same as {@link #abortTags(Set)} with one tag. */
    public Builder abortTag(RoundTag abortTag) {
      return abortTags(Set.of(abortTag));
    }

    /**
     * Admits senders whose key is not pinned yet (see {@link PeerAdmission}); default {@link
     * PeerAdmission#NONE}.
     */
    public Builder admission(PeerAdmission admission) {
      this.admission = requireNonNull(admission, "admission");
      return this;
    }

    public Builder verifier(EnvelopeVerifier verifier) {
      this.verifier = requireNonNull(verifier, "verifier");
      return this;
    }

    public Builder schedule(RoundSchedule schedule) {
      this.schedule = requireNonNull(schedule, "schedule");
      return this;
    }

    /**
     * How many envelopes for rounds not reached yet one origin may have waiting, default
     * {@value #DEFAULT_MAX_BUFFERED_PER_ORIGIN}; more are dropped as junk. Bounds the memory a
     * flooding peer or relay can take.
     */
    public Builder maxBufferedPerOrigin(int maxBufferedPerOrigin) {
      if (maxBufferedPerOrigin < 1) {
        throw new IllegalArgumentException(
            "maxBufferedPerOrigin must be at least 1, got " + maxBufferedPerOrigin);
      }
      this.maxBufferedPerOrigin = maxBufferedPerOrigin;
      return this;
    }

    /**
     * Checks the fields and builds the inbox.
     *
     * @throws IllegalStateException if a required field is missing, an abort tag is a round of
     *     the schedule, or the transport belongs to another party than the verifier
     */
    public Inbox build() {
      Transport transport = this.transport;
      EnvelopeVerifier verifier = this.verifier;
      RoundSchedule schedule = this.schedule;
      if (transport == null || verifier == null || schedule == null) {
        throw new IllegalStateException("transport, verifier and schedule must be set");
      }
      for (RoundTag tag : abortTags) {
        if (schedule.contains(tag)) {
          throw new IllegalStateException("the abort tag " + tag + " is a round of " + schedule);
        }
      }
      if (!transport.self().equals(verifier.self())) {
        throw new IllegalStateException("transport is for " + transport.self()
            + " but the verifier checks envelopes for " + verifier.self());
      }
      return new Inbox(this, transport, verifier, schedule);
    }
  }
}

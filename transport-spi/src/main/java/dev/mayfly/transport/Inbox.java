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
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * One party's receiving side of a session over any {@link Transport}: "the next envelope for this
 * round from each of these parties, before this deadline".
 *
 * <p>For every frame the transport delivers, in this order:
 *
 * <ol>
 *   <li>bytes that do not decode fail with {@code TRANSPORT_MALFORMED_ENVELOPE};
 *   <li>an exact copy of an envelope already accepted (same sender, sequence number and bytes)
 *       is ignored;
 *   <li>an envelope for a round later in the {@link RoundSchedule} is buffered, unverified, until
 *       that round is collected (at most {@link Builder#maxBufferedPerOrigin} per origin, else
 *       {@code TRANSPORT_TOO_MANY_MESSAGES});
 *   <li>the {@link EnvelopeVerifier} checks run (unknown sender, bad signature, wrong session,
 *       policy hash mismatch, wrong recipient);
 *   <li>a sequence number the sender already used for different bytes fails with
 *       {@code TRANSPORT_REPLAYED_SEQUENCE};
 *   <li>an envelope for an earlier round, or a round not in the schedule, fails with
 *       {@code TRANSPORT_WRONG_ROUND}, as does one from a party not asked for in this round;
 *   <li>a second, different envelope from the same sender for the same round fails with
 *       {@code TRANSPORT_EQUIVOCATION}.
 * </ol>
 *
 * <p>If the inbox has an {@linkplain Builder#abortTag abort tag}, an envelope with that tag is
 * not part of any round: as soon as it verifies under the sender's pinned key, the current (or
 * next) collection fails with a {@link PeerAbortedException} carrying it, whatever round is being
 * collected. An abort from a sender whose key is not pinned yet is kept (one per origin) and
 * checked when the next collection starts, after the caller had a chance to pin the key.
 *
 * <p>Any failure ends the collection (an identifiable abort) and names the culprit as described
 * in {@link EnvelopeVerifier}. When the deadline passes first, {@code TRANSPORT_TIMEOUT} names the
 * parties that stayed silent; it is retryable, and a later {@code collect} of the same round asks
 * only for those.
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
  private final @Nullable RoundTag abortTag;

  private final ReentrantLock lock = new ReentrantLock();
  // Everything below is guarded by lock.
  private int position = -1;
  private final Map<PartyId, Map<Long, byte[]>> acceptedDigests = new HashMap<>();
  private final Map<RoundTag, Map<PartyId, byte[]>> deliveredByRound = new HashMap<>();
  private final List<Pending> buffered = new ArrayList<>();
  private final Map<PartyId, Integer> bufferedByOrigin = new HashMap<>();
  private final Map<PartyId, Pending> unauthenticatedAborts = new HashMap<>();

  private record Pending(Envelope envelope, PartyId origin) {}

  private Inbox(Builder builder, Transport transport, EnvelopeVerifier verifier,
      RoundSchedule schedule) {
    this.transport = transport;
    this.verifier = verifier;
    this.schedule = schedule;
    this.maxBufferedPerOrigin = builder.maxBufferedPerOrigin;
    this.abortTag = builder.abortTag;
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
   * Waits for one envelope for {@code tag} from each party in {@code from}, each checked under
   * the sender's pinned key.
   *
   * @param tag a round of the schedule, not earlier than the last one collected
   * @param from the parties to hear from: members of the session other than the local party, none
   *     of which has already delivered for {@code tag}
   * @return the verified envelopes by sender, in ascending order of party
   * @throws TransportException the first rejected envelope (see the class comment), {@code
   *     TRANSPORT_TIMEOUT} naming the silent parties, or {@code TRANSPORT_CLOSED}
   * @throws InterruptedException if the thread is interrupted while waiting
   */
  public SortedMap<PartyId, VerifiedEnvelope> collect(
      RoundTag tag, Set<PartyId> from, Duration timeout)
      throws TransportException, InterruptedException {
    try {
      return collect(tag, from, timeout, null);
    } catch (TransportException e) {
      throw e;
    } catch (MayflyException e) {
      throw new IllegalStateException("only a key extractor throws other Mayfly exceptions", e);
    }
  }

  /**
   * Like {@link #collect(RoundTag, Set, Duration)}, but for a hello round: envelopes of senders
   * with no pinned key are checked under the key {@code extractor} finds in their own payload
   * ({@link EnvelopeVerifier#verifySelfSigned}); senders with a pinned key are checked under it.
   *
   * <p><b>Security:</b> the result only proves that each sender holds the key it carries. Check
   * each party's attestation before {@linkplain PeerDirectory#pin pinning} its
   * {@link VerifiedEnvelope#signerKey()}.
   *
   * @throws MayflyException what {@code extractor} throws, or as {@link #collect(RoundTag, Set,
   *     Duration)}
   * @throws InterruptedException if the thread is interrupted while waiting
   */
  public SortedMap<PartyId, VerifiedEnvelope> collectSelfSigned(
      RoundTag tag, Set<PartyId> from, Duration timeout, CarriedKeyExtractor extractor)
      throws MayflyException, InterruptedException {
    requireNonNull(extractor, "extractor");
    return collect(tag, from, timeout, extractor);
  }

  private SortedMap<PartyId, VerifiedEnvelope> collect(RoundTag tag, Set<PartyId> from,
      Duration timeout, @Nullable CarriedKeyExtractor extractor)
      throws MayflyException, InterruptedException {
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
    for (PartyId party : from) {
      if (!verifier.directory().isMember(party) || party.equals(verifier.self())) {
        throw new IllegalArgumentException(
            party + " is not a peer of " + verifier.self() + " in this session");
      }
    }
    long deadline = deadlineAfter(timeout);
    lock.lockInterruptibly();
    try {
      if (target < position) {
        throw new IllegalStateException("rounds must be collected in schedule order: " + tag
            + " comes before " + schedule.rounds().get(position));
      }
      Map<PartyId, byte[]> delivered = deliveredByRound.getOrDefault(tag, Map.of());
      for (PartyId party : from) {
        if (delivered.containsKey(party)) {
          throw new IllegalStateException(party + " already delivered its envelope for " + tag);
        }
      }
      position = target;
      Collecting collection = new Collecting(tag, new TreeSet<>(from), extractor);
      drainBuffered(collection);
      while (!collection.waiting.isEmpty()) {
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
          throw timeout(collection, null);
        }
        Frame frame;
        try {
          frame = transport.receive(Duration.ofNanos(remaining));
        } catch (TransportException e) {
          if (e.code() == ErrorCode.TRANSPORT_TIMEOUT) {
            throw timeout(collection, e);
          }
          throw e;
        }
        process(Envelope.decode(frame.bytes(), frame.origin()), frame.origin(), collection);
      }
      return Collections.unmodifiableSortedMap(collection.result);
    } finally {
      lock.unlock();
    }
  }

  /** State of one call to collect. */
  private static final class Collecting {
    final RoundTag tag;
    final TreeSet<PartyId> waiting;
    final @Nullable CarriedKeyExtractor extractor;
    final TreeMap<PartyId, VerifiedEnvelope> result = new TreeMap<>();

    Collecting(RoundTag tag, TreeSet<PartyId> waiting, @Nullable CarriedKeyExtractor extractor) {
      this.tag = tag;
      this.waiting = waiting;
      this.extractor = extractor;
    }
  }

  private void drainBuffered(Collecting collection) throws MayflyException {
    for (Pending abort : List.copyOf(unauthenticatedAborts.values())) {
      if (verifier.directory().key(abort.envelope().sender()).isPresent()) {
        unauthenticatedAborts.remove(abort.origin());
        throw new PeerAbortedException(verifier.verify(abort.envelope(), abort.origin()),
            collection.waiting);
      }
    }
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

  private void process(Envelope envelope, PartyId origin, Collecting collection)
      throws MayflyException {
    PartyId sender = envelope.sender();
    byte[] digest = envelope.digest();
    byte[] previous =
        acceptedDigests.getOrDefault(sender, Map.of()).get(envelope.sequence());
    if (previous != null && MessageDigest.isEqual(previous, digest)) {
      return; // an exact duplicate of an accepted envelope
    }
    if (envelope.tag().equals(abortTag)) {
      if (verifier.directory().isMember(sender) && verifier.directory().key(sender).isEmpty()) {
        unauthenticatedAborts.putIfAbsent(origin, new Pending(envelope, origin));
        return;
      }
      throw new PeerAbortedException(verifier.verify(envelope, origin), collection.waiting);
    }
    int envelopePosition = schedule.positionOf(envelope.tag());
    if (envelopePosition > position) {
      buffer(envelope, origin);
      return;
    }
    VerifiedEnvelope verified = verify(envelope, origin, envelopePosition, collection);
    if (previous != null) {
      throw new TransportException(ErrorCode.TRANSPORT_REPLAYED_SEQUENCE,
          sender + " reused sequence number " + envelope.sequence() + " for different bytes ("
              + envelope.tag() + ")",
          sender);
    }
    if (envelopePosition != position) {
      throw new TransportException(ErrorCode.TRANSPORT_WRONG_ROUND,
          "envelope from " + sender + " is tagged " + envelope.tag() + ", expecting "
              + collection.tag + (envelopePosition < 0 ? " (not in the schedule)" : " (too late)"),
          sender);
    }
    Map<PartyId, byte[]> delivered =
        deliveredByRound.computeIfAbsent(collection.tag, t -> new HashMap<>());
    if (delivered.containsKey(sender)) {
      throw new TransportException(ErrorCode.TRANSPORT_EQUIVOCATION,
          sender + " sent two different envelopes for " + collection.tag + " (sequence numbers "
              + verifiedSequence(collection, sender) + " and " + envelope.sequence() + ")",
          sender);
    }
    if (!collection.waiting.contains(sender)) {
      throw new TransportException(ErrorCode.TRANSPORT_WRONG_ROUND,
          sender + " is not expected to send in " + collection.tag, sender);
    }
    acceptedDigests.computeIfAbsent(sender, s -> new HashMap<>()).put(envelope.sequence(), digest);
    delivered.put(sender, digest);
    collection.waiting.remove(sender);
    collection.result.put(sender, verified);
  }

  private String verifiedSequence(Collecting collection, PartyId sender) {
    VerifiedEnvelope earlier = collection.result.get(sender);
    return earlier == null ? "(earlier call)" : String.valueOf(earlier.envelope().sequence());
  }

  private VerifiedEnvelope verify(
      Envelope envelope, PartyId origin, int envelopePosition, Collecting collection)
      throws MayflyException {
    PartyId sender = envelope.sender();
    CarriedKeyExtractor extractor = collection.extractor;
    boolean selfSigned = extractor != null
        && envelopePosition == position
        && verifier.directory().isMember(sender)
        && !sender.equals(verifier.self())
        && verifier.directory().key(sender).isEmpty();
    if (selfSigned) {
      byte[] carried = extractor.carriedKey(envelope);
      return verifier.verifySelfSigned(envelope, origin, requireNonNull(carried, "carried key"));
    }
    return verifier.verify(envelope, origin);
  }

  private void buffer(Envelope envelope, PartyId origin) throws TransportException {
    int count = bufferedByOrigin.merge(origin, 1, Integer::sum);
    if (count > maxBufferedPerOrigin) {
      throw new TransportException(ErrorCode.TRANSPORT_TOO_MANY_MESSAGES,
          origin + " sent more than " + maxBufferedPerOrigin
              + " envelopes for rounds not reached yet (latest " + envelope.tag() + ")",
          origin);
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
    private @Nullable RoundTag abortTag;

    private Builder() {}

    public Builder transport(Transport transport) {
      this.transport = requireNonNull(transport, "transport");
      return this;
    }

    /**
     * The tag of abort announcements, which may arrive at any time; optional. It must not be a
     * round of the schedule. See the class comment.
     */
    public Builder abortTag(RoundTag abortTag) {
      this.abortTag = requireNonNull(abortTag, "abortTag");
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
     * {@value #DEFAULT_MAX_BUFFERED_PER_ORIGIN}; more fail with {@code
     * TRANSPORT_TOO_MANY_MESSAGES}. Bounds the memory a flooding peer can take.
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
     * @throws IllegalStateException if a required field is missing or the transport belongs to
     *     another party than the verifier
     */
    public Inbox build() {
      Transport transport = this.transport;
      EnvelopeVerifier verifier = this.verifier;
      RoundSchedule schedule = this.schedule;
      if (transport == null || verifier == null || schedule == null) {
        throw new IllegalStateException("transport, verifier and schedule must be set");
      }
      if (abortTag != null && schedule.contains(abortTag)) {
        throw new IllegalStateException("the abort tag " + abortTag + " is a round of " + schedule);
      }
      if (!transport.self().equals(verifier.self())) {
        throw new IllegalStateException("transport is for " + transport.self()
            + " but the verifier checks envelopes for " + verifier.self());
      }
      return new Inbox(this, transport, verifier, schedule);
    }
  }
}

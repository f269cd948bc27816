package dev.mayfly.transport;

import static java.util.Objects.requireNonNull;

import dev.mayfly.common.PartyId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * One party's signed and checked channel into one session, over any {@link Transport}: it seals
 * outgoing payloads into envelopes (session id, round tag, next sequence number, local TEE policy
 * hash, identity-key signature) and collects incoming ones through an {@link Inbox}.
 *
 * <pre>{@code
 * SessionChannel channel = SessionChannel.builder()
 *     .transport(transport).identityKey(identityKey).sessionId(sessionId)
 *     .policyHash(policyPin).directory(directory).schedule(schedule)
 *     .build();
 * Envelope mine = channel.broadcast(DKG_1, commitments);
 * SortedMap<PartyId, VerifiedEnvelope> theirs = channel.collect(DKG_1, peers, Duration.ofSeconds(30));
 * EchoBroadcast view = EchoBroadcast.of(DKG_1, SessionChannel.viewOf(Optional.of(mine), theirs));
 * channel.echo(view, DKG_1_ECHO, peers, Duration.ofSeconds(30));
 * }</pre>
 *
 * <p>The channel neither owns nor closes the transport or the identity key; whoever created them
 * closes them.
 *
 * <p>Thread-safety: safe for concurrent use; sequence numbers are unique per channel, and
 * collections are serialized by the inbox.
 *
 * @since 0.1.0
 */
public final class SessionChannel {
  private final Transport transport;
  private final IdentityKeyPair identityKey;
  private final SessionId sessionId;
  private final byte[] policyHash;
  private final Inbox inbox;
  private final AtomicLong nextSequence = new AtomicLong();

  private SessionChannel(Transport transport, IdentityKeyPair identityKey, SessionId sessionId,
      byte[] policyHash, Inbox inbox) {
    this.transport = transport;
    this.identityKey = identityKey;
    this.sessionId = sessionId;
    this.policyHash = policyHash;
    this.inbox = inbox;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The local party. */
  public PartyId self() {
    return transport.self();
  }

  public SessionId sessionId() {
    return sessionId;
  }

  /** The receiving side, for callers that need it directly. */
  public Inbox inbox() {
    return inbox;
  }

  /**
   * Seals {@code payload} for {@code recipient} and sends it.
   *
   * @return the envelope as sent
   * @throws TransportException if the transport fails or is closed
   */
  public Envelope send(PartyId recipient, RoundTag tag, byte[] payload)
      throws TransportException {
    requireNonNull(recipient, "recipient");
    Envelope envelope = seal(tag, payload).recipient(recipient).sign(identityKey);
    transport.send(envelope);
    return envelope;
  }

  /**
   * Seals {@code payload} as a broadcast and sends it to every peer.
   *
   * @return the envelope as sent (include it in the {@link EchoBroadcast} view of the round)
   * @throws TransportException if the transport fails or is closed
   */
  public Envelope broadcast(RoundTag tag, byte[] payload) throws TransportException {
    Envelope envelope = seal(tag, payload).broadcast().sign(identityKey);
    transport.broadcast(envelope);
    return envelope;
  }

  /**
   * Seals {@code payload} as a broadcast without sending it, for a caller that needs its own
   * envelope before (or whether or not) it goes out; send it with {@link #broadcastSealed}.
   */
  public Envelope sealBroadcast(RoundTag tag, byte[] payload) {
    return seal(tag, payload).broadcast().sign(identityKey);
  }

  /**
   * Sends a broadcast sealed by {@link #sealBroadcast}.
   *
   * @throws IllegalArgumentException if {@code envelope} is not a broadcast of the local party in
   *     this session
   * @throws TransportException if the transport fails or is closed
   */
  public void broadcastSealed(Envelope envelope) throws TransportException {
    requireNonNull(envelope, "envelope");
    if (!envelope.isBroadcast() || !envelope.sender().equals(transport.self())
        || !envelope.sessionId().equals(sessionId)) {
      throw new IllegalArgumentException(envelope + " is not a broadcast of " + transport.self());
    }
    transport.broadcast(envelope);
  }

  private Envelope.Builder seal(RoundTag tag, byte[] payload) {
    requireNonNull(tag, "tag");
    requireNonNull(payload, "payload");
    return Envelope.builder()
        .sessionId(sessionId)
        .tag(tag)
        .sender(transport.self())
        .sequence(nextSequence.getAndIncrement())
        .policyHash(policyHash)
        .payload(payload);
  }

  /** See {@link Inbox#droppedCount()}. */
  public long droppedCount() {
    return inbox.droppedCount();
  }

  /** See {@link Inbox#collect(RoundTag, Set, Duration)}. */
  public SortedMap<PartyId, VerifiedEnvelope> collect(
      RoundTag tag, Set<PartyId> from, Duration timeout)
      throws TransportException, InterruptedException {
    return inbox.collect(tag, from, timeout);
  }

  /** See {@link Inbox#nextAbort(Duration)}. */
  public Optional<VerifiedEnvelope> nextAbort(Duration timeout)
      throws TransportException, InterruptedException {
    return inbox.nextAbort(timeout);
  }

  /**
   * Runs echo broadcast for a finished broadcast round: broadcasts {@code view}'s digests under
   * {@code echoTag}, collects the echoes of {@code peers} and compares them with {@code view}.
   *
   * @param view the local view: the received broadcasts plus the local party's own
   * @param echoTag the schedule's round for the echoes of this broadcast round
   * @param peers the parties that echo (normally every peer that received the broadcasts)
   * @return proof that every peer saw the same envelopes
   * @throws EchoMismatchException {@code TRANSPORT_ECHO_MISMATCH} when an echo saw another
   *     envelope from some sender (names nobody)
   * @throws TransportException a malformed echo naming its signer, or any failure of {@link
   *     #collect}
   * @throws InterruptedException if the thread is interrupted while waiting
   */
  public EchoAgreement echo(
      EchoBroadcast view, RoundTag echoTag, Set<PartyId> peers, Duration timeout)
      throws TransportException, InterruptedException {
    requireNonNull(view, "view");
    broadcast(echoTag, view.payload());
    return view.verify(collect(echoTag, peers, timeout));
  }

  /**
   * The broadcast envelopes of one round as a list for {@link EchoBroadcast#of}: the received
   * ones plus, if present, the local party's own.
   */
  public static List<Envelope> viewOf(
      Optional<Envelope> own, SortedMap<PartyId, VerifiedEnvelope> received) {
    requireNonNull(own, "own");
    requireNonNull(received, "received");
    List<Envelope> view = new ArrayList<>();
    own.ifPresent(view::add);
    received.values().forEach(v -> view.add(v.envelope()));
    return view;
  }

  @Override
  public String toString() {
    return "SessionChannel[" + sessionId + ", " + transport.self() + "]";
  }

  /**
   * Builds a {@link SessionChannel}; every field but {@link #maxBufferedPerOrigin} is required.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private @Nullable Transport transport;
    private @Nullable IdentityKeyPair identityKey;
    private @Nullable SessionId sessionId;
    private byte @Nullable [] policyHash;
    private @Nullable PeerDirectory directory;
    private @Nullable RoundSchedule schedule;
    private int maxBufferedPerOrigin = Inbox.DEFAULT_MAX_BUFFERED_PER_ORIGIN;
    private final Set<RoundTag> abortTags = new java.util.HashSet<>();
    private PeerAdmission admission = PeerAdmission.NONE;

    private Builder() {}

    /** See {@link Inbox.Builder#abortTags}; optional. */
    public Builder abortTags(Set<RoundTag> abortTags) {
      this.abortTags.addAll(requireNonNull(abortTags, "abortTags"));
      return this;
    }

    /** See {@link Inbox.Builder#admission}; default {@link PeerAdmission#NONE}. */
    public Builder admission(PeerAdmission admission) {
      this.admission = requireNonNull(admission, "admission");
      return this;
    }

    public Builder transport(Transport transport) {
      this.transport = requireNonNull(transport, "transport");
      return this;
    }

    /** The local party's session identity key; the channel signs with it but does not close it. */
    public Builder identityKey(IdentityKeyPair identityKey) {
      this.identityKey = requireNonNull(identityKey, "identityKey");
      return this;
    }

    public Builder sessionId(SessionId sessionId) {
      this.sessionId = requireNonNull(sessionId, "sessionId");
      return this;
    }

    /** The local TEE policy pin (32 bytes): sent in every envelope and required of every peer. */
    public Builder policyHash(byte[] policyHash) {
      requireNonNull(policyHash, "policyHash");
      this.policyHash = policyHash.clone();
      return this;
    }

    public Builder directory(PeerDirectory directory) {
      this.directory = requireNonNull(directory, "directory");
      return this;
    }

    public Builder schedule(RoundSchedule schedule) {
      this.schedule = requireNonNull(schedule, "schedule");
      return this;
    }

    /** See {@link Inbox.Builder#maxBufferedPerOrigin}; default 64. */
    public Builder maxBufferedPerOrigin(int maxBufferedPerOrigin) {
      this.maxBufferedPerOrigin = maxBufferedPerOrigin;
      return this;
    }

    /**
     * Checks the fields and builds the channel.
     *
     * @throws IllegalStateException if a field is missing, or the directory pins another key for
     *     the local party
     * @throws IllegalArgumentException if the policy hash is not 32 bytes or the local party is not
     *     in the directory
     */
    public SessionChannel build() {
      Transport transport = this.transport;
      IdentityKeyPair identityKey = this.identityKey;
      SessionId sessionId = this.sessionId;
      byte[] policyHash = this.policyHash;
      PeerDirectory directory = this.directory;
      RoundSchedule schedule = this.schedule;
      if (transport == null || identityKey == null || sessionId == null || policyHash == null
          || directory == null || schedule == null) {
        throw new IllegalStateException(
            "transport, identityKey, sessionId, policyHash, directory and schedule must be set");
      }
      Optional<IdentityPublicKey> pinnedSelf = directory.key(transport.self());
      if (pinnedSelf.isPresent() && !pinnedSelf.get().equals(identityKey.publicKey())) {
        throw new IllegalStateException(
            "the directory pins another identity key for " + transport.self());
      }
      EnvelopeVerifier verifier =
          EnvelopeVerifier.create(sessionId, transport.self(), policyHash, directory);
      Inbox.Builder inboxBuilder = Inbox.builder()
          .transport(transport)
          .verifier(verifier)
          .schedule(schedule)
          .maxBufferedPerOrigin(maxBufferedPerOrigin)
          .abortTags(abortTags)
          .admission(admission);
      Inbox inbox = inboxBuilder.build();
      return new SessionChannel(transport, identityKey, sessionId, policyHash, inbox);
    }
  }
}

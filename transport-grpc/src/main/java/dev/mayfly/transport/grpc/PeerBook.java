package dev.mayfly.transport.grpc;

import static java.util.Objects.requireNonNull;

import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.MayflyException;
import dev.mayfly.common.PartyId;
import dev.mayfly.transport.TransportException;
import dev.mayfly.transport.grpc.internal.AttestedPeers;
import dev.mayfly.transport.grpc.internal.VerifiedTlsPeer;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A node's record of its peers: what each one's last handshake proved, the refusals (the recent
 * ones, and per peer the one that still stands for outbound connections), and which party each
 * inbound TLS key speaks for. Thread-safe.
 */
final class PeerBook implements AttestedPeers {
  private static final System.Logger LOG = System.getLogger(GrpcPartyNode.class.getName());
  static final int RECENT_REFUSALS = 64;
  private static final int MAX_INBOUND_CERTIFICATES = 1024;

  private final Clock clock;
  private final Consumer<PeerRefusal> listener;
  private final BiConsumer<PartyId, TransportException> outboundRefused;

  private final Map<PartyId, AttestedPeer> attested = new ConcurrentHashMap<>();
  private final Map<PartyId, TransportException> outboundRefusals = new ConcurrentHashMap<>();
  private final Map<String, VerifiedTlsPeer> inboundCertificates = new ConcurrentHashMap<>();
  // Guarded by this.
  private final Map<String, PartyId> inboundKeys = new java.util.HashMap<>();
  private final ArrayDeque<PeerRefusal> recent = new ArrayDeque<>();

  private final AtomicLong handshakesVerified = new AtomicLong();
  private final AtomicLong handshakesRefused = new AtomicLong();
  private final AtomicLong callsRefused = new AtomicLong();

  PeerBook(Clock clock, Consumer<PeerRefusal> listener,
      BiConsumer<PartyId, TransportException> outboundRefused) {
    this.clock = requireNonNull(clock, "clock");
    this.listener = requireNonNull(listener, "listener");
    this.outboundRefused = requireNonNull(outboundRefused, "outboundRefused");
  }

  @Override
  public void verified(boolean inbound, Optional<PartyId> peer, String remote,
      VerifiedTlsPeer verified) {
    handshakesVerified.incrementAndGet();
    if (inbound) {
      if (inboundCertificates.size() >= MAX_INBOUND_CERTIFICATES) {
        inboundCertificates.clear();
      }
      inboundCertificates.put(verified.certificateId(), verified);
    } else if (peer.isPresent()) {
      outboundRefusals.remove(peer.get());
      attested.put(peer.get(), attestedPeer(peer.get(), Direction.OUTBOUND, verified));
    }
    LOG.log(System.Logger.Level.DEBUG, "attested {0} TLS peer {1} ({2}), certificate {3}",
        inbound ? "inbound" : "outbound", peer.map(PartyId::toString).orElse("-"), remote,
        verified.certificateId().substring(0, 16));
  }

  @Override
  public void refused(boolean inbound, Optional<PartyId> peer, String remote,
      TransportException reason) {
    handshakesRefused.incrementAndGet();
    Optional<ErrorCode> attestationCode = reason.getCause() instanceof MayflyException cause
        ? Optional.of(cause.code())
        : Optional.empty();
    record(new PeerRefusal(PeerRefusal.Stage.HANDSHAKE,
        inbound ? Direction.INBOUND : Direction.OUTBOUND, peer, remote, reason.code(),
        attestationCode, reason.detail(), clock.instant()));
    if (!inbound && peer.isPresent()) {
      outboundRefusals.put(peer.get(), reason);
      outboundRefused.accept(peer.get(), reason);
    }
  }

  @Override
  public Optional<VerifiedTlsPeer> inbound(String certificateId) {
    return Optional.ofNullable(inboundCertificates.get(certificateId));
  }

  @Override
  public synchronized Optional<String> bindInbound(PartyId party, VerifiedTlsPeer verified) {
    String key = HexFormat.of().formatHex(verified.tlsKeySha256());
    PartyId bound = inboundKeys.get(key);
    if (bound != null && !bound.equals(party)) {
      return Optional.of("the TLS key of this connection already speaks for " + bound
          + ", it cannot also speak for " + party);
    }
    if (bound == null) {
      inboundKeys.values().removeIf(party::equals);
      inboundKeys.put(key, party);
    }
    AttestedPeer last = attested.get(party);
    if (last == null || last.direction() != Direction.INBOUND
        || !java.util.Arrays.equals(last.certificateSha256(), verified.certificateSha256())) {
      attested.put(party, attestedPeer(party, Direction.INBOUND, verified));
    }
    return Optional.empty();
  }

  @Override
  public void callRefused(@Nullable PartyId claimed, String remote, ErrorCode code,
      String detail) {
    callsRefused.incrementAndGet();
    record(new PeerRefusal(PeerRefusal.Stage.CALL, Direction.INBOUND,
        Optional.ofNullable(claimed), remote, code, Optional.empty(), detail, clock.instant()));
  }

  @Override
  public Optional<TransportException> outboundRefusal(PartyId peer) {
    return Optional.ofNullable(outboundRefusals.get(peer));
  }

  private void record(PeerRefusal refusal) {
    synchronized (recent) {
      if (recent.size() >= RECENT_REFUSALS) {
        recent.removeFirst();
      }
      recent.addLast(refusal);
    }
    LOG.log(System.Logger.Level.WARNING, "refused peer: {0}", refusal);
    try {
      listener.accept(refusal);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "the refusal listener threw", e);
    }
  }

  private static AttestedPeer attestedPeer(PartyId party, Direction direction,
      VerifiedTlsPeer verified) {
    return new AttestedPeer(party, direction, verified.tlsKeySha256(),
        verified.certificateSha256(), verified.report(), verified.verifiedAt(),
        verified.notAfter());
  }

  Optional<AttestedPeer> attested(PartyId party) {
    return Optional.ofNullable(attested.get(party));
  }

  List<PeerRefusal> recentRefusals() {
    synchronized (recent) {
      return List.copyOf(recent);
    }
  }

  long handshakesVerified() {
    return handshakesVerified.get();
  }

  long handshakesRefused() {
    return handshakesRefused.get();
  }

  long callsRefused() {
    return callsRefused.get();
  }
}

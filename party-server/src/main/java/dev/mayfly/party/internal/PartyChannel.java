package dev.mayfly.party.internal;

import static java.util.Objects.requireNonNull;

import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.MayflyException;
import dev.mayfly.common.PartyId;
import dev.mayfly.common.bytes.MalformedBytesException;
import dev.mayfly.ceremony.ProgressListener;
import dev.mayfly.transport.TransportException;
import dev.mayfly.transport.grpc.internal.AttestingTrustManager;
import dev.mayfly.transport.grpc.internal.HandshakeObserver;
import dev.mayfly.transport.grpc.internal.PeerAttestation;
import dev.mayfly.transport.grpc.internal.TlsContexts;
import dev.mayfly.transport.grpc.internal.VerifiedTlsPeer;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * The signing client's channel to one party's client port: server-only TLS 1.3 whose trust
 * manager runs every check of the transport's attested handshake (evidence, chain, TEE policy,
 * the binding of the TLS key and the policy hash) on the party's certificate, so the client talks
 * only to a party running the pinned code under the pinned policy. Thread-safe.
 */
public final class PartyChannel implements AutoCloseable {
  private final PartyId party;
  private final InetSocketAddress address;
  private final ManagedChannel channel;
  private final AtomicReference<@Nullable TransportException> refusal = new AtomicReference<>();

  /** A channel to {@code party} at {@code address}, attesting it with {@code attestation}. */
  public PartyChannel(PartyId party, InetSocketAddress address, PeerAttestation attestation) {
    this.party = requireNonNull(party, "party");
    this.address = requireNonNull(address, "address");
    HandshakeObserver observer = new HandshakeObserver() {
      @Override
      public void verified(boolean inbound, Optional<PartyId> peer, String remote,
          VerifiedTlsPeer verified) {
        refusal.set(null);
      }

      @Override
      public void refused(boolean inbound, Optional<PartyId> peer, String remote,
          TransportException reason) {
        refusal.set(reason);
      }
    };
    this.channel = NettyChannelBuilder.forAddress(address.getHostString(), address.getPort())
        .sslContext(TlsContexts.clientWithoutCertificate(
            new AttestingTrustManager(attestation, observer, Optional.of(party))))
        .maxInboundMessageSize(SigningWire.MAX_RESPONSE_BYTES + 1024)
        .userAgent("mayfly-sign")
        .build();
  }

  /**
   * Connects (TLS handshake and attestation) within {@code timeout}.
   *
   * @throws TransportException naming the party: its refused evidence ({@code
   *     TRANSPORT_PEER_NOT_ATTESTED}, {@code TRANSPORT_POLICY_HASH_MISMATCH}) or {@code
   *     TRANSPORT_PEER_UNREACHABLE}
   */
  public void connect(Duration timeout) throws TransportException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    ConnectivityState state = channel.getState(true);
    while (state != ConnectivityState.READY) {
      TransportException refused = refusal.get();
      if (refused != null && state == ConnectivityState.TRANSIENT_FAILURE) {
        throw named(refused);
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new TransportException(ErrorCode.TRANSPORT_PEER_UNREACHABLE, party + " at "
            + where() + " did not answer within " + timeout.toSeconds() + " s (" + state + ")",
            List.of(party));
      }
      CountDownLatch changed = new CountDownLatch(1);
      channel.notifyWhenStateChanged(state, changed::countDown);
      changed.await(Math.min(left, TimeUnit.MILLISECONDS.toNanos(200)), TimeUnit.NANOSECONDS);
      state = channel.getState(true);
    }
  }

  private TransportException named(TransportException refused) {
    return new TransportException(refused.code(), party + " at " + where() + ": "
        + refused.detail(), List.of(party), refused);
  }

  private String where() {
    return address.getHostString() + ":" + address.getPort();
  }

  /** What one party answered in a session. */
  public record Answer(byte @Nullable [] result, byte @Nullable [] record, String message) {}

  /**
   * Proposes one session to the party: sends {@code propose} and {@code artifact} in chunks,
   * forwards its progress events to {@code listener}, and completes with its answer, or fails
   * with a {@link MayflyException} naming the party.
   */
  public CompletableFuture<Answer> sign(byte[] propose, byte[] artifact, String sessionHex,
      ProgressListener listener, Duration timeout) {
    CompletableFuture<Answer> answer = new CompletableFuture<>();
    ClientCall<byte[], byte[]> call = channel.newCall(SigningWire.SIGN,
        CallOptions.DEFAULT.withDeadlineAfter(timeout.toNanos(), TimeUnit.NANOSECONDS));
    call.start(new ClientCall.Listener<>() {
      private @Nullable Answer last;
      private @Nullable MayflyException invalid;

      @Override
      public void onMessage(byte[] message) {
        call.request(1);
        if (invalid != null) {
          return;
        }
        try {
          SigningWire.PartyFrame frame = SigningWire.decodeParty(message, sessionHex, party);
          if (last != null) {
            throw new MalformedBytesException("a frame after the final answer");
          }
          switch (frame.type()) {
            case SigningWire.EVENT -> {
              try {
                listener.onEvent(requireNonNull(frame.event()));
              } catch (RuntimeException e) {
                // a listener's failure is the host's problem, not the party's
              }
            }
            case SigningWire.RESULT -> last = new Answer(frame.body(), null, "");
            case SigningWire.ABORT -> last = new Answer(null, frame.body(), frame.message());
            default -> throw new MalformedBytesException("frame type " + frame.type());
          }
        } catch (MalformedBytesException e) {
          invalid = new MayflyException(ErrorCode.PARTY_RESPONSE_INVALID, party
              + " answered with a frame that does not decode: " + e.getMessage(),
              List.of(party), e);
          call.cancel("malformed answer", null);
        }
      }

      @Override
      public void onClose(Status status, Metadata trailers) {
        if (invalid != null) {
          answer.completeExceptionally(invalid);
        } else if (status.isOk() && last != null) {
          answer.complete(last);
        } else if (status.isOk()) {
          answer.completeExceptionally(new MayflyException(ErrorCode.PARTY_RESPONSE_INVALID,
              party + " ended the call without an answer", List.of(party), null));
        } else {
          answer.completeExceptionally(failure(status, trailers));
        }
      }
    }, new Metadata());
    call.request(1);
    call.sendMessage(propose);
    for (int offset = 0; offset < artifact.length; offset += SigningWire.CHUNK_BYTES) {
      int length = Math.min(SigningWire.CHUNK_BYTES, artifact.length - offset);
      call.sendMessage(SigningWire.chunk(artifact, offset, length));
    }
    call.halfClose();
    return answer;
  }

  private MayflyException failure(Status status, Metadata trailers) {
    String reported = trailers.get(SigningWire.ERROR_CODE);
    if (reported != null) {
      for (ErrorCode code : List.of(ErrorCode.PARTY_BUSY, ErrorCode.PARTY_REQUEST_INVALID)) {
        if (code.name().equals(reported)) {
          return new MayflyException(code, party + " refused the session: "
              + status.getDescription(), List.of(party), status.asException(trailers));
        }
      }
    }
    TransportException refused = refusal.get();
    if (refused != null) {
      return named(refused);
    }
    return new TransportException(ErrorCode.TRANSPORT_PEER_UNREACHABLE, party + " at " + where()
        + " did not finish the call: " + status.getCode()
        + (status.getDescription() == null ? "" : " (" + status.getDescription() + ")"),
        List.of(party), status.asException());
  }

  @Override
  public void close() {
    channel.shutdownNow();
  }
}

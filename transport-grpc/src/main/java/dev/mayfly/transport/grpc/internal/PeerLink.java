package dev.mayfly.transport.grpc.internal;

import static java.util.Objects.requireNonNull;

import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.PartyId;
import dev.mayfly.transport.TransportException;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import com.google.protobuf.InvalidProtocolBufferException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The link from this node to one peer: one gRPC channel (one HTTP/2 connection over attested
 * mutual TLS, kept alive) that every session's calls to that peer share.
 *
 * <p>Every call has a deadline. Calls wait for the connection to become ready (so a peer that is
 * starting or reconnecting gets its messages) unless the last handshake with the peer refused
 * its evidence: then calls fail at once with that refusal, and a refusal recorded while calls
 * wait cancels them with it. Failures become {@link TransportException}s naming the peer.
 *
 * <p>Thread-safe.
 */
public final class PeerLink implements AutoCloseable {
  /** Codes a peer's interceptor may report in its trailers and that are passed on as they are. */
  private static final Set<ErrorCode> PASSED_ON = EnumSet.of(
      ErrorCode.TRANSPORT_POLICY_HASH_MISMATCH, ErrorCode.TRANSPORT_UNKNOWN_SENDER,
      ErrorCode.TRANSPORT_WRONG_RECIPIENT, ErrorCode.TRANSPORT_MALFORMED_ENVELOPE);

  private final PartyId peer;
  private final InetSocketAddress address;
  private final AttestedPeers book;
  private final ManagedChannel channel;
  private final Set<ClientCall<?, ?>> inFlight = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  /**
   * A link from {@code self} to {@code peer} at {@code address}, over {@code ssl} (whose trust
   * manager attests {@code peer}).
   */
  public PeerLink(PartyId self, PartyId peer, InetSocketAddress address, SslContext ssl,
      byte[] policyHash, Duration keepAliveTime, Duration keepAliveTimeout, AttestedPeers book) {
    this.peer = requireNonNull(peer, "peer");
    this.address = requireNonNull(address, "address");
    this.book = requireNonNull(book, "book");
    this.channel = NettyChannelBuilder.forAddress(address.getHostString(), address.getPort())
        .sslContext(ssl)
        .intercept(new ClientStamp(self, peer, policyHash))
        .keepAliveTime(keepAliveTime.toMillis(), TimeUnit.MILLISECONDS)
        .keepAliveTimeout(keepAliveTimeout.toMillis(), TimeUnit.MILLISECONDS)
        .keepAliveWithoutCalls(true)
        .maxInboundMessageSize(Wire.MAX_RESPONSE_BYTES)
        .userAgent("mayfly")
        .build();
  }

  /** The peer. */
  public PartyId peer() {
    return peer;
  }

  /**
   * Delivers one encoded envelope, waiting until the peer took it or the call failed.
   *
   * @throws TransportException naming the peer: the peer's refusal, a handshake refusal, {@code
   *     TRANSPORT_PEER_UNREACHABLE}, or {@code TRANSPORT_CLOSED} after close or on interrupt
   */
  public void deliver(byte[] encoded, Duration timeout) throws TransportException {
    await(call(Wire.DELIVER, encoded, timeout), timeout);
  }

  /** Starts delivering one encoded envelope; the future fails with a {@link TransportException}. */
  public CompletableFuture<byte[]> deliverAsync(byte[] encoded, Duration timeout) {
    return call(Wire.DELIVER, encoded, timeout);
  }

  /**
   * Whether the peer's health service reports SERVING for the transport service.
   *
   * @throws TransportException as {@link #deliver}
   */
  public boolean serving(Duration timeout) throws TransportException {
    return await(servingAsync(timeout), timeout);
  }

  /** Starts a health check; the future fails with a {@link TransportException}. */
  public CompletableFuture<Boolean> servingAsync(Duration timeout) {
    byte[] request = HealthCheckRequest.newBuilder().setService(Wire.SERVICE).build()
        .toByteArray();
    return call(Wire.HEALTH_CHECK, request, timeout).thenApply(response -> {
      try {
        return HealthCheckResponse.parseFrom(response).getStatus()
            == HealthCheckResponse.ServingStatus.SERVING;
      } catch (InvalidProtocolBufferException e) {
        throw new CompletionException(new TransportException(
            ErrorCode.TRANSPORT_PEER_UNREACHABLE,
            peer + " answered the health check with a malformed response", List.of(peer), e));
      }
    });
  }

  private CompletableFuture<byte[]> call(MethodDescriptor<byte[], byte[]> method,
      byte[] request, Duration timeout) {
    CompletableFuture<byte[]> result = new CompletableFuture<>();
    if (closed) {
      result.completeExceptionally(closedException());
      return result;
    }
    boolean refusedBefore = book.outboundRefusal(peer).isPresent();
    CallOptions options =
        CallOptions.DEFAULT.withDeadlineAfter(timeout.toNanos(), TimeUnit.NANOSECONDS);
    if (!refusedBefore) {
      options = options.withWaitForReady();
    }
    ClientCall<byte[], byte[]> call = channel.newCall(method, options);
    call.start(new ClientCall.Listener<>() {
      private byte[] response = Wire.EMPTY;

      @Override
      public void onMessage(byte[] message) {
        response = message;
      }

      @Override
      public void onClose(Status status, Metadata trailers) {
        inFlight.remove(call);
        if (status.isOk()) {
          result.complete(response);
        } else {
          result.completeExceptionally(failure(status, trailers));
        }
      }
    }, new Metadata());
    inFlight.add(call);
    if (result.isDone()) {
      inFlight.remove(call);
    }
    if (!refusedBefore) {
      // A refusal recorded between the check above and registering the call would miss it.
      book.outboundRefusal(peer).ifPresent(r -> call.cancel("handshake refused", r));
    }
    result.whenComplete((response, failure) -> {
      if (result.isCancelled()) {
        call.cancel("cancelled by the caller", null);
      }
    });
    call.request(2);
    call.sendMessage(request);
    call.halfClose();
    return result;
  }

  private <T> T await(CompletableFuture<T> future, Duration timeout)
      throws TransportException {
    try {
      // gRPC's deadline ends the call; the extra wait only guards against a lost callback.
      return future.get(timeout.toMillis() + 10_000, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof TransportException transportException) {
        throw transportException;
      }
      throw new IllegalStateException("unexpected failure of a call", e.getCause());
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      throw new TransportException(ErrorCode.TRANSPORT_CLOSED, "interrupted while sending", e);
    } catch (TimeoutException e) {
      future.cancel(true);
      throw new TransportException(ErrorCode.TRANSPORT_PEER_UNREACHABLE,
          "no answer from " + peer + " within the call deadline", List.of(peer), e);
    }
  }

  /** Maps a failed call to the exception its caller gets. */
  TransportException failure(Status status, Metadata trailers) {
    if (status.getCause() instanceof TransportException refusal) {
      return named(refusal);
    }
    if (closed) {
      return closedException();
    }
    String reported = trailers.get(Wire.ERROR_CODE);
    if (reported != null) {
      for (ErrorCode code : PASSED_ON) {
        if (code.name().equals(reported)) {
          return new TransportException(code,
              peer + " refused the call: " + status.getDescription(), List.of(peer),
              status.asException(trailers));
        }
      }
    }
    Optional<TransportException> refusal = book.outboundRefusal(peer);
    if (refusal.isPresent()) {
      return named(refusal.get());
    }
    return new TransportException(ErrorCode.TRANSPORT_PEER_UNREACHABLE, peer + " at "
        + address.getHostString() + ":" + address.getPort() + " did not take the call: "
        + status.getCode() + (status.getDescription() == null ? "" : " (" + status.getDescription()
        + ")"), List.of(peer), status.asException());
  }

  private TransportException named(TransportException refusal) {
    return new TransportException(refusal.code(), peer + " at " + address.getHostString() + ":"
        + address.getPort() + ": " + refusal.detail(), List.of(peer), refusal);
  }

  private TransportException closedException() {
    return new TransportException(ErrorCode.TRANSPORT_CLOSED, "the link to " + peer
        + " is closed");
  }

  /** Cancels every call waiting on this link with {@code refusal} as the cause. */
  public void cancelInFlight(TransportException refusal) {
    for (ClientCall<?, ?> call : inFlight) {
      call.cancel("handshake refused", refusal);
    }
  }

  /**
   * Reconnects at once if the channel is waiting out a reconnection backoff (a peer that was down
   * and has restarted is reached without waiting up to two minutes).
   */
  public void resetConnectBackoff() {
    if (!closed) {
      channel.resetConnectBackoff();
    }
  }

  /** Starts shutting the channel down: calls under way may finish, new ones fail. */
  public void shutdown() {
    closed = true;
    channel.shutdown();
  }

  /** Waits until the channel terminated, at most until {@code deadlineNanos}. */
  public boolean awaitTermination(long deadlineNanos) throws InterruptedException {
    long left = deadlineNanos - System.nanoTime();
    return channel.awaitTermination(Math.max(0, left), TimeUnit.NANOSECONDS);
  }

  /** Cancels whatever is still running. */
  @Override
  public void close() {
    closed = true;
    channel.shutdownNow();
  }

  @Override
  public String toString() {
    return "PeerLink[" + peer + " at " + address.getHostString() + ":" + address.getPort() + "]";
  }
}

package dev.mayfly.transport.grpc.internal;

import static java.util.Objects.requireNonNull;

import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.PartyId;
import dev.mayfly.transport.TransportException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The node's links, one per configured peer; sends envelopes with the node's call deadline. */
public final class PeerLinks implements EnvelopeSender, AutoCloseable {
  private final SortedMap<PartyId, PeerLink> links;
  private final Duration callTimeout;

  /** Links to every peer; each call gets {@code callTimeout}. */
  public PeerLinks(Map<PartyId, PeerLink> links, Duration callTimeout) {
    this.links = new TreeMap<>(links);
    this.callTimeout = requireNonNull(callTimeout, "callTimeout");
  }

  /**
   * The link to {@code peer}.
   *
   * @throws IllegalArgumentException if {@code peer} is not configured
   */
  public PeerLink link(PartyId peer) {
    PeerLink link = links.get(requireNonNull(peer, "peer"));
    if (link == null) {
      throw new IllegalArgumentException(peer + " is not a configured peer");
    }
    return link;
  }

  @Override
  public void deliver(PartyId peer, byte[] encoded) throws TransportException {
    link(peer).deliver(encoded, callTimeout);
  }

  @Override
  public void deliverToAll(List<PartyId> peers, byte[] encoded) throws TransportException {
    SortedMap<PartyId, CompletableFuture<byte[]>> calls = new TreeMap<>();
    for (PartyId peer : peers) {
      calls.put(peer, link(peer).deliverAsync(encoded, callTimeout));
    }
    awaitAll(calls, callTimeout);
  }

  /**
   * Waits for every call; if any failed, throws the failure of the lowest-numbered peer with the
   * others suppressed. Every call runs to its end either way (each has its own deadline).
   */
  public static void awaitAll(SortedMap<PartyId, ? extends CompletableFuture<?>> calls,
      Duration timeout) throws TransportException {
    List<TransportException> failures = new ArrayList<>();
    long deadline = System.nanoTime() + timeout.toNanos() + TimeUnit.SECONDS.toNanos(10);
    for (Map.Entry<PartyId, ? extends CompletableFuture<?>> call : calls.entrySet()) {
      try {
        call.getValue().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (ExecutionException e) {
        failures.add(e.getCause() instanceof TransportException t ? t : new TransportException(
            ErrorCode.TRANSPORT_PEER_UNREACHABLE, "call to " + call.getKey() + " failed",
            List.of(call.getKey()), e.getCause()));
      } catch (TimeoutException e) {
        failures.add(new TransportException(ErrorCode.TRANSPORT_PEER_UNREACHABLE,
            "no answer from " + call.getKey() + " within the call deadline",
            List.of(call.getKey()), e));
      } catch (InterruptedException e) {
        calls.values().forEach(f -> f.cancel(true));
        Thread.currentThread().interrupt();
        throw new TransportException(ErrorCode.TRANSPORT_CLOSED, "interrupted while sending", e);
      }
    }
    if (!failures.isEmpty()) {
      TransportException first = failures.get(0);
      failures.subList(1, failures.size()).forEach(first::addSuppressed);
      throw first;
    }
  }

  /** Every link, by peer. */
  public SortedMap<PartyId, PeerLink> all() {
    return links;
  }

  /** Starts shutting every channel down. */
  public void shutdown() {
    links.values().forEach(PeerLink::shutdown);
  }

  /** Waits for every channel to terminate, at most until {@code deadlineNanos}. */
  public boolean awaitTermination(long deadlineNanos) throws InterruptedException {
    boolean all = true;
    for (PeerLink link : links.values()) {
      all &= link.awaitTermination(deadlineNanos);
    }
    return all;
  }

  @Override
  public void close() {
    links.values().forEach(PeerLink::close);
  }
}

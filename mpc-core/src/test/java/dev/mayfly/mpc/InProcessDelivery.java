package dev.mayfly.mpc;

import dev.mayfly.common.PartyId;
import dev.mayfly.common.ProtocolException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;
import java.util.function.Consumer;
import javax.security.auth.DestroyFailedException;
import javax.security.auth.Destroyable;

/**
 * The message loop shared by {@link InProcessFrost} and {@link InProcessEcdsa}: parties 1..n,
 * every message encoded once and fed to the state machines it is for.
 *
 * @since 0.1.0
 */
final class InProcessDelivery {
  private InProcessDelivery() {}

  /** One party's state machine as the delivery loop sees it. */
  interface Machine<R> {
    Step<R> receive(byte[] bytes) throws ProtocolException;
  }

  /** How the loop starts a machine of type {@code M}. */
  interface Start<M, R> {
    Step<R> start(M machine) throws ProtocolException;
  }

  /** How the loop feeds bytes to a machine of type {@code M}. */
  interface Receive<M, R> {
    Step<R> receive(M machine, byte[] bytes) throws ProtocolException;
  }

  /**
   * Starts every machine, delivers every message {@code deliver} selects until none are left, and
   * returns the results in completion order. On an abort, undelivered secret messages are
   * destroyed, every machine is abandoned, the results so far are discarded, and the exception
   * propagates.
   */
  static <M, R> List<R> run(Map<PartyId, M> machines, Start<M, R> start,
      Receive<M, R> receive, BiPredicate<ProtocolMessage, PartyId> deliver,
      Consumer<M> abandon, Consumer<R> discard) throws ProtocolException {
    Deque<ProtocolMessage> queue = new ArrayDeque<>();
    List<R> results = new ArrayList<>();
    Map<PartyId, Machine<R>> receivers = new LinkedHashMap<>();
    machines.forEach((id, p) -> receivers.put(id, bytes -> receive.receive(p, bytes)));
    try {
      for (M p : machines.values()) {
        queue.addAll(start.start(p).messages());
      }
      deliverAll(queue, receivers, deliver, results::add);
    } catch (ProtocolException | RuntimeException e) {
      queue.forEach(InProcessDelivery::destroy);
      machines.values().forEach(abandon);
      results.forEach(discard);
      throw e;
    }
    return results;
  }

  /** Parties 1..n. */
  static List<PartyId> roster(int participants) {
    if (participants < 2 || participants > PartyId.MAX) {
      throw new IllegalArgumentException("participants must be in 2.." + PartyId.MAX);
    }
    List<PartyId> roster = new ArrayList<>();
    for (int i = 1; i <= participants; i++) {
      roster.add(PartyId.of(i));
    }
    return roster;
  }

  /** Whether {@code m} goes to {@code party}: its recipient, or everyone but the sender. */
  static boolean isFor(ProtocolMessage m, PartyId party) {
    return m.recipient().map(party::equals).orElse(!m.sender().equals(party));
  }

  /** Destroys a message that carries secrets, if it can be destroyed. */
  static void destroy(ProtocolMessage m) {
    if (m instanceof Destroyable d) {
      try {
        d.destroy();
      } catch (DestroyFailedException e) {
        throw new IllegalStateException("could not destroy " + m, e);
      }
    }
  }

  /**
   * Delivers queued messages (and the messages they cause) until none are left: each message is
   * encoded once and fed to every machine {@code deliver} selects; destroyable messages are
   * destroyed after delivery.
   */
  private static <R> void deliverAll(Deque<ProtocolMessage> queue, Map<PartyId, Machine<R>> machines,
      BiPredicate<ProtocolMessage, PartyId> deliver, Consumer<R> onResult)
      throws ProtocolException {
    while (!queue.isEmpty()) {
      ProtocolMessage m = queue.poll();
      byte[] bytes = m.encode();
      try {
        for (Map.Entry<PartyId, Machine<R>> e : machines.entrySet()) {
          if (deliver.test(m, e.getKey())) {
            Step<R> step = e.getValue().receive(bytes);
            queue.addAll(step.messages());
            step.result().ifPresent(onResult);
          }
        }
      } finally {
        Arrays.fill(bytes, (byte) 0);
        destroy(m);
      }
    }
  }
}

package dev.mayfly.mpc;

import dev.mayfly.common.PartyId;
import dev.mayfly.common.ProtocolException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
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
  static <R> void deliverAll(Deque<ProtocolMessage> queue, Map<PartyId, Machine<R>> machines,
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

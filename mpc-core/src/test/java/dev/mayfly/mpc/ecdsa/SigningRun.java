package dev.mayfly.mpc.ecdsa;

import dev.mayfly.common.PartyId;
import dev.mayfly.common.ProtocolException;
import dev.mayfly.mpc.ProtocolMessage;
import dev.mayfly.mpc.Step;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Drives one signing session between in-process {@link EcdsaSigningParticipant}s, delivering each
 * encoded message to each recipient separately so that a test can rewrite the bytes one
 * recipient gets.
 */
final class SigningRun {
  /** Rewrites the bytes {@code to} receives of {@code m}; identity for an honest run. */
  interface Tamper {
    byte[] apply(ProtocolMessage m, PartyId to, byte[] bytes);
  }

  final Map<PartyId, EcdsaSigningParticipant> machines = new LinkedHashMap<>();
  final Map<PartyId, EcdsaSignature> signatures = new LinkedHashMap<>();
  final Deque<ProtocolMessage> sent = new ArrayDeque<>();
  PartyId lastReceiver;
  /** Deliver the newest message first (exercises the buffering of early messages). */
  boolean newestFirst;

  SigningRun(List<EcdsaKeyShare> shares, byte[] message, SecureRandom random) {
    List<PartyId> ids = shares.stream().map(EcdsaKeyShare::id).toList();
    for (EcdsaKeyShare k : shares) {
      machines.put(k.id(), EcdsaSigningParticipant.builder().keyShare(k).signers(ids)
          .message(message).random(random).buildBelowThresholdForTest());
    }
  }

  /** Runs to completion; a receiving machine's abort propagates (see {@link #lastReceiver}). */
  Map<PartyId, EcdsaSignature> run(Tamper tamper) throws ProtocolException {
    Deque<ProtocolMessage> queue = new ArrayDeque<>();
    for (EcdsaSigningParticipant p : machines.values()) {
      queue.addAll(p.start().messages());
    }
    while (!queue.isEmpty()) {
      ProtocolMessage m = newestFirst ? queue.pollLast() : queue.poll();
      sent.add(m);
      for (Map.Entry<PartyId, EcdsaSigningParticipant> e : machines.entrySet()) {
        PartyId to = e.getKey();
        boolean forTo = m.recipient().map(to::equals).orElse(!m.sender().equals(to));
        if (forTo) {
          lastReceiver = to;
          Step<EcdsaSignature> step = e.getValue().receive(tamper.apply(m, to, m.encode()));
          queue.addAll(step.messages());
          step.result().ifPresent(s -> signatures.put(to, s));
        }
      }
    }
    return signatures;
  }

  /** An honest run. */
  Map<PartyId, EcdsaSignature> run() throws ProtocolException {
    return run((m, to, b) -> b);
  }
}

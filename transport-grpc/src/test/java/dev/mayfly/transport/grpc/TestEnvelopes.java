package dev.mayfly.transport.grpc;

import dev.mayfly.common.PartyId;
import dev.mayfly.transport.Envelope;
import dev.mayfly.transport.IdentityKeyPair;
import dev.mayfly.transport.RoundTag;
import dev.mayfly.transport.SessionId;
import java.util.concurrent.atomic.AtomicLong;

/** Signed envelopes for the tests (a fresh identity key each; nobody verifies them here). */
final class TestEnvelopes {
  private static final AtomicLong SEQUENCES = new AtomicLong();
  static final RoundTag ROUND = RoundTag.of("test", 1);

  private TestEnvelopes() {}

  static Envelope direct(SessionId session, PartyId from, PartyId to, byte[] payload) {
    try (IdentityKeyPair key = IdentityKeyPair.generate(Simulation.RANDOM)) {
      return builder(session, from, payload).recipient(to).sign(key);
    }
  }

  static Envelope broadcast(SessionId session, PartyId from, byte[] payload) {
    try (IdentityKeyPair key = IdentityKeyPair.generate(Simulation.RANDOM)) {
      return builder(session, from, payload).broadcast().sign(key);
    }
  }

  private static Envelope.Builder builder(SessionId session, PartyId from, byte[] payload) {
    return Envelope.builder()
        .sessionId(session)
        .tag(ROUND)
        .sender(from)
        .sequence(SEQUENCES.getAndIncrement())
        .policyHash(Simulation.POLICY.hash())
        .payload(payload);
  }
}

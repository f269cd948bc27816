package dev.mayfly.ceremony;

import dev.mayfly.ceremony.internal.Messages;
import dev.mayfly.common.InsecureSecretAccess;
import dev.mayfly.common.MayflyException;
import dev.mayfly.common.PartyId;
import dev.mayfly.common.ProtocolException;
import dev.mayfly.common.SecretBytes;
import dev.mayfly.mpc.ProtocolMessage;
import dev.mayfly.mpc.Step;
import dev.mayfly.transport.Envelope;
import dev.mayfly.transport.RoundTag;
import dev.mayfly.transport.VerifiedEnvelope;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import javax.security.auth.Destroyable;

/**
 * The two-round DKG every protocol of the ceremony uses (mpc-core's Pedersen DKG with proofs of
 * knowledge, for ECDSA with its pairwise OT setup): round 1 broadcast and echoed before anyone
 * reads it, round 2 point to point, HPKE-encrypted to each recipient's attested key.
 */
final class KeyGeneration {
  static final RoundTag DKG_1 = RoundTag.of("dkg", 1);
  static final RoundTag DKG_1_ECHO = RoundTag.of("dkg-echo", 1);
  static final RoundTag DKG_2 = RoundTag.of("dkg", 2);

  /** A DKG state machine of mpc-core. */
  interface Machine<S extends Destroyable> {
    Step<S> start();

    Step<S> receive(byte[] message) throws ProtocolException;
  }

  private KeyGeneration() {}

  /** Runs {@code machine} to completion and returns its (tracked) key share. */
  static <S extends Destroyable> S run(SessionIo io, Machine<S> machine)
      throws MayflyException, InterruptedException {
    Envelope own = io.broadcast(DKG_1,
        Messages.opaque(Messages.TYPE_PROTOCOL, SessionIo.single(machine.start()).encode()));
    SortedMap<PartyId, VerifiedEnvelope> commitments = io.collect(DKG_1, io.peers());
    io.agree(DKG_1, DKG_1_ECHO, Optional.of(own), commitments);
    List<ProtocolMessage> outgoing = new ArrayList<>();
    for (VerifiedEnvelope envelope : commitments.values()) {
      byte[] body = Messages.parseOpaque(envelope.payload(), envelope.sender(), io.phase(),
          Messages.TYPE_PROTOCOL);
      io.requireSender(body, envelope.sender());
      outgoing.addAll(machine.receive(body).messages());
    }
    for (ProtocolMessage message : outgoing) {
      try {
        io.sendSealed(message.recipient().orElseThrow(), DKG_2, message.encode());
      } finally {
        if (message instanceof Destroyable secret) {
          io.destroy(secret);
        }
      }
    }
    S result = null;
    for (VerifiedEnvelope envelope : io.collect(DKG_2, io.peers()).values()) {
      try (SecretBytes plaintext = io.openSealed(envelope)) {
        byte[] body = plaintext.copyBytes(InsecureSecretAccess.get());
        try {
          io.requireSender(body, envelope.sender());
          Step<S> step = machine.receive(body);
          if (step.isComplete()) {
            result = io.track(step.result().orElseThrow());
          }
        } finally {
          Arrays.fill(body, (byte) 0);
        }
      }
    }
    if (result == null) {
      throw new IllegalStateException("the DKG did not complete after every share arrived");
    }
    return result;
  }
}

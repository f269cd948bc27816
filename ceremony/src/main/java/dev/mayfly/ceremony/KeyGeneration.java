package dev.mayfly.ceremony;

import static dev.mayfly.ceremony.RoundPlan.DKG_1;
import static dev.mayfly.ceremony.RoundPlan.DKG_1_ECHO;
import static dev.mayfly.ceremony.RoundPlan.DKG_2;

import dev.mayfly.ceremony.internal.Messages;
import dev.mayfly.common.InsecureSecretAccess;
import dev.mayfly.common.PartyId;
import dev.mayfly.common.ProtocolException;
import dev.mayfly.common.SecretBytes;
import dev.mayfly.mpc.ProtocolMessage;
import dev.mayfly.mpc.Step;
import dev.mayfly.transport.Envelope;
import dev.mayfly.transport.PeerAbortedException;
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
 * reads it, then checked by every party in the same order (a failure is a proof: every party can
 * repeat the check on the same echoed messages); round 2 point to point, HPKE-encrypted to each
 * recipient's attested key (a failure is the recipient's report: nobody else can read it).
 */
final class KeyGeneration {
  /** A DKG state machine of mpc-core. */
  interface Machine<S extends Destroyable> {
    Step<S> start();

    Step<S> receive(byte[] message) throws ProtocolException;
  }

  private KeyGeneration() {}

  /** Runs {@code machine} to completion and returns its (registered) key share. */
  static <S extends Destroyable> S run(SessionIo io, Machine<S> machine)
      throws SessionFault, PeerAbortedException {
    Envelope own = io.broadcast(DKG_1,
        Messages.opaque(Messages.TYPE_PROTOCOL, SessionIo.single(machine.start()).encode()));
    SortedMap<PartyId, VerifiedEnvelope> commitments = io.collect(DKG_1, io.peers());
    List<ProtocolMessage> outgoing = io.agree(DKG_1, DKG_1_ECHO, Optional.of(own), commitments,
        () -> readCommitments(io, machine, commitments));
    io.sendAllSealed(DKG_2, outgoing);
    S result = null;
    for (VerifiedEnvelope envelope : io.collect(DKG_2, io.peers()).values()) {
      try (SecretBytes plaintext = io.openSealed(envelope)) {
        byte[] body = plaintext.copyBytes(InsecureSecretAccess.get());
        try {
          io.requireSender(body, envelope.sender(), DKG_2, null);
          Step<S> step = io.parsePrivate(envelope.sender(), DKG_2, () -> machine.receive(body));
          if (step.isComplete()) {
            result = io.secrets().register(step.result().orElseThrow());
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

  /**
   * Round 1's public check: every party feeds the peers' commitments to its machine in ascending
   * order of sender; the machine checks each message and every proof of knowledge. Returns the
   * round-2 shares to send, each registered as a secret.
   */
  private static <S extends Destroyable> List<ProtocolMessage> readCommitments(SessionIo io,
      Machine<S> machine, SortedMap<PartyId, VerifiedEnvelope> commitments) throws SessionFault {
    List<ProtocolMessage> outgoing = new ArrayList<>();
    try {
      for (VerifiedEnvelope envelope : commitments.values()) {
        PartyId peer = envelope.sender();
        byte[] body = io.parsePublic(peer, DKG_1, envelope.envelope(),
            () -> Messages.parseOpaque(envelope.payload(), Messages.TYPE_PROTOCOL));
        io.requireSender(body, peer, DKG_1, envelope.envelope());
        Step<S> step;
        try {
          step = machine.receive(body);
        } catch (ProtocolException e) {
          // The machine names every culprit of the round; each is shown by its own envelope.
          List<Complaint> proofs = new ArrayList<>();
          for (PartyId culprit : e.culprits().isEmpty() ? List.of(peer) : e.culprits()) {
            VerifiedEnvelope shown = commitments.getOrDefault(culprit, envelope);
            proofs.add(Complaint.proof(e.code(), shown.sender(), DKG_1,
                List.of(shown.envelope()), "DKG commitment from " + shown.sender()
                    + " is refused: " + e.detail()));
          }
          throw new SessionFault(proofs, e);
        }
        for (ProtocolMessage message : step.messages()) {
          if (message instanceof Destroyable secret) {
            io.secrets().register(secret);
          }
          outgoing.add(message);
        }
      }
    } catch (SessionFault | RuntimeException e) {
      outgoing.forEach(m -> {
        if (m instanceof Destroyable secret) {
          io.destroy(secret);
        }
      });
      throw e;
    }
    return outgoing;
  }
}

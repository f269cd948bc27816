package dev.mayfly.mpc.ecdsa;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.mayfly.common.ProtocolException;
import dev.mayfly.mpc.Mutations;
import dev.mayfly.mpc.ProtocolMessage;
import dev.mayfly.testsupport.Seeded;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Fuzz target for the threshold ECDSA message parsers: any mutation (bit flips, truncation,
 * extension) of a valid encoding is answered with a {@link ProtocolException} or parses to a
 * message that re-encodes to exactly the mutated bytes, never with another exception. Plain JUnit
 * over a seeded generator of mutations (the seed and the mutation are in every failure message).
 */
class EcdsaMessageFuzzTest {
  private static List<byte[]> samples;

  /** One encoding of each of the five message types, from honest runs. */
  static synchronized List<byte[]> samples() throws Exception {
    if (samples == null) {
      List<byte[]> out = new ArrayList<>(java.util.Arrays.asList(new byte[5][]));
      SigningRun run = new SigningRun(List.of(EcdsaTestKeys.twoOfThree().keyShare(
          EcdsaTestKeys.ALICE), EcdsaTestKeys.twoOfThree().keyShare(EcdsaTestKeys.BOB)),
          new byte[] {1, 2, 3}, new SecureRandom());
      run.run();
      for (ProtocolMessage m : run.sent) {
        int slot = m instanceof EcdsaSignRound1Message ? 2
            : m instanceof EcdsaSignRound2Message ? 3 : 4;
        out.set(slot, m.encode());
      }
      EcdsaDkgParticipantTest.Run dkg2 = new EcdsaDkgParticipantTest.Run(new SecureRandom());
      List<ProtocolMessage> round1 = new ArrayList<>();
      for (EcdsaDkgParticipant p : dkg2.parties.values()) {
        round1.addAll(p.start().messages());
      }
      EcdsaDkgParticipant alice = dkg2.parties.get(EcdsaTestKeys.ALICE);
      List<ProtocolMessage> shares = new ArrayList<>();
      for (ProtocolMessage m : round1) {
        if (!m.sender().equals(EcdsaTestKeys.ALICE)) {
          shares.addAll(alice.receive(m.encode()).messages());
        }
      }
      out.set(0, round1.get(1).encode());
      out.set(1, shares.get(0).encode());
      samples = out;
    }
    return samples;
  }

  static byte[] reparse(int index, byte[] bytes) throws ProtocolException {
    return switch (index) {
      case 0 -> EcdsaDkgCommitmentMessage.parse(bytes).encode();
      case 1 -> EcdsaDkgShareMessage.parse(bytes).encode();
      case 2 -> EcdsaSignRound1Message.parse(bytes).encode();
      case 3 -> EcdsaSignRound2Message.parse(bytes).encode();
      default -> EcdsaSignRound3Message.parse(bytes).encode();
    };
  }

  @Test
  void parse_mutatedBytes_onlyProtocolExceptionOrSameBytes() {
    Seeded.forAll(300, g -> mutatedBytes(Mutations.of(g, 5, 1_000_000)));
  }

  private static void mutatedBytes(int[] m) throws Exception {
    int index = m[0];
    byte[] bytes = Mutations.apply(samples().get(index), m);
    try {
      assertArrayEquals(bytes, reparse(index, bytes));
    } catch (ProtocolException expected) {
      // rejected with a stable code: fine
    }
  }
}

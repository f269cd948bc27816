package dev.mayfly.mpc.ecdsa;

import static dev.mayfly.mpc.ecdsa.EcdsaSigningParticipantTest.MESSAGE;
import static dev.mayfly.mpc.ecdsa.EcdsaTestKeys.ALICE;
import static dev.mayfly.mpc.ecdsa.EcdsaTestKeys.BOB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.ProtocolException;
import dev.mayfly.mpc.InProcessEcdsa;
import dev.mayfly.mpc.ProtocolMessage;
import dev.mayfly.mpc.ecdsa.internal.OtExtension;
import dev.mayfly.mpc.ecdsa.internal.Rvole;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Every field of every signing message, changed by the signer who sends it: the recipient aborts
 * with the field's code naming the sender, or (for the three fields DKLs23 cannot attribute:
 * {@code psi}, {@code u_i}, {@code w_i}) with {@code MPC_ECDSA_SHARES_INCONSISTENT} naming nobody;
 * it never returns a signature. The five header bytes are left out: the transport envelope
 * authenticates the sender. Each field is hit at least once, then random positions, over a seeded
 * generator whose seed is in every failure message.
 */
class EcdsaTamperPropertyTest {
  private static final long SEED = 20261206L;

  /** A field: message type, byte range, the codes it may give. */
  record Field(String name, Class<? extends ProtocolMessage> type, int from, int to,
      Set<ErrorCode> codes) {}

  private static final int U = OtExtension.U_BYTES;
  private static final int TAU = Rvole.TAU_BYTES;

  static List<Field> fields() {
    ErrorCode ot = ErrorCode.MPC_OT_CONSISTENCY_FAILED;
    ErrorCode mul = ErrorCode.MPC_MULTIPLICATION_CHECK_FAILED;
    ErrorCode el = ErrorCode.MPC_INVALID_ELEMENT;
    ErrorCode sc = ErrorCode.MPC_INVALID_SCALAR;
    ErrorCode open = ErrorCode.MPC_COMMITMENT_MISMATCH;
    ErrorCode none = ErrorCode.MPC_ECDSA_SHARES_INCONSISTENT;
    ErrorCode addr = ErrorCode.MPC_UNEXPECTED_MESSAGE;
    ErrorCode bad = ErrorCode.MPC_MALFORMED_MESSAGE;
    Class<EcdsaSignRound1Message> r1 = EcdsaSignRound1Message.class;
    Class<EcdsaSignRound2Message> r2 = EcdsaSignRound2Message.class;
    Class<EcdsaSignRound3Message> r3 = EcdsaSignRound3Message.class;
    return List.of(
        new Field("r1 recipient", r1, 5, 7, Set.of(addr, bad)),
        new Field("r1 nonce", r1, 7, 39, Set.of(ot)),
        new Field("r1 commitment", r1, 39, 71, Set.of(open)),
        new Field("r1 u", r1, 71, 71 + U, Set.of(ot)),
        new Field("r1 check", r1, 71 + U, 71 + U + OtExtension.CHECK_BYTES, Set.of(ot)),
        new Field("r2 recipient", r2, 5, 7, Set.of(addr, bad)),
        new Field("r2 nonce", r2, 7, 39, Set.of(mul)),
        new Field("r2 R", r2, 39, 72, Set.of(open, el)),
        new Field("r2 salt", r2, 72, 104, Set.of(open)),
        new Field("r2 pk", r2, 104, 137, Set.of(mul, el)),
        new Field("r2 Gamma^u", r2, 137, 170, Set.of(mul, el)),
        new Field("r2 Gamma^v", r2, 170, 203, Set.of(mul, el)),
        new Field("r2 psi", r2, 203, 235, Set.of(none, sc)),
        new Field("r2 gamma", r2, 235, 299, Set.of(mul, sc)),
        new Field("r2 check values", r2, 299, 363, Set.of(mul, sc)),
        new Field("r2 check hash", r2, 363, 395, Set.of(mul)),
        new Field("r2 tau", r2, 395, 395 + TAU, Set.of(mul, sc)),
        new Field("r3 u", r3, 5, 37, Set.of(none, sc)),
        new Field("r3 w", r3, 37, 69, Set.of(none, sc)),
        new Field("r3 view count", r3, 69, 71, Set.of(bad)),
        new Field("r3 views", r3, 71, 135, Set.of(ErrorCode.MPC_ECDSA_EQUIVOCATION)));
  }

  private final SecureRandom random = new SecureRandom();

  private void tamperOnce(Field f, int offset, int mask, String context) throws Exception {
    try (InProcessEcdsa keys = EcdsaTestKeys.freshPair()) {
      SigningRun run = new SigningRun(List.of(keys.keyShare(ALICE), keys.keyShare(BOB)),
          MESSAGE, random);
      ProtocolException e = assertThrows(ProtocolException.class, () -> run.run((m, to, b) -> {
        if (f.type().isInstance(m) && m.sender().equals(BOB) && to.equals(ALICE)) {
          byte[] c = b.clone();
          c[offset] ^= (byte) mask;
          return c;
        }
        return b;
      }), context);
      assertFalse(run.signatures.containsKey(ALICE), context);
      // A signature anyone did return is the valid one (the tamperer saw honest messages).
      for (EcdsaSignature sig : run.signatures.values()) {
        EcdsaSignature.verify(keys.publicKey(), MESSAGE, sig.der());
      }
      assertTrue(f.codes().contains(e.code()), context + ": " + e.code());
      if (e.code() == ErrorCode.MPC_ECDSA_SHARES_INCONSISTENT) {
        // Unattributable: whichever signer combines first finds the signature invalid.
        assertEquals(List.of(), e.culprits(), context);
      } else {
        assertEquals(ALICE, run.lastReceiver, context);
        assertEquals(List.of(BOB), e.culprits(), context + ": " + e.code());
      }
    }
  }

  @Test
  void tamperedField_abortsWithTheFieldsCode_namingTheSender_neverASignature()
      throws Exception {
    SplittableRandom r = new SplittableRandom(SEED);
    List<Field> fields = new ArrayList<>(fields());
    int cases = 0;
    for (int round = 0; round < 2; round++) {
      for (Field f : fields) {
        int offset = f.from() + r.nextInt(f.to() - f.from());
        int mask = 1 + r.nextInt(255);
        tamperOnce(f, offset, mask, "seed " + SEED + ", " + f.name() + " byte " + offset
            + " mask " + mask);
        cases++;
      }
    }
    assertEquals(2 * fields.size(), cases);
  }
}

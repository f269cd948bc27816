package dev.mayfly.mpc.ecdsa;

import static dev.mayfly.mpc.ecdsa.EcdsaTestKeys.ALICE;
import static dev.mayfly.mpc.ecdsa.EcdsaTestKeys.BOB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.PartyId;
import dev.mayfly.common.ProtocolException;
import dev.mayfly.mpc.ProtocolMessage;
import dev.mayfly.mpc.ecdsa.internal.BaseOt;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Every field of both key generation messages, changed by its sender in the copy one recipient
 * gets: that recipient aborts with the field's code naming the sender. The one field nobody can
 * attribute, the zero-sharing seed contribution, lets the key generation finish and makes the
 * first signing of that pair end in {@code MPC_ECDSA_SHARES_INCONSISTENT} naming nobody, never a
 * signature. Header bytes are left out (the transport authenticates the sender). Seeded; the seed
 * is in every failure message.
 */
class EcdsaDkgTamperPropertyTest {
  private static final long SEED = 20261207L;

  record Field(String name, Class<? extends ProtocolMessage> type, int from, int to,
      Set<ErrorCode> codes) {}

  static List<Field> fields() {
    ErrorCode bad = ErrorCode.MPC_MALFORMED_MESSAGE;
    ErrorCode suite = ErrorCode.MPC_WRONG_CIPHERSUITE;
    ErrorCode el = ErrorCode.MPC_INVALID_ELEMENT;
    ErrorCode sc = ErrorCode.MPC_INVALID_SCALAR;
    ErrorCode pok = ErrorCode.MPC_INVALID_PROOF_OF_KNOWLEDGE;
    ErrorCode share = ErrorCode.MPC_INVALID_SECRET_SHARE;
    ErrorCode addr = ErrorCode.MPC_UNEXPECTED_MESSAGE;
    Class<EcdsaDkgCommitmentMessage> c = EcdsaDkgCommitmentMessage.class;
    Class<EcdsaDkgShareMessage> s = EcdsaDkgShareMessage.class;
    int ot = 112;
    int pts = 6 * 33;
    return List.of(
        // A wrong length shifts every later field: whichever check meets it first.
        new Field("commitment length", c, 5, 7, Set.of(bad, el, sc)),
        new Field("embedded commitment header", c, 7, 12, Set.of(bad, suite)),
        new Field("embedded commitment count", c, 12, 14, Set.of(bad)),
        new Field("phi_0", c, 14, 47, Set.of(el, pok)),
        new Field("phi_1", c, 47, 80, Set.of(el, share)),
        new Field("Feldman proof R", c, 80, 113, Set.of(el, pok)),
        new Field("Feldman proof mu", c, 113, 145, Set.of(sc, pok)),
        new Field("base-OT key A", c, 145, 178, Set.of(el, pok)),
        new Field("base-OT key proof R", c, 178, 211, Set.of(el, pok)),
        new Field("base-OT key proof mu", c, 211, 243, Set.of(sc, pok)),
        new Field("share recipient", s, 5, 7, Set.of(addr, bad)),
        new Field("share length", s, 7, 9, Set.of(bad, el, sc)),
        new Field("embedded share header", s, 9, 14, Set.of(bad, suite)),
        new Field("embedded share recipient", s, 14, 16, Set.of(bad)),
        new Field("embedded share scalar", s, 16, 48, Set.of(sc, share)),
        new Field("base-OT seed", s, 80, 112, Set.of(pok)),
        new Field("base-OT points", s, ot + 9 * BaseOt.OT_BYTES,
            ot + 9 * BaseOt.OT_BYTES + pts, Set.of(el, pok)),
        new Field("base-OT proof scalars", s, ot + 77 * BaseOt.OT_BYTES + pts,
            ot + 78 * BaseOt.OT_BYTES, Set.of(sc, pok)));
  }

  private static byte[] flip(byte[] b, int offset, int mask) {
    byte[] c = b.clone();
    c[offset] ^= (byte) mask;
    return c;
  }

  @Test
  void tamperedField_recipientAbortsWithTheFieldsCode_namingTheSender() {
    SplittableRandom r = new SplittableRandom(SEED);
    for (Field f : fields()) {
      int offset = f.from() + r.nextInt(f.to() - f.from());
      int mask = 1 + r.nextInt(255);
      String context = "seed " + SEED + ", " + f.name() + " byte " + offset + " mask " + mask;
      EcdsaDkgParticipantTest.Run run = new EcdsaDkgParticipantTest.Run(new SecureRandom());
      ProtocolException e = assertThrows(ProtocolException.class,
          () -> run.run(f.type(), BOB, b -> flip(b, offset, mask)), context);
      assertTrue(f.codes().contains(e.code()), context + ": " + e.code());
      assertEquals(List.of(BOB), e.culprits(), context + ": " + e.code());
    }
  }

  @Test
  void tamperedZeroSeedContribution_keyGenerationEnds_signingOfThatPairNeverSigns()
      throws Exception {
    SplittableRandom r = new SplittableRandom(SEED + 1);
    int offset = 48 + r.nextInt(32);
    EcdsaDkgParticipantTest.Run run = new EcdsaDkgParticipantTest.Run(new SecureRandom());
    Map<PartyId, EcdsaKeyShare> shares = run.run(EcdsaDkgShareMessage.class, BOB,
        b -> flip(b, offset, 0x10));
    assertEquals(3, shares.size(), "seed " + (SEED + 1));
    SigningRun signing = new SigningRun(List.of(shares.get(ALICE), shares.get(BOB)),
        EcdsaSigningParticipantTest.MESSAGE, new SecureRandom());
    ProtocolException e = assertThrows(ProtocolException.class, signing::run);
    assertEquals(ErrorCode.MPC_ECDSA_SHARES_INCONSISTENT, e.code(), "seed " + (SEED + 1));
    assertEquals(List.of(), e.culprits());
    assertTrue(signing.signatures.isEmpty());
  }
}

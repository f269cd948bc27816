package dev.mayfly.mpc.keygen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.PartyId;
import dev.mayfly.common.ProtocolException;
import dev.mayfly.mpc.ProtocolMessage;
import dev.mayfly.mpc.Step;
import dev.mayfly.mpc.ciphersuite.Ciphersuite;
import dev.mayfly.mpc.ciphersuite.internal.SuiteMath;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import javax.security.auth.Destroyable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** DKG state machine: honest runs, every abort with its code and culprit, and secret wiping. */
class DkgParticipantTest {
  static final PartyId ALICE = PartyId.of(1);
  static final PartyId BOB = PartyId.of(2);
  static final PartyId CAROL = PartyId.of(3);
  static final List<PartyId> ROSTER = List.of(ALICE, BOB, CAROL);

  static List<Ciphersuite> suites() {
    return Ciphersuite.all();
  }

  /** Three parties; the round-1 broadcasts are collected but not delivered. */
  static final class Run {
    final Map<PartyId, DkgParticipant> parties = new LinkedHashMap<>();
    final Map<PartyId, DkgCommitmentMessage> round1 = new LinkedHashMap<>();

    Run(Ciphersuite suite) {
      SecureRandom random = new SecureRandom(new byte[] {42});
      for (PartyId id : ROSTER) {
        DkgParticipant p = DkgParticipant.create(suite, id, ROSTER, 2, random);
        parties.put(id, p);
        round1.put(id, (DkgCommitmentMessage) p.start().messages().get(0));
      }
    }

    /** Delivers all round-1 messages to {@code to}; returns its round-2 messages. */
    List<ProtocolMessage> round1To(PartyId to) throws ProtocolException {
      List<ProtocolMessage> out = new ArrayList<>();
      for (DkgCommitmentMessage m : round1.values()) {
        if (!m.sender().equals(to)) {
          out.addAll(parties.get(to).receive(m.encode()).messages());
        }
      }
      return out;
    }

    /** Runs everything honestly except that {@code tamper} rewrites {@code from}'s share to ALICE. */
    Map<PartyId, KeyShare> runAll(PartyId from, UnaryOperator<byte[]> tamper)
        throws ProtocolException {
      Map<PartyId, List<ProtocolMessage>> shares = new LinkedHashMap<>();
      for (PartyId id : ROSTER) {
        shares.put(id, round1To(id));
      }
      Map<PartyId, KeyShare> results = new LinkedHashMap<>();
      for (List<ProtocolMessage> list : shares.values()) {
        for (ProtocolMessage m : list) {
          PartyId to = m.recipient().orElseThrow();
          byte[] bytes = m.encode();
          if (m.sender().equals(from) && to.equals(ALICE)) {
            bytes = tamper.apply(bytes);
          }
          Step<KeyShare> step = parties.get(to).receive(bytes);
          step.result().ifPresent(k -> results.put(to, k));
          ((DkgShareMessage) m).destroy();
        }
      }
      return results;
    }
  }

  static byte[] truncated(byte[] bytes) {
    return Arrays.copyOf(bytes, bytes.length - 1);
  }

  @ParameterizedTest
  @MethodSource("suites")
  void receive_honestParties_agreeOnKeyAndVerifyingShares(Ciphersuite suite) throws Exception {
    Run run = new Run(suite);
    Map<PartyId, KeyShare> results = run.runAll(ALICE, UnaryOperator.identity());
    assertEquals(3, results.size());
    PublicKeyPackage pkg = results.get(ALICE).publicKeyPackage();
    for (KeyShare k : results.values()) {
      assertEquals(pkg, k.publicKeyPackage());
      assertTrue(run.parties.get(k.id()).isComplete());
    }
    assertEquals(2, pkg.threshold());
    assertEquals(ROSTER, pkg.participants());
  }

  @ParameterizedTest
  @MethodSource("suites")
  void receive_corruptedShare_abortsNamingSender(Ciphersuite suite) throws Exception {
    Run run = new Run(suite);
    // Adding one to the share keeps it canonical (it is below the order minus one whp).
    ProtocolException e = assertThrows(ProtocolException.class,
        () -> run.runAll(BOB, b -> { byte[] c = b.clone(); bumpScalar(suite, c); return c; }));
    assertEquals(ErrorCode.MPC_INVALID_SECRET_SHARE, e.code());
    assertEquals(List.of(BOB), e.culprits());
  }

  /** Adds a small value to the trailing scalar so the share stays canonical but is wrong. */
  static void bumpScalar(Ciphersuite suite, byte[] bytes) {
    int lowByte = suite == Ciphersuite.ed25519Sha512() ? bytes.length - 32 : bytes.length - 1;
    bytes[lowByte] = (byte) (bytes[lowByte] ^ 0x01);
  }

  @ParameterizedTest
  @MethodSource("suites")
  void receive_badProofOfKnowledge_abortsNamingSender(Ciphersuite suite) throws Exception {
    Run run = new Run(suite);
    DkgCommitmentMessage bob = run.round1.get(BOB);
    byte[] z = bob.proofZ();
    bumpScalarBytes(suite, z);
    byte[] forged = new DkgCommitmentMessage(suite, BOB, bob.commitments(), bob.proofR(), z)
        .encode();
    run.parties.get(ALICE).receive(forged);
    // Proofs are checked together once every round-1 message is in.
    ProtocolException e = assertThrows(ProtocolException.class,
        () -> run.parties.get(ALICE).receive(run.round1.get(CAROL).encode()));
    assertEquals(ErrorCode.MPC_INVALID_PROOF_OF_KNOWLEDGE, e.code());
    assertEquals(List.of(BOB), e.culprits());
  }

  static void bumpScalarBytes(Ciphersuite suite, byte[] scalar) {
    int low = suite == Ciphersuite.ed25519Sha512() ? 0 : scalar.length - 1;
    scalar[low] ^= 0x01;
  }

  @ParameterizedTest
  @MethodSource("suites")
  void receive_proofForAnotherParty_abortsNamingSender(Ciphersuite suite) throws Exception {
    Run run = new Run(suite);
    // Carol replays Bob's commitments and proof as her own: the proof binds Bob's identifier.
    DkgCommitmentMessage bob = run.round1.get(BOB);
    byte[] replay = new DkgCommitmentMessage(suite, CAROL, bob.commitments(), bob.proofR(),
        bob.proofZ()).encode();
    run.parties.get(ALICE).receive(replay);
    ProtocolException e = assertThrows(ProtocolException.class,
        () -> run.parties.get(ALICE).receive(bob.encode()));
    assertEquals(ErrorCode.MPC_INVALID_PROOF_OF_KNOWLEDGE, e.code());
    assertEquals(List.of(CAROL), e.culprits());
  }

  @Test
  void receive_twoBadProofs_namesBothSenders() throws Exception {
    Ciphersuite suite = Ciphersuite.p256Sha256();
    Run run = new Run(suite);
    for (PartyId sender : List.of(BOB, CAROL)) {
      DkgCommitmentMessage m = run.round1.get(sender);
      byte[] z = m.proofZ();
      bumpScalarBytes(suite, z);
      byte[] forged = new DkgCommitmentMessage(suite, sender, m.commitments(), m.proofR(), z)
          .encode();
      if (sender.equals(BOB)) {
        run.parties.get(ALICE).receive(forged);
      } else {
        ProtocolException e = assertThrows(ProtocolException.class,
            () -> run.parties.get(ALICE).receive(forged));
        assertEquals(ErrorCode.MPC_INVALID_PROOF_OF_KNOWLEDGE, e.code());
        assertEquals(List.of(BOB, CAROL), e.culprits());
      }
    }
  }

  @Test
  void receive_messageForOtherCiphersuite_abortsNamingSender() throws Exception {
    Run ed = new Run(Ciphersuite.ed25519Sha512());
    Run p256 = new Run(Ciphersuite.p256Sha256());
    ProtocolException e = assertThrows(ProtocolException.class,
        () -> ed.parties.get(ALICE).receive(p256.round1.get(BOB).encode()));
    assertEquals(ErrorCode.MPC_WRONG_CIPHERSUITE, e.code());
    assertEquals(List.of(BOB), e.culprits());
  }

  @Test
  void receive_smallOrderCommitment_abortsNamingSender() throws Exception {
    Run run = new Run(Ciphersuite.ed25519Sha512());
    byte[] bytes = run.round1.get(BOB).encode();
    // Replace the first commitment with the order-4 point (x = sqrt(-1), y = 0).
    byte[] smallOrder = HexFormat.of().parseHex(
        "0000000000000000000000000000000000000000000000000000000000000000");
    System.arraycopy(smallOrder, 0, bytes, 7, 32);
    ProtocolException e = assertThrows(ProtocolException.class,
        () -> run.parties.get(ALICE).receive(bytes));
    assertEquals(ErrorCode.MPC_INVALID_ELEMENT, e.code());
    assertEquals(List.of(BOB), e.culprits());
  }

  @ParameterizedTest
  @MethodSource("suites")
  void receive_proofScalarAboveOrder_abortsNamingSender(Ciphersuite suite) throws Exception {
    Run run = new Run(suite);
    byte[] bytes = run.round1.get(BOB).encode();
    byte[] order = SuiteMath.of(suite).scalars().encode(SuiteMath.of(suite).scalars().orderLimbs());
    System.arraycopy(order, 0, bytes, bytes.length - 32, 32);
    ProtocolException e = assertThrows(ProtocolException.class,
        () -> run.parties.get(ALICE).receive(bytes));
    assertEquals(ErrorCode.MPC_INVALID_SCALAR, e.code());
    assertEquals(List.of(BOB), e.culprits());
  }

  @ParameterizedTest
  @MethodSource("suites")
  void receive_trailingByte_abortsNamingSender(Ciphersuite suite) throws Exception {
    Run run = new Run(suite);
    byte[] bytes = Arrays.copyOf(run.round1.get(BOB).encode(), run.round1.get(BOB).encode().length + 1);
    ProtocolException e = assertThrows(ProtocolException.class,
        () -> run.parties.get(ALICE).receive(bytes));
    assertEquals(ErrorCode.MPC_MALFORMED_MESSAGE, e.code());
    assertEquals(List.of(BOB), e.culprits());
  }

  @Test
  void receive_duplicateCommitment_abortsNamingSender() throws Exception {
    Run run = new Run(Ciphersuite.ed25519Sha512());
    byte[] bytes = run.round1.get(BOB).encode();
    run.parties.get(ALICE).receive(bytes);
    ProtocolException e = assertThrows(ProtocolException.class,
        () -> run.parties.get(ALICE).receive(bytes));
    assertEquals(ErrorCode.MPC_UNEXPECTED_MESSAGE, e.code());
    assertEquals(List.of(BOB), e.culprits());
  }

  @Test
  void receive_senderOutsideRoster_abortsNamingSender() throws Exception {
    Ciphersuite suite = Ciphersuite.ed25519Sha512();
    Run run = new Run(suite);
    DkgParticipant mallory = DkgParticipant.create(suite, PartyId.of(9),
        List.of(ALICE, PartyId.of(9)), 2, new SecureRandom());
    byte[] bytes = mallory.start().messages().get(0).encode();
    ProtocolException e = assertThrows(ProtocolException.class,
        () -> run.parties.get(ALICE).receive(bytes));
    assertEquals(ErrorCode.MPC_UNEXPECTED_MESSAGE, e.code());
    assertEquals(List.of(PartyId.of(9)), e.culprits());
  }

  @Test
  void receive_afterAbort_throwsIllegalState() throws Exception {
    Run run = new Run(Ciphersuite.ed25519Sha512());
    byte[] bad = truncated(run.round1.get(BOB).encode());
    assertThrows(ProtocolException.class, () -> run.parties.get(ALICE).receive(bad));
    assertThrows(IllegalStateException.class,
        () -> run.parties.get(ALICE).receive(run.round1.get(CAROL).encode()));
  }

  @Test
  void create_thresholdOutOfRange_throwsIllegalArgument() {
    SecureRandom r = new SecureRandom();
    Ciphersuite s = Ciphersuite.ed25519Sha512();
    assertThrows(IllegalArgumentException.class, () -> DkgParticipant.create(s, ALICE, ROSTER, 1, r));
    assertThrows(IllegalArgumentException.class, () -> DkgParticipant.create(s, ALICE, ROSTER, 4, r));
    assertThrows(IllegalArgumentException.class,
        () -> DkgParticipant.create(s, PartyId.of(7), ROSTER, 2, r));
    assertThrows(IllegalArgumentException.class,
        () -> DkgParticipant.create(s, ALICE, List.of(ALICE, ALICE, BOB), 2, r));
  }

  // ---------------------------------------------------------------- wiping

  static void assertAllWiped(DkgParticipant p) {
    List<Object> secrets = p.secretsForTest();
    assertFalse(secrets.isEmpty());
    for (Object s : secrets) {
      if (s instanceof Destroyable d) {
        assertTrue(d.isDestroyed(), s + " not destroyed");
      } else {
        assertArrayEquals(new int[((int[]) s).length], (int[]) s, "limbs not wiped");
      }
    }
  }

  @ParameterizedTest
  @MethodSource("suites")
  void receive_success_wipesAllSecretState(Ciphersuite suite) throws Exception {
    Run run = new Run(suite);
    Map<PartyId, KeyShare> results = run.runAll(ALICE, UnaryOperator.identity());
    for (DkgParticipant p : run.parties.values()) {
      assertAllWiped(p);
    }
    KeyShare k = results.get(ALICE);
    k.close();
    assertTrue(k.isDestroyed());
    assertThrows(IllegalStateException.class,
        () -> k.signingShareBytes(dev.mayfly.common.InsecureSecretAccess.get()));
  }

  @ParameterizedTest
  @MethodSource("suites")
  void receive_abort_wipesAllSecretState(Ciphersuite suite) throws Exception {
    Run run = new Run(suite);
    assertThrows(ProtocolException.class,
        () -> run.runAll(BOB, b -> { byte[] c = b.clone(); bumpScalar(suite, c); return c; }));
    assertAllWiped(run.parties.get(ALICE));
    // An abort in round 1 (while the polynomial is live) wipes it too.
    Run early = new Run(suite);
    assertThrows(ProtocolException.class,
        () -> early.parties.get(ALICE).receive(truncated(early.round1.get(BOB).encode())));
    assertAllWiped(early.parties.get(ALICE));
  }

  @Test
  void shareMessage_encodeAfterDestroy_throwsAndToStringRedacts() throws Exception {
    Run run = new Run(Ciphersuite.ed25519Sha512());
    DkgShareMessage m = (DkgShareMessage) run.round1To(ALICE).get(0);
    assertTrue(m.carriesSecret());
    assertFalse(m.toString().contains(HexFormat.of().formatHex(m.encode()).substring(14)));
    m.destroy();
    assertArrayEquals(new int[8], m.shareForTest());
    assertThrows(IllegalStateException.class, m::encode);
  }

  @ParameterizedTest
  @MethodSource("suites")
  void receive_proofMadeForAnotherSessionContext_invalidProofNamingSender(Ciphersuite suite)
      throws Exception {
    SecureRandom random = new SecureRandom();
    byte[] sessionOne = {1, 1, 1};
    byte[] sessionTwo = {2, 2, 2};
    DkgParticipant alice = DkgParticipant.create(suite, ALICE, ROSTER, 2, sessionTwo, random);
    alice.start();
    byte[] bobsOldRound1 = DkgParticipant.create(suite, BOB, ROSTER, 2, sessionOne, random)
        .start().messages().get(0).encode();
    byte[] carols = DkgParticipant.create(suite, CAROL, ROSTER, 2, sessionTwo, random).start()
        .messages().get(0).encode();
    alice.receive(carols);
    ProtocolException e = assertThrows(ProtocolException.class, () -> alice.receive(bobsOldRound1));
    assertEquals(ErrorCode.MPC_INVALID_PROOF_OF_KNOWLEDGE, e.code());
    assertEquals(List.of(BOB), e.culprits());
    // The same context verifies, and without one the challenge is frost-core's (vectors).
    DkgParticipant again = DkgParticipant.create(suite, ALICE, ROSTER, 2, sessionOne, random);
    again.start();
    again.receive(bobsOldRound1);
    assertThrows(IllegalArgumentException.class,
        () -> DkgParticipant.create(suite, ALICE, ROSTER, 2, new byte[0], random));
  }
}

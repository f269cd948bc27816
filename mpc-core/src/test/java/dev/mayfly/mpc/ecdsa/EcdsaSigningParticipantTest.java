package dev.mayfly.mpc.ecdsa;

import static dev.mayfly.mpc.ecdsa.EcdsaTestKeys.ALICE;
import static dev.mayfly.mpc.ecdsa.EcdsaTestKeys.BOB;
import static dev.mayfly.mpc.ecdsa.EcdsaTestKeys.CAROL;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.PartyId;
import dev.mayfly.common.ProtocolException;
import dev.mayfly.mpc.InProcessEcdsa;
import dev.mayfly.mpc.ProtocolMessage;
import dev.mayfly.mpc.ecdsa.internal.EcdsaCodec;
import dev.mayfly.mpc.ecdsa.internal.OtExtension;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.Signature;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** Signing state machine: honest sessions, every abort with its code and culprit, and wiping. */
class EcdsaSigningParticipantTest {
  static final byte[] MESSAGE = "artifact digest statement".getBytes(StandardCharsets.UTF_8);

  // Offsets in the encodings (see docs/mpc.md).
  static final int R1_U = 71;
  static final int R1_CHECK = R1_U + OtExtension.U_BYTES;
  static final int R2_R = 39;
  static final int R2_SALT = 72;
  static final int R2_PK = 104;
  static final int R2_GAMMA_U = 137;
  static final int R2_CHECK_VALUES = 299;
  static final int R2_TAU = 395;
  static final int R3_W = 37;

  // Not seeded: a seeded generator would repeat session nonces on the shared key share, which
  // the key share rightly refuses (MPC_NONCE_REUSED).
  final SecureRandom random = new SecureRandom();

  static List<EcdsaKeyShare> shares(PartyId... ids) throws ProtocolException {
    InProcessEcdsa keys = EcdsaTestKeys.twoOfThree();
    return Arrays.stream(ids).map(keys::keyShare).toList();
  }

  /**
   * Runs ALICE and BOB of a fresh key with {@code tamper} applied to the bytes of {@code type} BOB
   * sends ALICE.
   */
  ProtocolException abortWhenBobSendsAlice(Class<? extends ProtocolMessage> type,
      UnaryOperator<byte[]> tamper) throws ProtocolException {
    InProcessEcdsa keys = EcdsaTestKeys.freshPair();
    return abortWhenBobSendsAlice(List.of(keys.keyShare(ALICE), keys.keyShare(BOB)), type,
        tamper);
  }

  /** Like the above on the given key shares of ALICE and BOB. */
  ProtocolException abortWhenBobSendsAlice(List<EcdsaKeyShare> aliceAndBob,
      Class<? extends ProtocolMessage> type, UnaryOperator<byte[]> tamper) {
    SigningRun run = new SigningRun(aliceAndBob, MESSAGE, random);
    ProtocolException e = assertThrows(ProtocolException.class, () -> run.run((m, to, b) ->
        type.isInstance(m) && m.sender().equals(BOB) && to.equals(ALICE) ? tamper.apply(b) : b));
    assertEquals(ALICE, run.lastReceiver);
    assertAllZero(run.machines.get(ALICE).secretArraysForTest());
    return e;
  }

  /** A copy with byte {@code offset} XORed with {@code mask}. */
  static UnaryOperator<byte[]> flip(int offset, int mask) {
    return b -> {
      byte[] c = b.clone();
      c[offset] ^= (byte) mask;
      return c;
    };
  }

  /** A copy with {@code length} bytes from {@code offset} set to {@code value}. */
  static UnaryOperator<byte[]> fill(int offset, int length, int value) {
    return b -> {
      byte[] c = b.clone();
      Arrays.fill(c, offset, offset + length, (byte) value);
      return c;
    };
  }

  static void assertAllZero(List<Object> arrays) {
    for (Object a : arrays) {
      if (a instanceof int[] i) {
        assertTrue(Arrays.stream(i).allMatch(v -> v == 0), "secret limbs not wiped");
      } else if (a instanceof long[] l) {
        assertTrue(Arrays.stream(l).allMatch(v -> v == 0), "secret rows not wiped");
      } else if (a instanceof byte[] b) {
        for (byte v : b) {
          assertEquals(0, v, "secret bytes not wiped");
        }
      }
    }
  }

  static void assertCode(ProtocolException e, ErrorCode code, PartyId... culprits) {
    assertEquals(code, e.code(), e.getMessage());
    assertEquals(List.of(culprits), e.culprits());
  }

  @Test
  void sign_honestSigners_allAgreeAndJdkVerifies() throws Exception {
    SigningRun run = new SigningRun(shares(ALICE, CAROL), MESSAGE, random);
    Map<PartyId, EcdsaSignature> sigs = run.run();
    assertEquals(2, sigs.size());
    assertEquals(sigs.get(ALICE), sigs.get(CAROL));
    EcdsaSignature sig = sigs.get(ALICE);
    assertTrue(sig.isLowS());
    Signature jdk = Signature.getInstance("SHA256withECDSA");
    jdk.initVerify(EcdsaTestKeys.twoOfThree().publicKey().toJavaPublicKey());
    jdk.update(MESSAGE);
    assertTrue(jdk.verify(sig.der()));
  }

  @Test
  void sign_newestMessageFirst_buffersEarlyRoundsAndSigns() throws Exception {
    SigningRun run = new SigningRun(shares(ALICE, BOB, CAROL), MESSAGE, random);
    run.newestFirst = true;
    Map<PartyId, EcdsaSignature> sigs = run.run();
    assertEquals(3, sigs.size());
    EcdsaSignature.verify(EcdsaTestKeys.twoOfThree().publicKey(), MESSAGE, sigs.get(BOB).der());
  }

  @Test
  void receive_messageAddressedToAnotherSigner_unexpected() throws Exception {
    SigningRun run = new SigningRun(shares(ALICE, BOB, CAROL), MESSAGE, random);
    run.machines.get(ALICE).start();
    byte[] bobToCarol = run.machines.get(BOB).start().messages().stream()
        .filter(m -> m.recipient().orElseThrow().equals(CAROL)).findFirst().orElseThrow()
        .encode();
    ProtocolException e = assertThrows(ProtocolException.class,
        () -> run.machines.get(ALICE).receive(bobToCarol));
    assertCode(e, ErrorCode.MPC_UNEXPECTED_MESSAGE, BOB);
  }

  @Test
  void sign_oneKeyShareManySessions_eachVerifies() throws Exception {
    InProcessEcdsa keys = EcdsaTestKeys.twoOfThree();
    byte[] tbs = "certificate to-be-signed bytes".getBytes(StandardCharsets.UTF_8);
    EcdsaSignature first = keys.sign(tbs, List.of(ALICE, BOB), random);
    EcdsaSignature second = keys.sign(MESSAGE, List.of(ALICE, BOB, CAROL), random);
    EcdsaSignature third = keys.sign(tbs, List.of(BOB, CAROL), random);
    EcdsaSignature.verify(keys.publicKey(), tbs, first.der());
    EcdsaSignature.verify(keys.publicKey(), MESSAGE, second.der());
    EcdsaSignature.verify(keys.publicKey(), tbs, third.der());
    assertTrue(!first.equals(third), "fresh randomness per session");
  }

  @Test
  void receive_tamperedOtExtensionCheck_blamesSender() throws Exception {
    ProtocolException e = abortWhenBobSendsAlice(EcdsaSignRound1Message.class,
        flip(R1_CHECK + 20, 0x10)); // inside t~
    assertCode(e, ErrorCode.MPC_OT_CONSISTENCY_FAILED, BOB);
  }

  @Test
  void receive_changedChoiceBitInEveryColumn_blamesSender() throws Exception {
    ProtocolException e = abortWhenBobSendsAlice(EcdsaSignRound1Message.class, b -> {
      byte[] c = b.clone();
      for (int col = 0; col < OtExtension.KAPPA; col++) {
        c[R1_U + col * OtExtension.ROW_BYTES + 3] ^= 0x04; // row 26 of every column
      }
      return c;
    });
    assertCode(e, ErrorCode.MPC_OT_CONSISTENCY_FAILED, BOB);
  }

  @Test
  void receive_tamperedMultiplicationCheckValue_blamesSender() throws Exception {
    ProtocolException e = abortWhenBobSendsAlice(EcdsaSignRound2Message.class,
        b -> EcdsaTestKeys.flipScalarBit(b, R2_CHECK_VALUES));
    assertCode(e, ErrorCode.MPC_MULTIPLICATION_CHECK_FAILED, BOB);
  }

  static byte[] replaceWithGenerator(byte[] b, int offset) {
    byte[] c = b.clone();
    byte[] g = EcdsaCodec.MATH.mulBase(EcdsaCodec.MATH.scalars().fromInt(1)).encode();
    System.arraycopy(g, 0, c, offset, g.length);
    return c;
  }

  @Test
  void receive_tamperedGammaU_blamesSender() throws Exception {
    ProtocolException e = abortWhenBobSendsAlice(EcdsaSignRound2Message.class,
        b -> replaceWithGenerator(b, R2_GAMMA_U));
    assertCode(e, ErrorCode.MPC_MULTIPLICATION_CHECK_FAILED, BOB);
  }

  @Test
  void receive_tamperedPublicShare_blamesSender() throws Exception {
    ProtocolException e = abortWhenBobSendsAlice(EcdsaSignRound2Message.class,
        b -> replaceWithGenerator(b, R2_PK));
    assertCode(e, ErrorCode.MPC_MULTIPLICATION_CHECK_FAILED, BOB);
  }

  @Test
  void receive_openingWithOtherSalt_blamesSender() throws Exception {
    ProtocolException e = abortWhenBobSendsAlice(EcdsaSignRound2Message.class,
        flip(R2_SALT + 5, 1));
    assertCode(e, ErrorCode.MPC_COMMITMENT_MISMATCH, BOB);
  }

  @Test
  void receive_nonCanonicalTauScalar_blamesSender() throws Exception {
    ProtocolException e = abortWhenBobSendsAlice(EcdsaSignRound2Message.class,
        fill(R2_TAU + 32, 32, 0xFF));
    assertCode(e, ErrorCode.MPC_INVALID_SCALAR, BOB);
  }

  @Test
  void receive_offCurveInstancePoint_blamesSender() throws Exception {
    ProtocolException e = abortWhenBobSendsAlice(EcdsaSignRound2Message.class,
        fill(R2_R + 1, 32, 0xFF)); // x >= p
    assertCode(e, ErrorCode.MPC_INVALID_ELEMENT, BOB);
  }

  @Test
  void receive_tamperedFinalShare_abortsWithoutCulprit() throws Exception {
    ProtocolException e = abortWhenBobSendsAlice(EcdsaSignRound3Message.class,
        b -> EcdsaTestKeys.flipScalarBit(b, R3_W));
    assertCode(e, ErrorCode.MPC_ECDSA_SHARES_INCONSISTENT);
  }

  @Test
  void receive_otherProtocolId_wrongCiphersuite() throws Exception {
    ProtocolException e = abortWhenBobSendsAlice(EcdsaSignRound1Message.class,
        flip(2, 1)); // protocol id 3 becomes 2, FROST(P-256, SHA-256)
    assertCode(e, ErrorCode.MPC_WRONG_CIPHERSUITE, BOB);
  }

  @Test
  void receive_truncatedMessage_malformed() throws Exception {
    ProtocolException e = abortWhenBobSendsAlice(EcdsaSignRound2Message.class,
        b -> Arrays.copyOf(b, b.length - 1));
    assertCode(e, ErrorCode.MPC_MALFORMED_MESSAGE, BOB);
  }

  @Test
  void receive_messageFromNonSigner_unexpected() throws Exception {
    SigningRun ab = new SigningRun(shares(ALICE, BOB), MESSAGE, random);
    SigningRun ac = new SigningRun(shares(ALICE, CAROL), MESSAGE, random);
    ab.machines.get(ALICE).start();
    byte[] fromCarol = ac.machines.get(CAROL).start().messages().get(0).encode();
    ProtocolException e = assertThrows(ProtocolException.class,
        () -> ab.machines.get(ALICE).receive(fromCarol));
    assertCode(e, ErrorCode.MPC_UNEXPECTED_MESSAGE, CAROL);
  }

  @Test
  void receive_replayedRoundOneOfEarlierSession_nonceReused() throws Exception {
    SigningRun first = new SigningRun(shares(ALICE, BOB), MESSAGE, random);
    first.run();
    byte[] old = first.sent.stream()
        .filter(m -> m instanceof EcdsaSignRound1Message && m.sender().equals(BOB)).findFirst()
        .orElseThrow().encode();
    ProtocolException e = abortWhenBobSendsAlice(shares(ALICE, BOB),
        EcdsaSignRound1Message.class, b -> old);
    assertCode(e, ErrorCode.MPC_NONCE_REUSED, BOB);
  }

  @Test
  void sessionSecrets_afterSigning_reuseThrowsNonceReused() throws Exception {
    SigningRun run = new SigningRun(shares(ALICE, BOB), MESSAGE, random);
    run.run();
    EcdsaSigningParticipant alice = run.machines.get(ALICE);
    ProtocolException e = assertThrows(ProtocolException.class,
        () -> alice.secretsForTest().requireUnused());
    assertCode(e, ErrorCode.MPC_NONCE_REUSED, ALICE);
    assertThrows(IllegalStateException.class, () -> alice.receive(new byte[5]));
  }

  @Test
  void receive_success_wipesSessionSecrets() throws Exception {
    SigningRun run = new SigningRun(shares(BOB, CAROL), MESSAGE, random);
    run.run();
    for (EcdsaSigningParticipant p : run.machines.values()) {
      assertTrue(p.secretsForTest().isDestroyed());
      assertAllZero(p.secretArraysForTest());
    }
  }

  @Test
  void abandon_midSession_wipesSessionSecrets() throws Exception {
    SigningRun run = new SigningRun(shares(ALICE, BOB), MESSAGE, random);
    EcdsaSigningParticipant alice = run.machines.get(ALICE);
    EcdsaSigningParticipant bob = run.machines.get(BOB);
    alice.start();
    for (ProtocolMessage m : bob.start().messages()) {
      alice.receive(m.encode());
    }
    alice.abandon();
    assertAllZero(alice.secretArraysForTest());
    assertThrows(IllegalStateException.class, () -> alice.receive(new byte[5]));
  }

  @Test
  void build_fewerThanThreshold_refused() throws Exception {
    InProcessEcdsa keys = EcdsaTestKeys.twoOfThree();
    assertThrows(IllegalArgumentException.class, () -> EcdsaSigningParticipant.builder()
        .keyShare(keys.keyShare(ALICE)).signers(List.of(ALICE)).message(MESSAGE)
        .random(random).build());
  }

  @Test
  void sign_belowThresholdForced_sharesInconsistent() throws Exception {
    try (InProcessEcdsa keys = InProcessEcdsa.generate(3, 3, random)) {
      SigningRun run = new SigningRun(
          List.of(keys.keyShare(ALICE), keys.keyShare(CAROL)), MESSAGE, random);
      ProtocolException e = assertThrows(ProtocolException.class, run::run);
      assertCode(e, ErrorCode.MPC_ECDSA_SHARES_INCONSISTENT);
      // With the full signer set the same key signs.
      EcdsaSignature ok = keys.sign(MESSAGE, List.of(ALICE, BOB, CAROL), random);
      assertArrayEquals(ok.der(), EcdsaSignature.verify(keys.publicKey(), MESSAGE, ok.der()).der());
    }
  }
}

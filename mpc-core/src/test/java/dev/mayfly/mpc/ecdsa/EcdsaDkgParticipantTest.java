package dev.mayfly.mpc.ecdsa;

import static dev.mayfly.mpc.ecdsa.EcdsaTestKeys.ALICE;
import static dev.mayfly.mpc.ecdsa.EcdsaTestKeys.BOB;
import static dev.mayfly.mpc.ecdsa.EcdsaTestKeys.CAROL;
import static dev.mayfly.mpc.ecdsa.EcdsaSigningParticipantTest.assertAllZero;
import static dev.mayfly.mpc.ecdsa.EcdsaSigningParticipantTest.assertCode;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.PartyId;
import dev.mayfly.common.ProtocolException;
import dev.mayfly.mpc.ProtocolMessage;
import dev.mayfly.mpc.SecretHolder;
import dev.mayfly.mpc.Step;
import dev.mayfly.mpc.ciphersuite.Ciphersuite;
import dev.mayfly.mpc.ecdsa.internal.BaseOt;
import dev.mayfly.mpc.ecdsa.internal.EcdsaCodec;
import dev.mayfly.mpc.ecdsa.internal.OtExtension;
import dev.mayfly.mpc.ecdsa.internal.PairSetup;
import dev.mayfly.mpc.keygen.DkgParticipant;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import javax.security.auth.Destroyable;
import org.junit.jupiter.api.Test;

/** Key generation state machine: honest runs, pairwise setup, aborts with culprits, wiping. */
class EcdsaDkgParticipantTest {
  static final List<PartyId> ROSTER = List.of(ALICE, BOB, CAROL);

  // Offsets (threshold 2): commitment = header 5, length 2, embedded 138, A 33, R 33, mu 32.
  static final int COMMIT_EMBEDDED = 7;
  static final int COMMIT_EMBEDDED_MU = COMMIT_EMBEDDED + 106;
  // Share = header 5, recipient 2, length 2, embedded 39, seed contribution 32, 128 points.
  static final int SHARE_EMBEDDED_SCALAR = 9 + 7;
  static final int SHARE_POINTS = 9 + 39 + 32;

  final SecureRandom random = EcdsaTestKeys.seeded(5);

  /** Three parties, threshold 2, run to completion with an optional rewrite of what ALICE gets. */
  static final class Run {
    final Map<PartyId, EcdsaDkgParticipant> parties = new LinkedHashMap<>();
    final Map<PartyId, EcdsaKeyShare> results = new LinkedHashMap<>();
    boolean newestFirst;

    Run(SecureRandom random) {
      for (PartyId id : ROSTER) {
        parties.put(id, EcdsaDkgParticipant.create(id, ROSTER, 2, random));
      }
    }

    /** Every party with its own registry and, if not empty, a session context. */
    Run(SecureRandom random, Map<PartyId, dev.mayfly.common.SecretRegistry> registries,
        byte[] context) {
      for (PartyId id : ROSTER) {
        EcdsaDkgParticipant.Builder b = EcdsaDkgParticipant.builder().self(id).roster(ROSTER)
            .threshold(2).random(random).secretRegistry(registries.get(id));
        if (context.length > 0) {
          b.sessionContext(context);
        }
        parties.put(id, b.build());
      }
    }

    Map<PartyId, EcdsaKeyShare> run(Class<? extends ProtocolMessage> type, PartyId from,
        UnaryOperator<byte[]> tamper) throws ProtocolException {
      Deque<ProtocolMessage> queue = new ArrayDeque<>();
      for (EcdsaDkgParticipant p : parties.values()) {
        queue.addAll(p.start().messages());
      }
      while (!queue.isEmpty()) {
        ProtocolMessage m = newestFirst ? queue.pollLast() : queue.poll();
        byte[] bytes = m.encode();
        try {
          for (Map.Entry<PartyId, EcdsaDkgParticipant> e : parties.entrySet()) {
            PartyId to = e.getKey();
            if (m.recipient().map(to::equals).orElse(!m.sender().equals(to))) {
              boolean hit = type.isInstance(m) && m.sender().equals(from) && to.equals(ALICE);
              Step<EcdsaKeyShare> step = e.getValue().receive(hit ? tamper.apply(bytes) : bytes);
              queue.addAll(step.messages());
              step.result().ifPresent(k -> results.put(to, k));
            }
          }
        } finally {
          if (m instanceof EcdsaDkgShareMessage s) {
            s.destroy();
          }
        }
      }
      return results;
    }

    Map<PartyId, EcdsaKeyShare> run() throws ProtocolException {
      return run(ProtocolMessage.class, ALICE, UnaryOperator.identity());
    }
  }

  ProtocolException aliceAborts(Class<? extends ProtocolMessage> type,
      UnaryOperator<byte[]> tamper) {
    Run run = new Run(random);
    ProtocolException e = assertThrows(ProtocolException.class, () -> run.run(type, BOB, tamper));
    assertWiped(run.parties.get(ALICE));
    return e;
  }

  static void assertWiped(EcdsaDkgParticipant p) {
    for (Object o : p.secretsForTest()) {
      if (o instanceof Destroyable d) {
        assertTrue(d.isDestroyed(), o + " not destroyed");
      } else {
        assertAllZero(List.of(o));
      }
    }
  }

  @Test
  void receive_honestParties_agreeAndSetUpEveryPair() throws Exception {
    Run run = new Run(random);
    Map<PartyId, EcdsaKeyShare> keys = run.run();
    assertEquals(3, keys.size());
    EcdsaPublicKey pk = keys.get(ALICE).publicKey();
    for (EcdsaKeyShare k : keys.values()) {
      assertEquals(pk, k.publicKey());
      int[] x = EcdsaCodec.MATH.decodeScalar(k.shareBytes(), 0);
      assertTrue(EcdsaCodec.MATH.equalPublic(EcdsaCodec.MATH.mulBase(x), k.verifyingShare()));
      assertWiped(run.parties.get(k.id()));
    }
    for (PartyId a : ROSTER) {
      for (PartyId b : ROSTER) {
        if (!a.equals(b)) {
          assertPairConsistent(keys.get(a).pair(b), keys.get(b).pair(a));
        }
      }
    }
  }

  @Test
  void receive_sharesBeforeLastCommitment_bufferedAndComplete() throws Exception {
    Run run = new Run(random);
    run.newestFirst = true;
    Map<PartyId, EcdsaKeyShare> keys = run.run();
    assertEquals(3, keys.size());
    assertEquals(keys.get(ALICE).publicKey(), keys.get(CAROL).publicKey());
  }

  /** The sender's seeds are the receiver's seeds selected by Delta; zero seeds agree. */
  static void assertPairConsistent(PairSetup sender, PairSetup receiver) {
    byte[] delta = sender.delta();
    int n = PairSetup.SEED_BYTES;
    for (int c = 0; c < OtExtension.KAPPA; c++) {
      boolean bit = ((delta[c >>> 3] >>> (c & 7)) & 1) == 1;
      byte[] chosen = bit ? receiver.receiverSeeds1() : receiver.receiverSeeds0();
      byte[] other = bit ? receiver.receiverSeeds0() : receiver.receiverSeeds1();
      byte[] got = Arrays.copyOfRange(sender.senderSeeds(), c * n, (c + 1) * n);
      assertArrayEquals(Arrays.copyOfRange(chosen, c * n, (c + 1) * n), got);
      assertTrue(!Arrays.equals(Arrays.copyOfRange(other, c * n, (c + 1) * n), got));
    }
    assertArrayEquals(sender.zeroSeed(), receiver.zeroSeed());
  }

  @Test
  void receive_corruptedFeldmanShare_blamesSender() {
    ProtocolException e = aliceAborts(EcdsaDkgShareMessage.class,
        b -> EcdsaTestKeys.flipScalarBit(b, SHARE_EMBEDDED_SCALAR));
    assertCode(e, ErrorCode.MPC_INVALID_SECRET_SHARE, BOB);
  }

  @Test
  void receive_badFeldmanProof_blamesSender() {
    ProtocolException e = aliceAborts(EcdsaDkgCommitmentMessage.class,
        b -> EcdsaTestKeys.flipScalarBit(b, COMMIT_EMBEDDED_MU));
    assertCode(e, ErrorCode.MPC_INVALID_PROOF_OF_KNOWLEDGE, BOB);
  }

  @Test
  void receive_badBaseOtKeyProof_blamesSender() {
    ProtocolException e = aliceAborts(EcdsaDkgCommitmentMessage.class,
        b -> EcdsaTestKeys.flipScalarBit(b, b.length - 32));
    assertCode(e, ErrorCode.MPC_INVALID_PROOF_OF_KNOWLEDGE, BOB);
  }

  @Test
  void receive_offCurveBaseOtPoint_blamesSender() {
    // The base-OT seed, then per OT u, v, four commitments and three scalars: v of OT 3.
    ProtocolException e = aliceAborts(EcdsaDkgShareMessage.class,
        EcdsaSigningParticipantTest.fill(SHARE_POINTS + 32 + 3 * BaseOt.OT_BYTES + 33 + 1, 32,
            0xFF));
    assertCode(e, ErrorCode.MPC_INVALID_ELEMENT, BOB);
  }

  @Test
  void receive_tamperedBaseOtOrProof_invalidProofNamingSender() {
    // c_0 of OT 5: canonical after the flip with overwhelming probability.
    ProtocolException e = aliceAborts(EcdsaDkgShareMessage.class,
        b -> EcdsaTestKeys.flipScalarBit(b, SHARE_POINTS + 32 + 5 * BaseOt.OT_BYTES + 6 * 33));
    assertCode(e, ErrorCode.MPC_INVALID_PROOF_OF_KNOWLEDGE, BOB);
  }

  @Test
  void receive_baseOtVOfTheOtherChoice_invalidProofNamingSender() {
    // A receiver that sends v + h instead of v (the other choice) cannot keep its proof valid.
    ProtocolException e = aliceAborts(EcdsaDkgShareMessage.class, b -> {
      byte[] c = b.clone();
      int off = SHARE_POINTS + 32 + 7 * BaseOt.OT_BYTES;
      System.arraycopy(b, off, c, off + 33, 33); // v := u
      return c;
    });
    assertCode(e, ErrorCode.MPC_INVALID_PROOF_OF_KNOWLEDGE, BOB);
  }

  @Test
  void receive_embeddedMessageOfAnotherSender_malformed() {
    ProtocolException e = aliceAborts(EcdsaDkgCommitmentMessage.class,
        EcdsaSigningParticipantTest.flip(COMMIT_EMBEDDED + 4, BOB.value() ^ CAROL.value()));
    assertCode(e, ErrorCode.MPC_MALFORMED_MESSAGE, BOB);
  }

  @Test
  void receive_frostDkgMessage_wrongCiphersuite() throws Exception {
    EcdsaDkgParticipant alice = EcdsaDkgParticipant.create(ALICE, ROSTER, 2, random);
    alice.start();
    byte[] frost = DkgParticipant.create(Ciphersuite.p256Sha256(), BOB, ROSTER, 2, random)
        .start().messages().get(0).encode();
    ProtocolException e = assertThrows(ProtocolException.class, () -> alice.receive(frost));
    assertCode(e, ErrorCode.MPC_WRONG_CIPHERSUITE, BOB);
    assertWiped(alice);
  }

  @Test
  void receive_secondCommitment_unexpected() throws Exception {
    Map<PartyId, EcdsaDkgParticipant> parties = new LinkedHashMap<>();
    for (PartyId id : List.of(ALICE, BOB)) {
      parties.put(id, EcdsaDkgParticipant.create(id, ROSTER, 2, random));
    }
    parties.get(ALICE).start();
    byte[] bob = parties.get(BOB).start().messages().get(0).encode();
    parties.get(ALICE).receive(bob);
    ProtocolException e = assertThrows(ProtocolException.class,
        () -> parties.get(ALICE).receive(bob));
    assertCode(e, ErrorCode.MPC_UNEXPECTED_MESSAGE, BOB);
  }

  @Test
  void keyShare_close_wipesAndRefusesUse() throws Exception {
    Map<PartyId, EcdsaKeyShare> keys = new Run(random).run();
    EcdsaKeyShare k = keys.get(BOB);
    k.close();
    assertTrue(k.isDestroyed());
    for (byte[] a : k.arraysForTest()) {
      assertAllZero(List.of(a));
    }
    assertThrows(IllegalStateException.class, k::publicKey);
    assertThrows(IllegalStateException.class, () -> k.pair(ALICE));
    assertTrue(k.toString().contains("destroyed"));
    keys.values().forEach(SecretHolder::destroy);
  }

  @Test
  void receive_roundOneOfAnotherSession_invalidProofNamingSender() throws Exception {
    EcdsaDkgParticipant alice = EcdsaDkgParticipant.builder().self(ALICE).roster(ROSTER)
        .threshold(2).random(random).sessionContext(new byte[] {2}).build();
    alice.start();
    byte[] bobsOld = EcdsaDkgParticipant.builder().self(BOB).roster(ROSTER).threshold(2)
        .random(random).sessionContext(new byte[] {1}).build().start().messages().get(0)
        .encode();
    ProtocolException e = assertThrows(ProtocolException.class, () -> {
      alice.receive(bobsOld);
      alice.receive(EcdsaDkgParticipant.builder().self(CAROL).roster(ROSTER).threshold(2)
          .random(random).sessionContext(new byte[] {2}).build().start().messages().get(0)
          .encode());
    });
    assertEquals(ErrorCode.MPC_INVALID_PROOF_OF_KNOWLEDGE, e.code());
    assertEquals(List.of(BOB), e.culprits());
  }
}

package dev.mayfly.mpc.ecdsa;

import static dev.mayfly.mpc.ecdsa.EcdsaSigningParticipantTest.MESSAGE;
import static dev.mayfly.mpc.ecdsa.EcdsaSigningParticipantTest.assertCode;
import static dev.mayfly.mpc.ecdsa.EcdsaTestKeys.ALICE;
import static dev.mayfly.mpc.ecdsa.EcdsaTestKeys.BOB;
import static dev.mayfly.mpc.ecdsa.EcdsaTestKeys.CAROL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.PartyId;
import dev.mayfly.common.ProtocolException;
import dev.mayfly.mpc.InProcessEcdsa;
import dev.mayfly.mpc.ProtocolMessage;
import dev.mayfly.mpc.ecdsa.internal.CheatingReceiver;
import dev.mayfly.mpc.ecdsa.internal.Hashes;
import dev.mayfly.mpc.ecdsa.internal.OtExtension;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The key-extraction attack of issue 12, run as the attacker would: Bob, a malicious co-signer,
 * cheats in one column of his OT-extension matrix per session so that Alice's consistency check
 * passes or fails with one bit of her long-lived {@code Delta}. Without poisoning, 128 sessions
 * (sequential or concurrent) reveal {@code Delta}, and one more session Alice's key share. With
 * poisoning, the first failed check ends every later session with Bob, and the attacker learns
 * only the bits it guessed right before that failure.
 */
class KeyExtractionAttackTest {
  private static final int R1_NONCE = 7;
  private static final int R1_U = EcdsaSigningParticipantTest.R1_U;
  private static final int PROBED_ROW = 3;

  private final SecureRandom random = new SecureRandom();

  private enum Outcome { PASSED, CHECK_FAILED, REFUSED }

  private static int bit(byte[] bits, int i) {
    return (bits[i >>> 3] >>> (i & 7)) & 1;
  }

  /** Bob's round-1 message to Alice with column {@code column} probed for {@code guess}. */
  private static byte[] cheat(EcdsaKeyShare bob, byte[] honest, int column, int guess) {
    byte[] nonce = Arrays.copyOfRange(honest, R1_NONCE, R1_NONCE + 32);
    byte[] tweak = Hashes.sha256("ote-session", Hashes.u16(ALICE.value()),
        Hashes.u16(BOB.value()), nonce);
    byte[] u = Arrays.copyOfRange(honest, R1_U, R1_U + OtExtension.U_BYTES);
    byte[] rewritten = CheatingReceiver.probe(bob.pair(ALICE), tweak, u, column, PROBED_ROW,
        guess);
    byte[] out = honest.clone();
    System.arraycopy(rewritten, 0, out, R1_U, rewritten.length);
    return out;
  }

  /** A session Bob opens with Alice, his round-1 message to her already rewritten. */
  private record Probe(EcdsaSigningParticipant alice, byte[] cheated) {}

  private Probe openProbe(EcdsaKeyShare alice, EcdsaKeyShare bob, int column, int guess)
      throws ProtocolException {
    List<PartyId> signers = List.of(ALICE, BOB);
    EcdsaSigningParticipant a = EcdsaSigningParticipant.builder().keyShare(alice)
        .signers(signers).message(MESSAGE).random(random).build();
    a.start();
    EcdsaSigningParticipant b = EcdsaSigningParticipant.builder().keyShare(bob)
        .signers(signers).message(MESSAGE).random(random).build();
    byte[] honest = b.start().messages().get(0).encode();
    b.abandon();
    return new Probe(a, cheat(bob, honest, column, guess));
  }

  /** A fresh 2-of-3 key whose ALICE is the victim and BOB the attacker. */
  private record Victim(InProcessEcdsa keys, EcdsaKeyShare alice, EcdsaKeyShare bob,
      byte[] delta) {}

  private Victim victim() throws ProtocolException {
    InProcessEcdsa keys = InProcessEcdsa.generate(2, 3, random);
    EcdsaKeyShare alice = keys.keyShare(ALICE);
    return new Victim(keys, alice, keys.keyShare(BOB), alice.pair(BOB).delta().clone());
  }

  private static Outcome deliver(Probe p, List<ProtocolException> failures) {
    try {
      List<ProtocolMessage> reply = p.alice().receive(p.cheated()).messages();
      assertFalse(reply.isEmpty(), "a passed check is answered with round 2");
      p.alice().abandon();
      return Outcome.PASSED;
    } catch (ProtocolException e) {
      synchronized (failures) {
        failures.add(e);
      }
      return e.code() == ErrorCode.MPC_OT_CONSISTENCY_FAILED ? Outcome.CHECK_FAILED
          : Outcome.REFUSED;
    }
  }

  @Test
  void probe_isARealOracleOnDelta_rightGuessPassesWrongGuessFails() throws Exception {
    for (int guessRight = 0; guessRight < 2; guessRight++) {
      try (InProcessEcdsa keys = EcdsaTestKeys.freshPair()) {
        EcdsaKeyShare alice = keys.keyShare(ALICE);
        int delta0 = bit(alice.pair(BOB).delta(), 0);
        int guess = guessRight == 1 ? delta0 : 1 - delta0;
        List<ProtocolException> failures = new ArrayList<>();
        Outcome o = deliver(openProbe(alice, keys.keyShare(BOB), 0, guess), failures);
        assertEquals(guessRight == 1 ? Outcome.PASSED : Outcome.CHECK_FAILED, o);
      }
    }
  }

  @Test
  void sequentialProbing_firstFailurePoisonsPair_laterSessionsRefused_deltaNotLearned()
      throws Exception {
    Victim v = victim();
    try (InProcessEcdsa keys = v.keys()) {
      EcdsaKeyShare alice = v.alice();
      EcdsaKeyShare bob = v.bob();
      byte[] delta = v.delta();
      byte[] learned = new byte[16];
      int firstFailure = -1;
      List<ProtocolException> failures = new ArrayList<>();
      for (int c = 0; c < OtExtension.KAPPA; c++) {
        int guess = 0; // the attacker's strategy: guess 0, learn 1 from a failure
        Probe p;
        try {
          p = openProbe(alice, bob, c, guess);
        } catch (ProtocolException refused) {
          assertTrue(firstFailure >= 0, "refused before any failure, at column " + c);
          assertCode(refused, ErrorCode.MPC_ECDSA_PAIR_POISONED, BOB);
          continue;
        }
        Outcome o = deliver(p, failures);
        if (o == Outcome.CHECK_FAILED) {
          assertEquals(-1, firstFailure, "a second check ran after the pair was poisoned");
          firstFailure = c;
          assertCode(failures.get(failures.size() - 1), ErrorCode.MPC_OT_CONSISTENCY_FAILED, BOB);
          learned[c >>> 3] |= (byte) ((1 - guess) << (c & 7));
        } else {
          assertEquals(Outcome.PASSED, o, "column " + c);
          assertEquals(-1, firstFailure, "a session passed after the pair was poisoned");
          learned[c >>> 3] |= (byte) (guess << (c & 7));
        }
      }
      assertTrue(firstFailure >= 0, "Delta is not all zero");
      // What the attacker knows is exactly the prefix up to its first failure.
      for (int c = 0; c <= firstFailure; c++) {
        assertEquals(bit(delta, c), bit(learned, c));
      }
      assertTrue(firstFailure < OtExtension.KAPPA - 1, "the attacker learned Delta");
      // Alice refuses Bob for good; her pair with Carol is untouched.
      EcdsaSigningParticipant again = EcdsaSigningParticipant.builder().keyShare(alice)
          .signers(List.of(ALICE, BOB)).message(MESSAGE).random(random).build();
      assertCode(assertThrows(ProtocolException.class, again::start),
          ErrorCode.MPC_ECDSA_PAIR_POISONED, BOB);
      EcdsaSignature withCarol = keys.sign(MESSAGE, List.of(ALICE, CAROL), random);
      EcdsaSignature.verify(keys.publicKey(), MESSAGE, withCarol.der());
    }
  }

  @Test
  void concurrentProbing_checksSerializedPerPair_exactlyOneFailure_restRefused()
      throws Exception {
    Victim v = victim();
    try (InProcessEcdsa keys = v.keys()) {
      EcdsaKeyShare alice = v.alice();
      EcdsaKeyShare bob = v.bob();
      byte[] delta = v.delta();
      List<Probe> probes = new ArrayList<>();
      for (int c = 0; c < OtExtension.KAPPA; c++) {
        probes.add(openProbe(alice, bob, c, 0)); // all 128 sessions open before any check
      }
      List<ProtocolException> failures = new ArrayList<>();
      ExecutorService pool = Executors.newFixedThreadPool(4);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Outcome>> outcomes = new ArrayList<>();
      try {
        for (Probe p : probes) {
          outcomes.add(pool.submit(() -> {
            go.await();
            return deliver(p, failures);
          }));
        }
        go.countDown();
        int passed = 0;
        int checkFailed = 0;
        int refused = 0;
        for (int c = 0; c < outcomes.size(); c++) {
          Outcome o = outcomes.get(c).get(60, TimeUnit.SECONDS);
          if (o == Outcome.PASSED) {
            passed++;
            assertEquals(0, bit(delta, c), "a pass means the guess 0 was right");
          } else if (o == Outcome.CHECK_FAILED) {
            checkFailed++;
          } else {
            refused++;
          }
        }
        assertEquals(1, checkFailed, "checks of one pair run one at a time; the first failure"
            + " poisons the pair");
        assertEquals(OtExtension.KAPPA, passed + checkFailed + refused);
        // Every check that ran passed before the failure: the attacker learns passed + 1 bits,
        // a geometric number (2^-40 to exceed 40), never Delta.
        assertTrue(passed + 1 <= 40, "learned " + (passed + 1) + " bits");
        for (ProtocolException e : failures) {
          assertEquals(List.of(BOB), e.culprits());
          assertTrue(e.code() == ErrorCode.MPC_OT_CONSISTENCY_FAILED
              || e.code() == ErrorCode.MPC_ECDSA_PAIR_POISONED, e.code().name());
        }
        assertNotNull(alice.pair(BOB));
        assertTrue(alice.pair(BOB).isPoisoned());
      } finally {
        pool.shutdownNow();
      }
    }
  }
}

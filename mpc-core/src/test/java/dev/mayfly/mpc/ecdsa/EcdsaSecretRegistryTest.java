package dev.mayfly.mpc.ecdsa;

import static dev.mayfly.mpc.ecdsa.EcdsaSigningParticipantTest.MESSAGE;
import static dev.mayfly.mpc.ecdsa.EcdsaTestKeys.ALICE;
import static dev.mayfly.mpc.ecdsa.EcdsaTestKeys.BOB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.PartyId;
import dev.mayfly.common.ProtocolException;
import dev.mayfly.common.SecretRegistry;
import dev.mayfly.mpc.InProcessEcdsa;
import dev.mayfly.mpc.ecdsa.internal.PairSetup;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javax.security.auth.Destroyable;
import org.junit.jupiter.api.Test;

/**
 * Every secret holder the ECDSA state machines make is registered when it is made, and is
 * destroyed after a run (but the key shares the caller keeps) and after an abort.
 */
class EcdsaSecretRegistryTest {
  private final SecureRandom random = new SecureRandom();

  /** A registry that records what is registered. */
  static final class Recording implements SecretRegistry {
    final List<Destroyable> holders = new ArrayList<>();

    @Override
    public synchronized <T extends Destroyable> T register(T secret) {
      holders.add(secret);
      return secret;
    }

    synchronized List<Destroyable> alive() {
      return holders.stream().filter(h -> !h.isDestroyed()).toList();
    }

    synchronized Set<String> kinds() {
      Set<String> kinds = new TreeSet<>();
      holders.forEach(h -> kinds.add(h.getClass().getSimpleName()));
      return kinds;
    }
  }

  private static Map<PartyId, SecretRegistry> registries(Map<PartyId, Recording> recs) {
    return new HashMap<>(recs);
  }

  private static Map<PartyId, Recording> recordings() {
    Map<PartyId, Recording> recs = new HashMap<>();
    for (PartyId id : EcdsaDkgParticipantTest.ROSTER) {
      recs.put(id, new Recording());
    }
    return recs;
  }

  @Test
  void dkg_afterRun_onlyTheKeyShareAndItsPairsAlive_thenNothing() throws Exception {
    Map<PartyId, Recording> recs = recordings();
    EcdsaDkgParticipantTest.Run run =
        new EcdsaDkgParticipantTest.Run(random, registries(recs), new byte[] {7, 7});
    Map<PartyId, EcdsaKeyShare> shares = run.run();
    for (Map.Entry<PartyId, Recording> e : recs.entrySet()) {
      Recording rec = e.getValue();
      assertTrue(rec.kinds().containsAll(Set.of("SenderKey", "PeerSecrets",
          "EcdsaDkgShareMessage", "KeyShare", "PairSetup", "EcdsaKeyShare")), rec.kinds()
          .toString());
      for (Destroyable alive : rec.alive()) {
        assertTrue(alive instanceof EcdsaKeyShare || alive instanceof PairSetup,
            "still alive after the run: " + alive);
      }
      shares.get(e.getKey()).destroy();
      assertEquals(List.of(), rec.alive(), "alive after the key share was destroyed");
    }
  }

  @Test
  void dkg_afterAbort_everyRegisteredHolderOfTheAbortingPartyDestroyed() {
    Map<PartyId, Recording> recs = recordings();
    EcdsaDkgParticipantTest.Run run =
        new EcdsaDkgParticipantTest.Run(random, registries(recs), new byte[0]);
    ProtocolException e = assertThrows(ProtocolException.class,
        () -> run.run(EcdsaDkgCommitmentMessage.class, BOB, b -> {
          byte[] c = b.clone();
          c[c.length - 1] ^= 1; // the base-OT key proof's mu
          return c;
        }));
    assertEquals(ErrorCode.MPC_INVALID_PROOF_OF_KNOWLEDGE, e.code());
    assertFalse(recs.get(ALICE).holders.isEmpty());
    assertEquals(List.of(), recs.get(ALICE).alive());
  }

  @Test
  void signing_afterRunAndAfterAbort_everyRegisteredHolderDestroyed() throws Exception {
    InProcessEcdsa keys = EcdsaTestKeys.freshPair();
    List<PartyId> signers = List.of(ALICE, BOB);
    Map<PartyId, Recording> recs = new HashMap<>();
    SigningRun ok = new SigningRun(List.of(), MESSAGE, random);
    for (PartyId id : signers) {
      Recording rec = new Recording();
      recs.put(id, rec);
      ok.machines.put(id, EcdsaSigningParticipant.builder().keyShare(keys.keyShare(id))
          .signers(signers).message(MESSAGE).random(random).secretRegistry(rec).build());
    }
    assertEquals(2, ok.run().size());
    for (Recording rec : recs.values()) {
      assertTrue(rec.kinds().containsAll(Set.of("SessionSecrets", "Receiver")), rec.kinds()
          .toString());
      assertEquals(List.of(), rec.alive());
    }
    Recording aliceRec = new Recording();
    SigningRun bad = new SigningRun(List.of(), MESSAGE, random);
    bad.machines.put(ALICE, EcdsaSigningParticipant.builder().keyShare(keys.keyShare(ALICE))
        .signers(signers).message(MESSAGE).random(random).secretRegistry(aliceRec).build());
    bad.machines.put(BOB, EcdsaSigningParticipant.builder().keyShare(keys.keyShare(BOB))
        .signers(signers).message(MESSAGE).random(random).build());
    assertThrows(ProtocolException.class, () -> bad.run((m, to, b) ->
        m instanceof EcdsaSignRound2Message && to.equals(ALICE)
            ? EcdsaTestKeys.flipScalarBit(b, EcdsaSigningParticipantTest.R2_CHECK_VALUES) : b));
    assertFalse(aliceRec.holders.isEmpty());
    assertEquals(List.of(), aliceRec.alive());
  }
}

package dev.mayfly.mpc.ecdsa;

import static dev.mayfly.mpc.ecdsa.EcdsaSigningParticipantTest.MESSAGE;
import static dev.mayfly.mpc.ecdsa.EcdsaSigningParticipantTest.assertCode;
import static dev.mayfly.mpc.ecdsa.EcdsaTestKeys.ALICE;
import static dev.mayfly.mpc.ecdsa.EcdsaTestKeys.BOB;
import static dev.mayfly.mpc.ecdsa.EcdsaTestKeys.CAROL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.PartyId;
import dev.mayfly.common.ProtocolException;
import dev.mayfly.mpc.InProcessEcdsa;
import dev.mayfly.mpc.ProtocolMessage;
import dev.mayfly.mpc.ecdsa.internal.Hashes;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A signer that shows different round-1 commitments, instance points and public key shares to
 * different signers, each pair's checks passing (it runs one honest machine per victim). The
 * round-3 broadcast (which the ceremony echoes, so everyone sees the same bytes) carries every
 * signer's view digests: every victim whose view differs from the equivocator's claim names it.
 */
class EcdsaEquivocationAttackTest {
  private final SecureRandom random = new SecureRandom();

  /** Messages of one run, keyed "from-to-round". */
  private final Map<String, byte[]> sent = new HashMap<>();

  private static String key(PartyId from, PartyId to, int round) {
    return from.value() + "-" + to.value() + "-" + round;
  }

  private static int round(ProtocolMessage m) {
    return m instanceof EcdsaSignRound1Message ? 1 : m instanceof EcdsaSignRound2Message ? 2 : 3;
  }

  private static byte[] view(PartyId k, byte[] commitment, byte[] r2FromK) throws Exception {
    EcdsaSignRound2Message m = EcdsaSignRound2Message.parse(r2FromK);
    return Hashes.sha256("signer-view", Hashes.u16(k.value()), commitment,
        m.instancePoint().encode(), m.publicShare().encode());
  }

  private static byte[] commitmentIn(byte[] r1) throws Exception {
    return EcdsaSignRound1Message.parse(r1).commitment();
  }

  /** Outcome of each honest victim: its exception, or null if it completed. */
  private Map<PartyId, ProtocolException> run(boolean claimNeitherView) throws Exception {
    try (InProcessEcdsa keys = InProcessEcdsa.generate(2, 3, random)) {
      List<PartyId> signers = List.of(ALICE, BOB, CAROL);
      Map<PartyId, EcdsaSigningParticipant> honest = new HashMap<>();
      for (PartyId p : List.of(ALICE, CAROL)) {
        honest.put(p, EcdsaSigningParticipant.builder().keyShare(keys.keyShare(p))
            .signers(signers).message(MESSAGE).random(random).build());
      }
      // Bob runs one machine towards Alice and another towards Carol.
      // (Each machine on its own copy of Bob's key share: one share refuses a peer's nonce twice.)
      Map<PartyId, EcdsaSigningParticipant> bobFor = new HashMap<>();
      for (PartyId victim : List.of(ALICE, CAROL)) {
        bobFor.put(victim, EcdsaSigningParticipant.builder().keyShare(copyOf(keys.keyShare(BOB)))
            .signers(signers).message(MESSAGE).random(random).build());
      }
      List<ProtocolMessage> queue = new ArrayList<>();
      for (PartyId p : List.of(ALICE, CAROL)) {
        queue.addAll(honest.get(p).start().messages());
      }
      for (PartyId victim : List.of(ALICE, CAROL)) {
        for (ProtocolMessage m : bobFor.get(victim).start().messages()) {
          if (m.recipient().orElseThrow().equals(victim)) {
            queue.add(m);
          }
        }
      }
      Map<PartyId, ProtocolException> outcome = new HashMap<>();
      List<ProtocolMessage> round3 = new ArrayList<>();
      while (!queue.isEmpty()) {
        ProtocolMessage m = queue.remove(0);
        byte[] bytes = m.encode();
        if (m.recipient().isPresent()) {
          PartyId to = m.recipient().get();
          sent.put(key(m.sender(), to, round(m)), bytes);
          if (to.equals(BOB)) {
            // Round 1 reaches both of Bob's machines, round 2 only the sender's; each machine's
            // messages go only to its own victim.
            for (PartyId victim : List.of(ALICE, CAROL)) {
              if (round(m) != 1 && !victim.equals(m.sender())) {
                continue;
              }
              try {
                for (ProtocolMessage a : bobFor.get(victim).receive(bytes).messages()) {
                  if (a.recipient().map(victim::equals).orElse(false)) {
                    queue.add(a);
                  }
                }
              } catch (ProtocolException | IllegalStateException ignored) {
                // A Bob machine that cannot go on does not matter: Bob crafts round 3 himself.
              }
            }
            continue;
          }
          deliver(honest, outcome, to, bytes, queue, round3);
        } else {
          round3.add(m);
          for (PartyId to : List.of(ALICE, CAROL)) {
            if (!to.equals(m.sender())) {
              deliver(honest, outcome, to, bytes, queue, round3);
            }
          }
        }
      }
      // Bob's round 3, one message broadcast to both (the ceremony's echo would refuse two).
      byte[] claimAlice = view(ALICE, commitmentIn(sent.get(key(ALICE, BOB, 1))),
          sent.get(key(ALICE, BOB, 2)));
      byte[] claimCarol = view(CAROL, commitmentIn(sent.get(key(CAROL, BOB, 1))),
          sent.get(key(CAROL, BOB, 2)));
      byte[] claimBob = view(BOB, commitmentIn(sent.get(key(BOB, ALICE, 1))),
          sent.get(key(BOB, ALICE, 2))); // what Alice saw
      if (claimNeitherView) {
        claimBob = Hashes.sha256("something else");
      }
      byte[] views = new byte[96];
      System.arraycopy(claimAlice, 0, views, 0, 32);
      System.arraycopy(claimBob, 0, views, 32, 32);
      System.arraycopy(claimCarol, 0, views, 64, 32);
      byte[] bob3 = new EcdsaSignRound3Message(BOB, new byte[32], new byte[32], views).encode();
      for (PartyId to : List.of(ALICE, CAROL)) {
        deliver(honest, outcome, to, bob3, new ArrayList<>(), round3);
      }
      return outcome;
    }
  }

  private static EcdsaKeyShare copyOf(EcdsaKeyShare k) {
    java.util.SortedMap<PartyId, dev.mayfly.mpc.ecdsa.internal.PairSetup> pairs =
        new java.util.TreeMap<>();
    for (PartyId peer : k.publicKey().participants()) {
      if (!peer.equals(k.id())) {
        var p = k.pair(peer);
        pairs.put(peer, new dev.mayfly.mpc.ecdsa.internal.PairSetup(peer, p.delta().clone(),
            p.senderSeeds().clone(), p.receiverSeeds0().clone(), p.receiverSeeds1().clone(),
            p.zeroSeed().clone()));
      }
    }
    return new EcdsaKeyShare(k.id(), k.shareBytes().clone(), k.publicKey(), pairs);
  }

  private static void deliver(Map<PartyId, EcdsaSigningParticipant> honest,
      Map<PartyId, ProtocolException> outcome, PartyId to, byte[] bytes,
      List<ProtocolMessage> queue, List<ProtocolMessage> round3) {
    if (outcome.containsKey(to)) {
      return;
    }
    try {
      var step = honest.get(to).receive(bytes);
      queue.addAll(step.messages());
      assertTrue(step.result().isEmpty(), to + " produced a signature");
    } catch (ProtocolException e) {
      outcome.put(to, e);
    }
  }

  @Test
  void equivocatingSigner_claimMatchesAlice_carolNamesBob_aliceSeesOnlyADispute()
      throws Exception {
    Map<PartyId, ProtocolException> outcome = run(false);
    assertEquals(2, outcome.size(), "both victims abort: " + outcome);
    assertCode(outcome.get(CAROL), ErrorCode.MPC_ECDSA_EQUIVOCATION, BOB);
    // Alice saw exactly what Bob claims; she sees Carol and Bob disagree and cannot tell who lies.
    assertCode(outcome.get(ALICE), ErrorCode.MPC_ECDSA_EQUIVOCATION);
  }

  @Test
  void equivocatingSigner_claimMatchesNoVictim_bothNameBob() throws Exception {
    Map<PartyId, ProtocolException> outcome = run(true);
    assertCode(outcome.get(ALICE), ErrorCode.MPC_ECDSA_EQUIVOCATION, BOB);
    assertCode(outcome.get(CAROL), ErrorCode.MPC_ECDSA_EQUIVOCATION, BOB);
  }

  @Test
  void roundThreeViewOfRecipient_misreported_recipientNamesSender() throws Exception {
    SigningRun run = new SigningRun(List.of(EcdsaTestKeys.twoOfThree().keyShare(ALICE),
        EcdsaTestKeys.twoOfThree().keyShare(BOB)), MESSAGE, random);
    // Round 3 layout: header 5, u 32, w 32, count 2, then the views (Alice's first).
    ProtocolException e = assertThrows(ProtocolException.class, () -> run.run((m, to, b) -> {
      if (m instanceof EcdsaSignRound3Message && m.sender().equals(BOB)) {
        byte[] c = b.clone();
        c[71] ^= 1;
        return c;
      }
      return b;
    }));
    assertCode(e, ErrorCode.MPC_ECDSA_EQUIVOCATION, BOB);
  }
}

package dev.mayfly.ceremony;

import static dev.mayfly.ceremony.ReviewAttackTest.ABORT;
import static dev.mayfly.ceremony.ReviewAttackTest.DKG_1;
import static dev.mayfly.ceremony.ReviewAttackTest.HELLO;
import static dev.mayfly.ceremony.ReviewAttackTest.ONE;
import static dev.mayfly.ceremony.ReviewAttackTest.THREE;
import static dev.mayfly.ceremony.ReviewAttackTest.TWO;
import static dev.mayfly.ceremony.ReviewAttackTest.assertHonestAgreeAndUnblamed;
import static dev.mayfly.ceremony.ReviewAttackTest.describe;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mayfly.ceremony.internal.Messages;
import dev.mayfly.cert.mint.GroupKeyAlgorithm;
import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.PartyId;
import dev.mayfly.common.bytes.ByteWriter;
import dev.mayfly.simulation.ceremony.LocalCeremony;
import dev.mayfly.snp.evidence.Evidence;
import dev.mayfly.transport.Envelope;
import dev.mayfly.transport.IdentityKeyPair;
import dev.mayfly.transport.RoundTag;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Issue 10 review: attacks the ceremony withstood (each test passes). Kept as regression tests of
 * the defences; see {@link ReviewAttackTest} for the ones that broke a promise.
 */
class ReviewDefenceTest {
  private static final RoundTag HELLO_ECHO = RoundTag.of("hello-echo", 1);
  private static final RoundTag DKG_ECHO = RoundTag.of("dkg-echo", 1);

  private static Messages.WireComplaint proof(ErrorCode code, PartyId culprit, RoundTag round,
      Envelope... evidence) {
    List<byte[]> encoded = new ArrayList<>();
    for (Envelope e : evidence) {
      encoded.add(e.encode());
    }
    return new Messages.WireComplaint(1, code.name(), List.of(culprit), round, encoded, "claim");
  }

  /**
   * A malicious party, once the DKG round is echoed, announces an abort full of "proofs" against
   * the honest parties, built from envelopes they really signed: every kind the record checks by
   * itself (wrong shape, wrong round, wrong session, policy hash, replayed sequence, malformed
   * echo, equivocation across two rounds, equivocation with a forged copy) and claims of public
   * checks nobody found. None counts; nobody honest is named.
   */
  @Test
  void bogusProofsBuiltFromHonestEnvelopes_areNotCounted() throws Exception {
    RogueHarness.Outcome outcome = RogueHarness.builder()
        .outbound((envelope, to, ctx) -> {
          if (!envelope.tag().phase().equals("abort")) {
            ctx.deliver(to, envelope);
          }
        })
        .script(ctx -> {
          Envelope hello1 = first(ctx, HELLO, ONE);
          Envelope hello2 = first(ctx, HELLO, TWO);
          Envelope helloEcho1 = first(ctx, HELLO_ECHO, ONE);
          Envelope dkg1 = first(ctx, DKG_1, ONE);
          Envelope dkg2 = first(ctx, DKG_1, TWO);
          first(ctx, DKG_ECHO, ONE);
          byte[] flipped = dkg2.payload();
          flipped[flipped.length - 1] ^= 1;
          Envelope forged = dkg2.toBuilder().payload(flipped).sign(ctx.key());
          List<Messages.WireComplaint> claims = List.of(
              proof(ErrorCode.TRANSPORT_WRONG_SHAPE, ONE, DKG_1, dkg1),
              proof(ErrorCode.TRANSPORT_WRONG_ROUND, ONE, HELLO, hello1),
              proof(ErrorCode.TRANSPORT_WRONG_SESSION, ONE, DKG_1, dkg1),
              proof(ErrorCode.TRANSPORT_POLICY_HASH_MISMATCH, ONE, HELLO, hello1),
              proof(ErrorCode.TRANSPORT_REPLAYED_SEQUENCE, ONE, DKG_1, hello1, dkg1),
              proof(ErrorCode.TRANSPORT_MALFORMED_ENVELOPE, ONE, HELLO_ECHO, helloEcho1),
              proof(ErrorCode.TRANSPORT_EQUIVOCATION, ONE, DKG_1, hello1, dkg1),
              proof(ErrorCode.TRANSPORT_EQUIVOCATION, TWO, DKG_1, dkg2, forged),
              proof(ErrorCode.MPC_INVALID_PROOF_OF_KNOWLEDGE, ONE, DKG_1, dkg1),
              proof(ErrorCode.CEREMONY_MESSAGE_MISMATCH, TWO, RoundTag.of("sign", 1), dkg2),
              proof(ErrorCode.CEREMONY_DUPLICATE_CHIP, ONE, HELLO, hello1, hello2),
              proof(ErrorCode.CEREMONY_RECEIPT_INVALID, TWO, RoundTag.of("done", 1), dkg2),
              proof(ErrorCode.CEREMONY_MALFORMED_MESSAGE, TWO, DKG_1, dkg2));
          Envelope announcement = ctx.envelope(ABORT).payload(Messages.announcement(
              new Messages.Announcement(ctx.ownHello().encode(), "DKG", DKG_1, claims,
                  List.of()))).sign(ctx.key());
          ctx.deliver(ONE, announcement);
          ctx.deliver(TWO, announcement);
        })
        .run();
    assertHonestAgreeAndUnblamed(outcome);
    for (PartyId party : outcome.honest()) {
      assertTrue(outcome.record(party).culprits().isEmpty(), outcome::toString);
    }
  }

  private static Envelope first(RogueHarness.Ctx ctx, RoundTag tag, PartyId sender) {
    return RogueHarness.Ctx.await(() -> ctx.receivedWhere(e -> e.tag().equals(tag)
        && e.sender().equals(sender)).stream().findFirst(), Duration.ofSeconds(10)).orElseThrow();
  }

  /**
   * A relay replays, at the start of a new session, every envelope of an earlier session that
   * aborted (hellos, rounds, echoes, announcements and relays, some the same parties' of the
   * same slots): all junk, dropped and counted; the new session signs.
   */
  @Test
  void replayOfAnAbortedEarlierSession_isJunk() throws Exception {
    RogueHarness.Outcome earlier = RogueHarness.builder()
        .tamper((tag, payload) -> tag.equals(DKG_1) ? new byte[] {1, 2, 0} : payload).run();
    List<Envelope> old = new ArrayList<>(earlier.ctx.received);
    old.addAll(earlier.ctx.sent);
    assertTrue(old.stream().anyMatch(e -> e.tag().equals(ABORT)), earlier::toString);
    RogueHarness.Outcome outcome = RogueHarness.builder()
        .outbound((envelope, to, ctx) -> {
          if (envelope.tag().equals(HELLO)) {
            for (Envelope e : old) {
              ctx.network.inject(e.sender().equals(to) ? THREE : e.sender(), to, e.encode());
            }
          }
          ctx.deliver(to, envelope);
        })
        .run();
    assertTrue(outcome.aborts.isEmpty() && outcome.unexpected.isEmpty(), outcome::toString);
    for (PartyId party : List.of(ONE, TWO)) {
      assertTrue(outcome.results.get(party).droppedFrames() > 0, outcome::toString);
    }
  }

  /**
   * A relay with no keys sends, ahead of party 3's real hello, 120 hellos in party 3's name whose
   * evidence is the real evidence mutated (bit flips in the report and in each certificate,
   * truncations, shuffled, missing, duplicated and extra certificates, an empty report), each
   * signed by the relay's own key: nothing escapes, all are junk, the session signs.
   */
  @Test
  void forgedHellosWithMutatedEvidence_areJunkAndNothingEscapes() throws Exception {
    SplittableRandom random = new SplittableRandom(10);
    RogueHarness.Outcome outcome = RogueHarness.builder()
        .outbound((envelope, to, ctx) -> {
          if (envelope.tag().equals(HELLO)) {
            Messages.Hello real = Messages.parseHello(envelope.payload());
            try (IdentityKeyPair relay = IdentityKeyPair.generate(new SecureRandom())) {
              for (int i = 0; i < 120; i++) {
                Evidence mutated = mutate(real.evidence(), random, i);
                Envelope forged = Envelope.builder().sessionId(ctx.proposal.sessionId())
                    .tag(HELLO).sender(THREE).broadcast().sequence(0)
                    .policyHash(ctx.proposal.teePolicyHash())
                    .payload(Messages.hello(new Messages.Hello(real.proposalHash(),
                        i % 2 == 0 ? relay.publicKey().encoded() : real.identityKey(),
                        real.hpkeKey(), mutated)))
                    .sign(relay);
                ctx.network.inject(THREE, to, forged.encode());
              }
            }
          }
          ctx.deliver(to, envelope);
        })
        .run();
    assertTrue(outcome.aborts.isEmpty() && outcome.unexpected.isEmpty(), outcome::toString);
    for (PartyId party : List.of(ONE, TWO)) {
      assertTrue(outcome.results.get(party).droppedFrames() >= 120, outcome::toString);
    }
  }

  private static Evidence mutate(Evidence real, SplittableRandom random, int i) {
    byte[] report = real.reportBytes();
    List<byte[]> chain = new ArrayList<>(real.certificateChain());
    switch (i % 8) {
      case 0 -> report[random.nextInt(report.length)] ^= (byte) (1 << random.nextInt(8));
      case 1 -> {
        int which = random.nextInt(chain.size());
        byte[] cert = chain.get(which).clone();
        cert[random.nextInt(cert.length)] ^= (byte) (1 << random.nextInt(8));
        chain.set(which, cert);
      }
      case 2 -> {
        int which = random.nextInt(chain.size());
        byte[] cert = chain.get(which);
        chain.set(which, java.util.Arrays.copyOf(cert, random.nextInt(cert.length)));
      }
      case 3 -> java.util.Collections.reverse(chain);
      case 4 -> chain = List.of(chain.get(0));
      case 5 -> chain = List.of(chain.get(0), chain.get(0), chain.get(0));
      case 6 -> report = java.util.Arrays.copyOf(report, random.nextInt(report.length));
      default -> {
        byte[] junk = new byte[64 + random.nextInt(2000)];
        junk[0] = 0x30;
        junk[1] = (byte) 0x82;
        chain.set(random.nextInt(chain.size()), junk);
      }
    }
    if (report.length == 0) {
      report = new byte[] {0};
    }
    return Evidence.of(report, chain);
  }

  /**
   * After the hello round, a malicious party stops the session (it claims not to have heard from
   * party 1 in dkg/1) and announces a complaint accusing 255 parties and evidence that is not an
   * envelope: its announcement does not decode, and every honest party proves that against it
   * alone. (Before every party confirmed the same hellos, the same announcement is only reported:
   * see {@link #announcementWithAbsurdCounts_beforeKeysAgree_isNotAProof}.)
   */
  @Test
  void announcementWithAbsurdCounts_isProvenAgainstItsAuthorAlone() throws Exception {
    LocalCeremony.Outcome outcome = ReviewAttackTest.ceremony()
        .faults("drop:1@dkg:1;to=3")
        .tamper(THREE, (tag, payload) -> tag.equals(ABORT) ? absurd(payload) : payload)
        .build().run();
    assertHonestAgreeAndUnblamed(outcome);
    assertEquals(List.of(THREE), outcome.aborts().get(ONE).record().culprits(),
        () -> describe(outcome));
  }

  /** The absurd announcement in the hello round: no proof, since no key is agreed yet. */
  @Test
  void announcementWithAbsurdCounts_beforeKeysAgree_isNotAProof() throws Exception {
    LocalCeremony.Outcome outcome = ReviewAttackTest.ceremony()
        .partyClock(THREE, Clock.offset(Clock.systemUTC(), Duration.ofMinutes(5)))
        .tamper(THREE, (tag, payload) -> tag.equals(ABORT) ? absurd(payload) : payload)
        .build().run();
    assertHonestAgreeAndUnblamed(outcome);
    outcome.aborts().forEach((party, abort) -> assertEquals(List.of(),
        abort.record().culprits(), () -> describe(outcome)));
  }

  private static byte[] absurd(byte[] payload) {
    try {
      Messages.Announcement a = Messages.parseAnnouncement(payload);
      List<Messages.WireComplaint> many = new ArrayList<>();
      List<PartyId> everyone = new ArrayList<>();
      for (int i = 1; i <= 255; i++) {
        everyone.add(PartyId.of(i));
      }
      many.add(new Messages.WireComplaint(2, "CEREMONY_CLOCK_SKEW", everyone, null, List.of(),
          "x"));
      many.add(new Messages.WireComplaint(1, "TRANSPORT_EQUIVOCATION", List.of(ONE), DKG_1,
          List.of(new byte[] {1, 2, 3}), "not an envelope"));
      for (int i = 0; i < 15; i++) {
        many.add(new Messages.WireComplaint(2, "TRANSPORT_TIMEOUT", List.of(ONE), DKG_1,
            List.of(), "x"));
      }
      return Messages.announcement(new Messages.Announcement(a.helloEnvelope(), a.phaseName(),
          a.round(), many, a.recent()));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * A malicious party sends a malformed dkg echo to party 1 only (and nothing to party 2):
   * party 1's proof is self-contained (the signed echo), so party 2, stopped by party 1's
   * announcement while still waiting, proves it too. Both name only the malicious party. (The
   * same in the hello round names nobody: the hello echo is what shows the keys agreed.)
   */
  @Test
  void malformedEchoToOnePartyOnly_isProvenByBoth() throws Exception {
    LocalCeremony.Outcome outcome = ReviewAttackTest.ceremony()
        .faults("drop:3@dkg-echo:1;to=2")
        .tamper(THREE, (tag, payload) -> tag.equals(DKG_ECHO) ? new byte[] {1, 0} : payload)
        .build().run();
    assertHonestAgreeAndUnblamed(outcome);
    assertEquals(List.of(THREE), outcome.aborts().get(TWO).record().culprits(),
        () -> describe(outcome));
  }

  /**
   * ECDSA: a signer's DKLs23 round 3 (sign/4, broadcast) is well framed, names its sender, and
   * carries garbage: the other signer's machine refuses it (its report); nothing escapes, nobody
   * is named.
   */
  @Test
  void ecdsaGarbageRoundThree_isTheOtherSignersReport() throws Exception {
    LocalCeremony.Outcome outcome = ReviewAttackTest.ceremony()
        .algorithm(GroupKeyAlgorithm.ECDSA_P256).phaseTimeout(Duration.ofSeconds(15))
        .tamper(TWO, (tag, payload) -> tag.equals(RoundTag.of("sign", 4)) ? garbageRound3()
            : payload)
        .build().run();
    assertHonestAgreeAndUnblamed(outcome);
    assertTrue(outcome.aborts().get(ONE).record().culprits().isEmpty(), () -> describe(outcome));
  }

  private static byte[] garbageRound3() {
    byte[] message = new ByteWriter(16).u8(1).u8(10).u8(3).u16(2).u8(0xff).toByteArray();
    return Messages.opaque(Messages.TYPE_PROTOCOL, Messages.list(List.of(message, message)));
  }

  /**
   * A relay floods each party, before the hello round, with junk: 3 frames of 16 MiB, 500 frames
   * of random bytes, 64 copies of a forged abort announcement per claimed sender, and envelopes
   * claiming the receiver or party 0 as their sender. Everything is junk: the session signs or,
   * when the flood costs the honest parties their hello deadline on a loaded machine, aborts
   * with a timeout that names nobody (all a relay may cause).
   */
  @Test
  void relayFloodOfJunkAndOversizedFrames_isDroppedAndItSigns() throws Exception {
    SplittableRandom random = new SplittableRandom(3);
    LocalCeremony.Outcome outcome = ReviewAttackTest.ceremony().phaseTimeout(Duration.ofSeconds(6))
        .onStart((network, proposal) -> {
          try (IdentityKeyPair relay = IdentityKeyPair.generate(new SecureRandom())) {
            for (PartyId victim : List.of(ONE, TWO, THREE)) {
              for (int i = 0; i < 3; i++) {
                network.inject(ONE, victim, new byte[16 << 20]);
              }
              for (int i = 0; i < 500; i++) {
                byte[] junk = new byte[random.nextInt(400)];
                random.nextBytes(junk);
                network.inject(TWO, victim, junk);
              }
              for (PartyId claimed : List.of(ONE, TWO, THREE)) {
                for (int i = 0; i < 64; i++) {
                  network.inject(claimed, victim, Envelope.builder()
                      .sessionId(proposal.sessionId()).tag(ABORT).sender(claimed).broadcast()
                      .sequence(i).policyHash(proposal.teePolicyHash())
                      .payload(new byte[] {1, 7, 0, 0, 0, 0}).sign(relay).encode());
                }
              }
            }
          }
        }).build().run();
    if (!outcome.succeeded()) {
      assertHonestAgreeAndUnblamed(outcome);
      assertTrue(outcome.aborts().get(ONE).record().culprits().isEmpty(), () -> describe(outcome));
    }
  }
  /**
   * A malicious party relays a doctored copy of party 1's announcement (one payload byte changed,
   * so party 1's signature no longer holds) and claims, in its own announcement, that party 1
   * signed envelopes of another session (and equivocated), shown by envelopes party 1 really
   * signed in an earlier session, under that session's keys: none counts; party 1 is not named.
   */
  @Test
  void doctoredRelayAndEvidenceFromAnotherSession_areNotCounted() throws Exception {
    RogueHarness.Outcome earlier = RogueHarness.builder().run();
    List<Envelope> fromOne = earlier.ctx.received.stream()
        .filter(e -> e.sender().equals(ONE) && e.isBroadcast()).toList();
    assertTrue(fromOne.size() >= 2, earlier::toString);
    RogueHarness.Outcome outcome = RogueHarness.builder()
        .tamper((tag, payload) -> {
          if (tag.equals(ReviewAttackTest.RELAY)) {
            try {
              Messages.Relay relay = Messages.parseRelay(payload);
              byte[] inner = relay.relayedEnvelope();
              inner[inner.length - 100] ^= 1;
              return Messages.relay(new Messages.Relay(relay.helloEnvelope(), inner,
                  relay.authorHelloEnvelope()));
            } catch (Exception e) {
              throw new IllegalStateException(e);
            }
          }
          if (tag.equals(ABORT)) {
            List<Messages.WireComplaint> claims = new ArrayList<>();
            for (Envelope old : fromOne) {
              claims.add(new Messages.WireComplaint(1, ErrorCode.TRANSPORT_WRONG_SESSION.name(),
                  List.of(ONE), old.tag(), List.of(old.encode()), "old session"));
            }
            claims.add(new Messages.WireComplaint(1, ErrorCode.TRANSPORT_EQUIVOCATION.name(),
                List.of(ONE), HELLO, List.of(fromOne.get(0).encode(), fromOne.get(1).encode()),
                "old session"));
            return ReviewAttackTest.withComplaints(payload,
                claims.subList(Math.max(0, claims.size() - 12), claims.size()));
          }
          return tag.equals(DKG_1) ? new byte[] {1, 2, 0} : payload;
        })
        .run();
    assertHonestAgreeAndUnblamed(outcome);
    for (PartyId party : outcome.honest()) {
      assertEquals(List.of(THREE), outcome.record(party).culprits(), outcome::toString);
    }
  }
}

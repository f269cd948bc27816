package dev.mayfly.mpc.sign;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.PartyId;
import dev.mayfly.common.ProtocolException;
import dev.mayfly.mpc.InProcessFrost;
import dev.mayfly.mpc.ProtocolMessage;
import dev.mayfly.mpc.Step;
import dev.mayfly.mpc.ciphersuite.Ciphersuite;
import dev.mayfly.mpc.ciphersuite.internal.SuiteMath;
import dev.mayfly.mpc.keygen.KeyShare;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Signing: honest sessions, identifiable aborts with their codes and culprits, nonce hygiene. */
class SigningParticipantTest {
  static final PartyId ALICE = PartyId.of(1);
  static final PartyId BOB = PartyId.of(2);
  static final PartyId CAROL = PartyId.of(3);
  static final byte[] MESSAGE = "artifact digest".getBytes(StandardCharsets.UTF_8);
  static final SecureRandom RANDOM = new SecureRandom(new byte[] {7});

  static InProcessFrost ed25519;
  static InProcessFrost p256;

  @BeforeAll
  static void keys() throws Exception {
    ed25519 = InProcessFrost.generate(Ciphersuite.ed25519Sha512(), 2, 3, RANDOM);
    p256 = InProcessFrost.generate(Ciphersuite.p256Sha256(), 2, 3, RANDOM);
  }

  @AfterAll
  static void close() {
    ed25519.close();
    p256.close();
  }

  static List<Ciphersuite> keySets() {
    return Ciphersuite.all();
  }

  /** The key set of a suite (passed by suite: JUnit closes AutoCloseable arguments). */
  static InProcessFrost keysFor(Ciphersuite suite) {
    return suite == Ciphersuite.ed25519Sha512() ? ed25519 : p256;
  }

  static SigningParticipant participant(InProcessFrost keys, PartyId id, List<PartyId> signers,
      boolean aggregate) {
    return SigningParticipant.builder().keyShare(keys.keyShare(id)).signers(signers)
        .message(MESSAGE).random(RANDOM).aggregate(aggregate).build();
  }

  @ParameterizedTest
  @MethodSource("keySets")
  void sign_everySignerAggregates_allGetTheSameVerifiedSignature(Ciphersuite suite)
      throws Exception {
    InProcessFrost keys = keysFor(suite);
    List<PartyId> signers = List.of(ALICE, BOB, CAROL);
    Map<PartyId, SigningParticipant> machines = new LinkedHashMap<>();
    List<ProtocolMessage> queue = new ArrayList<>();
    for (PartyId id : signers) {
      machines.put(id, participant(keys, id, signers, true));
    }
    for (SigningParticipant p : machines.values()) {
      queue.addAll(p.start().messages());
    }
    Map<PartyId, FrostSignature> results = new LinkedHashMap<>();
    while (!queue.isEmpty()) {
      ProtocolMessage m = queue.remove(0);
      for (SigningParticipant p : machines.values()) {
        if (!p.id().equals(m.sender())) {
          Step<FrostSignature> step = p.receive(m.encode());
          queue.addAll(step.messages());
          step.result().ifPresent(s -> results.put(p.id(), s));
        }
      }
    }
    assertEquals(3, results.size());
    byte[] sig = results.get(ALICE).bytes();
    for (FrostSignature s : results.values()) {
      assertArrayEquals(sig, s.bytes());
    }
    FrostSignature.verify(keys.publicKeyPackage(), MESSAGE, sig);
  }

  /** Runs Alice (aggregator) and Bob; Bob's share bytes pass through {@code tamper}. */
  static ProtocolException abortWithTamperedShare(InProcessFrost keys,
      java.util.function.UnaryOperator<byte[]> tamper) throws Exception {
    List<PartyId> signers = List.of(ALICE, BOB);
    SigningParticipant alice = participant(keys, ALICE, signers, true);
    SigningParticipant bob = participant(keys, BOB, signers, false);
    byte[] aliceCommit = alice.start().messages().get(0).encode();
    byte[] bobCommit = bob.start().messages().get(0).encode();
    Step<FrostSignature> bobStep = bob.receive(aliceCommit);
    assertTrue(bobStep.isComplete());
    assertFalse(bobStep.result().isPresent());
    alice.receive(bobCommit);
    byte[] share = tamper.apply(bobStep.messages().get(0).encode());
    return assertThrows(ProtocolException.class, () -> alice.receive(share));
  }

  @ParameterizedTest
  @MethodSource("keySets")
  void aggregate_corruptedShare_blamesSender(Ciphersuite suite) throws Exception {
    InProcessFrost keys = keysFor(suite);
    boolean littleEndian = keys.publicKeyPackage().ciphersuite() == Ciphersuite.ed25519Sha512();
    ProtocolException e = abortWithTamperedShare(keys, b -> {
      byte[] c = b.clone();
      c[littleEndian ? c.length - 32 : c.length - 1] ^= 1;
      return c;
    });
    assertEquals(ErrorCode.MPC_INVALID_SIGNATURE_SHARE, e.code());
    assertEquals(List.of(BOB), e.culprits());
  }

  @ParameterizedTest
  @MethodSource("keySets")
  void receive_shareAboveOrder_blamesSender(Ciphersuite suite) throws Exception {
    InProcessFrost keys = keysFor(suite);
    SuiteMath math = SuiteMath.of(keys.publicKeyPackage().ciphersuite());
    byte[] order = math.scalars().encode(math.scalars().orderLimbs());
    ProtocolException e = abortWithTamperedShare(keys, b -> {
      byte[] c = b.clone();
      System.arraycopy(order, 0, c, c.length - 32, 32);
      return c;
    });
    assertEquals(ErrorCode.MPC_INVALID_SCALAR, e.code());
    assertEquals(List.of(BOB), e.culprits());
  }

  @Test
  void aggregator_corruptedShareAmongThree_blamesOnlyTheCulprit() throws Exception {
    List<PartyId> signers = List.of(ALICE, BOB, CAROL);
    Map<PartyId, SigningNonces> nonces = new LinkedHashMap<>();
    List<SigningCommitments> commitments = new ArrayList<>();
    for (PartyId id : signers) {
      SigningNonces n = Round1.commit(ed25519.keyShare(id), RANDOM);
      nonces.put(id, n);
      commitments.add(n.commitments());
    }
    SigningPackage pkg = SigningPackage.create(MESSAGE, commitments);
    List<SignatureShare> shares = new ArrayList<>();
    for (PartyId id : signers) {
      SignatureShare s = Round2.sign(ed25519.keyShare(id), nonces.get(id), pkg);
      if (id.equals(CAROL)) {
        byte[] z = s.share();
        z[0] ^= 4;
        s = new SignatureShare(s.ciphersuite(), CAROL, z);
      }
      shares.add(s);
    }
    ProtocolException e = assertThrows(ProtocolException.class,
        () -> Aggregator.aggregate(pkg, shares, ed25519.publicKeyPackage()));
    assertEquals(ErrorCode.MPC_INVALID_SIGNATURE_SHARE, e.code());
    assertEquals(List.of(CAROL), e.culprits());
  }

  @ParameterizedTest
  @MethodSource("keySets")
  void sign_reusedNonces_throwsNonceReused(Ciphersuite suite) throws Exception {
    InProcessFrost keys = keysFor(suite);
    KeyShare alice = keys.keyShare(ALICE);
    SigningNonces a = Round1.commit(alice, RANDOM);
    SigningNonces b = Round1.commit(keys.keyShare(BOB), RANDOM);
    SigningPackage pkg = SigningPackage.create(MESSAGE, List.of(a.commitments(), b.commitments()));
    Round2.sign(alice, a, pkg);
    assertTrue(a.isDestroyed());
    assertArrayEquals(new int[8], a.hiding());
    assertArrayEquals(new int[8], a.binding());
    ProtocolException e = assertThrows(ProtocolException.class, () -> Round2.sign(alice, a, pkg));
    assertEquals(ErrorCode.MPC_NONCE_REUSED, e.code());
    assertEquals(List.of(ALICE), e.culprits());
  }

  @Test
  void sign_packageWithoutOwnCommitment_throwsInvalidSigningPackage() throws Exception {
    SigningNonces a = Round1.commit(ed25519.keyShare(ALICE), RANDOM);
    SigningNonces b = Round1.commit(ed25519.keyShare(BOB), RANDOM);
    SigningNonces c = Round1.commit(ed25519.keyShare(CAROL), RANDOM);
    SigningPackage pkg = SigningPackage.create(MESSAGE, List.of(b.commitments(), c.commitments()));
    ProtocolException e = assertThrows(ProtocolException.class,
        () -> Round2.sign(ed25519.keyShare(ALICE), a, pkg));
    assertEquals(ErrorCode.MPC_INVALID_SIGNING_PACKAGE, e.code());
    assertEquals(List.of(), e.culprits());
    assertTrue(a.isDestroyed(), "nonces are destroyed even when signing refuses");
  }

  @Test
  void sign_packageBelowThreshold_throwsInvalidSigningPackage() throws Exception {
    SigningNonces a = Round1.commit(ed25519.keyShare(ALICE), RANDOM);
    SigningPackage pkg = SigningPackage.create(MESSAGE, List.of(a.commitments()));
    ProtocolException e = assertThrows(ProtocolException.class,
        () -> Round2.sign(ed25519.keyShare(ALICE), a, pkg));
    assertEquals(ErrorCode.MPC_INVALID_SIGNING_PACKAGE, e.code());
    assertEquals(List.of(), e.culprits());
  }

  @Test
  void receive_commitmentsForOtherSuite_blamesSender() throws Exception {
    List<PartyId> signers = List.of(ALICE, BOB);
    SigningParticipant alice = participant(ed25519, ALICE, signers, true);
    alice.start();
    byte[] foreign = participant(p256, BOB, signers, true).start().messages().get(0).encode();
    ProtocolException e = assertThrows(ProtocolException.class, () -> alice.receive(foreign));
    assertEquals(ErrorCode.MPC_WRONG_CIPHERSUITE, e.code());
    assertEquals(List.of(BOB), e.culprits());
    assertTrue(alice.noncesForTest().isDestroyed());
  }

  @Test
  void receive_identityCommitment_blamesSender() throws Exception {
    List<PartyId> signers = List.of(ALICE, BOB);
    SigningParticipant alice = participant(ed25519, ALICE, signers, true);
    alice.start();
    byte[] bytes = participant(ed25519, BOB, signers, true).start().messages().get(0).encode();
    byte[] identity = new byte[32];
    identity[0] = 1; // y = 1, x = 0
    System.arraycopy(identity, 0, bytes, 5, 32);
    ProtocolException e = assertThrows(ProtocolException.class, () -> alice.receive(bytes));
    assertEquals(ErrorCode.MPC_INVALID_ELEMENT, e.code());
    assertEquals(List.of(BOB), e.culprits());
  }

  @Test
  void receive_commitmentsFromNonSigner_blamesSender() throws Exception {
    SigningParticipant alice = participant(ed25519, ALICE, List.of(ALICE, BOB), true);
    alice.start();
    byte[] carol = participant(ed25519, CAROL, List.of(ALICE, CAROL), true).start().messages()
        .get(0).encode();
    ProtocolException e = assertThrows(ProtocolException.class, () -> alice.receive(carol));
    assertEquals(ErrorCode.MPC_UNEXPECTED_MESSAGE, e.code());
    assertEquals(List.of(CAROL), e.culprits());
  }

  @Test
  void receive_success_destroysNonces() throws Exception {
    List<PartyId> signers = List.of(ALICE, BOB);
    SigningParticipant alice = participant(ed25519, ALICE, signers, true);
    SigningParticipant bob = participant(ed25519, BOB, signers, false);
    byte[] a = alice.start().messages().get(0).encode();
    byte[] b = bob.start().messages().get(0).encode();
    byte[] share = bob.receive(a).messages().get(0).encode();
    alice.receive(b);
    Step<FrostSignature> done = alice.receive(share);
    assertTrue(done.isComplete());
    for (SigningParticipant p : List.of(alice, bob)) {
      SigningNonces n = p.noncesForTest();
      assertTrue(n.isDestroyed());
      assertArrayEquals(new int[8], n.hiding());
      assertArrayEquals(new int[8], n.binding());
    }
  }

  @Test
  void verify_wrongMessage_throwsInvalidSignature() throws Exception {
    FrostSignature sig = ed25519.sign(MESSAGE, List.of(ALICE, CAROL), RANDOM);
    ProtocolException e = assertThrows(ProtocolException.class,
        () -> FrostSignature.verify(ed25519.publicKeyPackage(), "other".getBytes(StandardCharsets.UTF_8),
            sig.bytes()));
    assertEquals(ErrorCode.MPC_INVALID_SIGNATURE, e.code());
    assertEquals(List.of(), e.culprits());
  }

  @Test
  void build_fewerSignersThanThreshold_throwsIllegalArgument() {
    assertThrows(IllegalArgumentException.class,
        () -> participant(ed25519, ALICE, List.of(ALICE), true));
    assertThrows(IllegalArgumentException.class,
        () -> participant(ed25519, ALICE, List.of(BOB, CAROL), true));
  }

  @Test
  void nonces_toString_isRedacted() {
    SigningNonces n = Round1.commit(ed25519.keyShare(ALICE), RANDOM);
    assertTrue(n.toString().contains("redacted"));
    assertTrue(ed25519.keyShare(ALICE).toString().contains("redacted"));
  }
}

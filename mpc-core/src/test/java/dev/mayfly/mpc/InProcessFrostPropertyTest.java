package dev.mayfly.mpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.InsecureSecretAccess;
import dev.mayfly.common.PartyId;
import dev.mayfly.common.ProtocolException;
import dev.mayfly.mpc.ciphersuite.Ciphersuite;
import dev.mayfly.mpc.ciphersuite.internal.ScalarField;
import dev.mayfly.mpc.ciphersuite.internal.SuiteMath;
import dev.mayfly.mpc.keygen.KeyShare;
import dev.mayfly.mpc.keygen.PublicKeyPackage;
import dev.mayfly.mpc.sign.FrostSignature;
import dev.mayfly.mpc.sign.Round1;
import dev.mayfly.mpc.sign.Round2;
import dev.mayfly.mpc.sign.SigningNonces;
import dev.mayfly.mpc.sign.SigningPackage;
import dev.mayfly.mpc.sign.SigningParticipant;
import dev.mayfly.mpc.sign.internal.FrostSigning;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import dev.mayfly.testsupport.Gen;
import dev.mayfly.testsupport.Seeded;
import org.junit.jupiter.api.Test;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;

/**
 * For random {@code 2 <= t <= n <= 10}: the DKG followed by signing with any t-subset gives a
 * signature that verifies (for Ed25519 also with the JDK), and t-1 parties cannot sign.
 */
class InProcessFrostPropertyTest {

  /** (t, n, suite id, seed). */
  record Case(int t, int n, int suiteId, long seed) {}

  static Case newCase(Gen g) {
    int n = g.intBetween(2, 10);
    return new Case(g.intBetween(2, n), n, g.oneOf(1, 1, 1, 2), g.anyLong());
  }

  static SecureRandom seeded(long seed) throws Exception {
    SecureRandom r = SecureRandom.getInstance("SHA1PRNG");
    r.setSeed(seed);
    return r;
  }

  @Test
  void dkgThenAnyThresholdSubset_signs_andFewerCannot() {
    Seeded.forAll(12, g -> dkgThenSign(newCase(g)));
  }

  private static void dkgThenSign(Case c) throws Exception {
    Ciphersuite suite = Ciphersuite.byId(c.suiteId()).orElseThrow();
    SecureRandom random = seeded(c.seed());
    try (InProcessFrost frost = InProcessFrost.generate(suite, c.t(), c.n(), random)) {
      PublicKeyPackage pkg = frost.publicKeyPackage();
      List<PartyId> all = new ArrayList<>(pkg.participants());
      Collections.shuffle(all, random);
      List<PartyId> signers = all.subList(0, c.t());
      byte[] message = ("message " + c).getBytes(java.nio.charset.StandardCharsets.UTF_8);
      FrostSignature sig = frost.sign(message, signers, random);
      FrostSignature.verify(pkg, message, sig.bytes());
      if (suite == Ciphersuite.ed25519Sha512()) {
        assertTrue(jdkVerifies(pkg.groupPublicKeyBytes(), message, sig.bytes()));
      }
      assertFewerThanThresholdCannotSign(frost, signers.subList(0, c.t() - 1), message, random);
    }
  }

  static boolean jdkVerifies(byte[] publicKey, byte[] message, byte[] signature) throws Exception {
    byte[] spki = SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(
        new Ed25519PublicKeyParameters(publicKey, 0)).getEncoded();
    PublicKey key = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
    Signature verifier = Signature.getInstance("Ed25519");
    verifier.initVerify(key);
    verifier.update(message);
    return verifier.verify(signature);
  }

  static void assertFewerThanThresholdCannotSign(InProcessFrost frost, List<PartyId> fewer,
      byte[] message, SecureRandom random) throws Exception {
    PublicKeyPackage pkg = frost.publicKeyPackage();
    SuiteMath math = SuiteMath.of(pkg.ciphersuite());
    ScalarField f = math.scalars();
    // The state machine refuses to start.
    assertThrows(IllegalArgumentException.class, () -> SigningParticipant.builder()
        .keyShare(frost.keyShare(fewer.get(0))).signers(fewer).message(message).random(random)
        .build());
    // Round two refuses a package below the threshold.
    List<SigningNonces> nonces = new ArrayList<>();
    for (PartyId id : fewer) {
      nonces.add(Round1.commit(frost.keyShare(id), random));
    }
    SigningPackage pkgBelow = SigningPackage.create(message,
        nonces.stream().map(SigningNonces::commitments).toList());
    ProtocolException e = assertThrows(ProtocolException.class,
        () -> Round2.sign(frost.keyShare(fewer.get(0)), nonces.get(0), pkgBelow));
    assertEquals(ErrorCode.MPC_INVALID_SIGNING_PACKAGE, e.code());
    // And the math: interpolating t-1 shares at zero does not give the group secret.
    int[] secret = f.zero();
    for (PartyId id : fewer) {
      KeyShare k = frost.keyShare(id);
      int[] share = math.decodeScalar(k.signingShareBytes(InsecureSecretAccess.get()), 0);
      secret = f.add(secret, f.mul(share, FrostSigning.lagrange(math, fewer, id)));
    }
    assertFalse(math.equalPublic(math.mulBase(secret), pkg.groupPublicKey()));
  }
}

package dev.mayfly.mpc.ecdsa;

import static dev.mayfly.mpc.ecdsa.EcdsaSigningParticipantTest.assertCode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.PartyId;
import dev.mayfly.common.ProtocolException;
import dev.mayfly.mpc.InProcessEcdsa;
import dev.mayfly.mpc.ciphersuite.internal.ScalarField;
import dev.mayfly.mpc.ecdsa.internal.EcdsaCodec;
import dev.mayfly.mpc.sign.internal.FrostSigning;
import dev.mayfly.testsupport.Seeded;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.Test;

/**
 * For random {@code 2 <= t <= n <= 6}: the key generation followed by signing with any t-subset
 * gives a standard ECDSA signature that the JDK, Bouncy Castle and OpenSSL verify, and t-1 parties
 * cannot sign. Plain JUnit over the seeded generator of test-support, which prints the seed of a
 * failing case.
 */
class InProcessEcdsaPropertyTest {
  /** (t, n, seed). */
  record Case(int t, int n, long seed) {}

  static boolean verifies(java.security.Provider provider, EcdsaPublicKey key, byte[] message,
      byte[] der) throws Exception {
    Signature v = provider == null ? Signature.getInstance("SHA256withECDSA")
        : Signature.getInstance("SHA256withECDSA", provider);
    v.initVerify(key.toJavaPublicKey());
    v.update(message);
    return v.verify(der);
  }

  @Test
  void dkgThenAnyThresholdSubset_signs_andFewerCannot() {
    Seeded.forAll(6, g -> {
      int n = g.intBetween(2, 6);
      dkgThenSign(new Case(g.intBetween(2, n), n, g.anyLong()));
    });
  }

  private static void dkgThenSign(Case c) throws Exception {
    SecureRandom random = EcdsaTestKeys.seeded(c.seed());
    try (InProcessEcdsa ecdsa = InProcessEcdsa.generate(c.t(), c.n(), random)) {
      EcdsaPublicKey key = ecdsa.publicKey();
      List<PartyId> all = new ArrayList<>(key.participants());
      Collections.shuffle(all, random);
      List<PartyId> signers = all.subList(0, c.t());
      byte[] message = ("message " + c).getBytes(StandardCharsets.UTF_8);
      EcdsaSignature sig = ecdsa.sign(message, signers, random);
      assertTrue(sig.isLowS(), "low S " + c);
      assertTrue(verifies(null, key, message, sig.der()), "JDK verifies " + c);
      assertTrue(verifies(new BouncyCastleProvider(), key, message, sig.der()),
          "Bouncy Castle verifies " + c);
      Path dir = Files.createTempDirectory("mayfly-ecdsa");
      try {
        assertEquals(0, EcdsaExternalVerifierTest.openssl(dir, key, message, sig.der()),
            "OpenSSL verifies " + c);
      } finally {
        try (Stream<Path> files = Files.list(dir)) {
          for (Path f : files.toList()) {
            Files.delete(f);
          }
        }
        Files.delete(dir);
      }
      assertFewerThanThresholdCannotSign(ecdsa, signers.subList(0, c.t() - 1), message, random);
    }
  }

  static void assertFewerThanThresholdCannotSign(InProcessEcdsa ecdsa, List<PartyId> fewer,
      byte[] message, SecureRandom random) throws Exception {
    // The state machine refuses to start.
    assertThrows(IllegalArgumentException.class, () -> EcdsaSigningParticipant.builder()
        .keyShare(ecdsa.keyShare(fewer.get(0))).signers(fewer).message(message).random(random)
        .build());
    // Forced past that check, t-1 signers end in an abort, not a signature.
    if (fewer.size() >= 2) {
      SigningRun run = new SigningRun(fewer.stream().map(ecdsa::keyShare).toList(), message,
          random);
      ProtocolException e = assertThrows(ProtocolException.class, run::run);
      assertCode(e, ErrorCode.MPC_ECDSA_SHARES_INCONSISTENT);
    }
    // And the math: interpolating t-1 shares at zero does not give the group secret.
    ScalarField f = EcdsaCodec.MATH.scalars();
    int[] secret = f.zero();
    for (PartyId id : fewer) {
      int[] share = f.decode(ecdsa.keyShare(id).shareBytes(), 0);
      secret = f.add(secret, f.mul(share, FrostSigning.lagrange(EcdsaCodec.MATH, fewer, id)));
    }
    assertFalse(EcdsaCodec.MATH.equalPublic(EcdsaCodec.MATH.mulBase(secret),
        ecdsa.publicKey().groupPublicKey()));
  }
}

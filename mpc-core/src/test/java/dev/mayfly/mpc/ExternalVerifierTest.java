package dev.mayfly.mpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mayfly.common.PartyId;
import dev.mayfly.mpc.ciphersuite.Ciphersuite;
import dev.mayfly.mpc.sign.FrostSignature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * FROST(Ed25519, SHA-512) group signatures are plain Ed25519: the JDK, Bouncy Castle's
 * Ed25519Signer and OpenSSL verify them, and reject a tampered one.
 */
class ExternalVerifierTest {
  static final byte[] MESSAGE = "mayfly artifact bytes".getBytes(StandardCharsets.UTF_8);
  static InProcessFrost frost;
  static byte[] publicKey;
  static byte[] signature;
  static byte[] tampered;

  @BeforeAll
  static void sign() throws Exception {
    SecureRandom random = new SecureRandom();
    frost = InProcessFrost.generate(Ciphersuite.ed25519Sha512(), 2, 3, random);
    publicKey = frost.publicKeyPackage().groupPublicKeyBytes();
    FrostSignature sig = frost.sign(MESSAGE, List.of(PartyId.of(2), PartyId.of(3)), random);
    signature = sig.bytes();
    tampered = signature.clone();
    tampered[40] ^= 1;
  }

  @AfterAll
  static void close() {
    frost.close();
  }

  @Test
  void groupKeyAndSignature_haveStandardLengths() {
    assertEquals(32, publicKey.length);
    assertEquals(64, signature.length);
  }

  @Test
  void jdk_verifiesGroupSignature() throws Exception {
    assertTrue(InProcessFrostPropertyTest.jdkVerifies(publicKey, MESSAGE, signature));
    assertFalse(InProcessFrostPropertyTest.jdkVerifies(publicKey, MESSAGE, tampered));
  }

  static boolean bcVerifies(byte[] sig) {
    Ed25519Signer verifier = new Ed25519Signer();
    verifier.init(false, new Ed25519PublicKeyParameters(publicKey, 0));
    verifier.update(MESSAGE, 0, MESSAGE.length);
    return verifier.verifySignature(sig);
  }

  @Test
  void bouncyCastle_verifiesGroupSignature() {
    assertTrue(bcVerifies(signature));
    assertFalse(bcVerifies(tampered));
  }

  static int openssl(Path dir, byte[] sig) throws IOException, InterruptedException {
    byte[] spki = SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(
        new Ed25519PublicKeyParameters(publicKey, 0)).getEncoded();
    Path key = Files.write(dir.resolve("pub.der"), spki);
    Path msg = Files.write(dir.resolve("msg.bin"), MESSAGE);
    Path sigFile = Files.write(dir.resolve("sig.bin"), sig);
    Process p = new ProcessBuilder("openssl", "pkeyutl", "-verify", "-pubin", "-inkey",
        key.toString(), "-keyform", "DER", "-rawin", "-in", msg.toString(), "-sigfile",
        sigFile.toString()).redirectErrorStream(true).redirectOutput(dir.resolve("out.txt").toFile())
        .start();
    assertTrue(p.waitFor(30, TimeUnit.SECONDS), "openssl timed out");
    return p.exitValue();
  }

  @Test
  void openssl_verifiesGroupSignature(@TempDir Path dir) throws Exception {
    assertEquals(0, openssl(dir, signature));
    assertNotEquals(0, openssl(dir, tampered));
  }
}

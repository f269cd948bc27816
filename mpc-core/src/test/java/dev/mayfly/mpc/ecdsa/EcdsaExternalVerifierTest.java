package dev.mayfly.mpc.ecdsa;

import static dev.mayfly.mpc.ecdsa.EcdsaTestKeys.BOB;
import static dev.mayfly.mpc.ecdsa.EcdsaTestKeys.CAROL;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.ProtocolException;
import dev.mayfly.mpc.InProcessEcdsa;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Threshold ECDSA signatures are plain ECDSA P-256 / SHA-256 signatures: the JDK, Bouncy Castle
 * and OpenSSL verify them under the group key, and reject a tampered one.
 */
class EcdsaExternalVerifierTest {
  static final byte[] MESSAGE = "mayfly artifact bytes".getBytes(StandardCharsets.UTF_8);
  static EcdsaPublicKey key;
  static EcdsaSignature signature;
  static byte[] tampered;

  @BeforeAll
  static void sign() throws Exception {
    InProcessEcdsa ecdsa = EcdsaTestKeys.twoOfThree();
    key = ecdsa.publicKey();
    signature = ecdsa.sign(MESSAGE, List.of(BOB, CAROL), new SecureRandom());
    tampered = signature.der();
    tampered[tampered.length - 3] ^= 1;
  }

  @Test
  void keyAndSignature_haveStandardForms() {
    assertEquals(33, key.compressed().length);
    assertEquals(65, key.uncompressed().length);
    assertEquals(64, signature.raw().length);
    assertEquals(signature.r(), new BigInteger(1, java.util.Arrays.copyOf(signature.raw(), 32)));
    assertTrue(signature.isLowS());
    assertEquals("EC", key.toJavaPublicKey().getAlgorithm());
    assertArrayEquals(key.subjectPublicKeyInfo(), key.toJavaPublicKey().getEncoded());
  }

  @Test
  void jdk_verifiesGroupSignature() throws Exception {
    assertTrue(InProcessEcdsaPropertyTest.verifies(null, key, MESSAGE, signature.der()));
    assertFalse(InProcessEcdsaPropertyTest.verifies(null, key, MESSAGE, tampered));
  }

  @Test
  void bouncyCastle_verifiesGroupSignature() throws Exception {
    BouncyCastleProvider bc = new BouncyCastleProvider();
    assertTrue(InProcessEcdsaPropertyTest.verifies(bc, key, MESSAGE, signature.der()));
    assertFalse(InProcessEcdsaPropertyTest.verifies(bc, key, MESSAGE, tampered));
  }

  @Test
  void verify_tamperedOrOtherMessage_invalidSignature() throws Exception {
    assertEquals(signature, EcdsaSignature.verify(key, MESSAGE, signature.der()));
    ProtocolException e = assertThrows(ProtocolException.class,
        () -> EcdsaSignature.verify(key, MESSAGE, tampered));
    assertEquals(ErrorCode.MPC_INVALID_SIGNATURE, e.code());
    assertEquals(List.of(), e.culprits());
    e = assertThrows(ProtocolException.class,
        () -> EcdsaSignature.verify(key, "other".getBytes(StandardCharsets.UTF_8),
            signature.der()));
    assertEquals(ErrorCode.MPC_INVALID_SIGNATURE, e.code());
    e = assertThrows(ProtocolException.class,
        () -> EcdsaSignature.verify(key, MESSAGE, signature.raw()));
    assertEquals(ErrorCode.MPC_INVALID_SIGNATURE, e.code());
  }

  /** Exit code of {@code openssl dgst -sha256 -verify} for {@code der} over {@code message}. */
  static int openssl(Path dir, EcdsaPublicKey key, byte[] message, byte[] der)
      throws IOException, InterruptedException {
    String pem = "-----BEGIN PUBLIC KEY-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
            .encodeToString(key.subjectPublicKeyInfo())
        + "\n-----END PUBLIC KEY-----\n";
    Path pub = Files.writeString(dir.resolve("pub.pem"), pem);
    Path msg = Files.write(dir.resolve("msg.bin"), message);
    Path sig = Files.write(dir.resolve("sig.der"), der);
    Process p = new ProcessBuilder("openssl", "dgst", "-sha256", "-verify", pub.toString(),
        "-signature", sig.toString(), msg.toString()).redirectErrorStream(true)
        .redirectOutput(dir.resolve("out.txt").toFile()).start();
    assertTrue(p.waitFor(30, TimeUnit.SECONDS), "openssl timed out");
    return p.exitValue();
  }

  @Test
  void openssl_verifiesGroupSignature(@TempDir Path dir) throws Exception {
    assertEquals(0, openssl(dir, key, MESSAGE, signature.der()));
    assertNotEquals(0, openssl(dir, key, MESSAGE, tampered));
  }
}

package dev.mayfly.transport;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Envelope signatures are plain RFC 8032 Ed25519 over {@code "mayfly/v1/envelope" || body}, as
 * documented: checked with two independent verifiers, the JDK's and OpenSSL's.
 */
class EnvelopeSignatureInteropTest {
  private static final ASN1ObjectIdentifier ID_ED25519 = new ASN1ObjectIdentifier("1.3.101.112");
  private static final IdentityKeyPair KEY = SessionFixture.keyPair(new Random(13));

  @TempDir Path dir;

  @AfterAll
  static void closeKey() {
    KEY.close();
  }

  private static Envelope envelope() {
    return EnvelopeTest.builder().payload("interop".getBytes(US_ASCII)).sign(KEY);
  }

  /** What the signature covers, rebuilt from the documented format rather than the code. */
  private static byte[] signedMessage(byte[] encoded) {
    byte[] label = "mayfly/v1/envelope".getBytes(US_ASCII);
    byte[] body = Arrays.copyOf(encoded, encoded.length - 64);
    byte[] message = Arrays.copyOf(label, label.length + body.length);
    System.arraycopy(body, 0, message, label.length, body.length);
    return message;
  }

  private static byte[] spki() throws IOException {
    return new SubjectPublicKeyInfo(new AlgorithmIdentifier(ID_ED25519), KEY.publicKey().encoded())
        .getEncoded();
  }

  @Test
  void signature_jdkEd25519Verifier_accepts() throws Exception {
    byte[] encoded = envelope().encode();
    PublicKey key = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki()));
    Signature verifier = Signature.getInstance("Ed25519");
    verifier.initVerify(key);
    verifier.update(signedMessage(encoded));
    assertTrue(verifier.verify(Arrays.copyOfRange(encoded, encoded.length - 64, encoded.length)));

    byte[] changed = signedMessage(encoded);
    changed[changed.length - 1] ^= 1;
    verifier.initVerify(key);
    verifier.update(changed);
    assertFalse(verifier.verify(Arrays.copyOfRange(encoded, encoded.length - 64, encoded.length)));
  }

  @Test
  void signature_opensslVerifier_accepts() throws Exception {
    byte[] encoded = envelope().encode();
    Path publicKey = Files.write(dir.resolve("identity.der"), spki());
    Path message = Files.write(dir.resolve("message.bin"), signedMessage(encoded));
    Path signature = Files.write(dir.resolve("signature.bin"),
        Arrays.copyOfRange(encoded, encoded.length - 64, encoded.length));
    assertEquals(0, openssl(publicKey, message, signature));

    byte[] changed = signedMessage(encoded);
    changed[40] ^= 1;
    Path changedMessage = Files.write(dir.resolve("changed.bin"), changed);
    assertNotEquals(0, openssl(publicKey, changedMessage, signature));
  }

  private static int openssl(Path publicKey, Path message, Path signature)
      throws IOException, InterruptedException {
    Process process = new ProcessBuilder(List.of("openssl", "pkeyutl", "-verify", "-pubin",
        "-keyform", "DER", "-inkey", publicKey.toString(), "-rawin", "-in", message.toString(),
        "-sigfile", signature.toString()))
        .redirectErrorStream(true)
        .start();
    process.getInputStream().readAllBytes();
    assertTrue(process.waitFor(30, TimeUnit.SECONDS), "openssl did not finish");
    return process.exitValue();
  }
}

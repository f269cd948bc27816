package dev.mayfly.approval.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.mayfly.approval.ApprovalException;
import dev.mayfly.approval.testing.Fixtures;
import dev.mayfly.approval.testing.OpenSsl;
import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.InsecureSecretAccess;
import dev.mayfly.common.SecretBytes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Key files exchanged with OpenSSL in both directions. */
class ApproverKeyOpenSslTest {
  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(KeyAlgorithm.class)
  void parsePkcs8Pem_opensslGeneratedKey_matchesOpensslPublicKey(KeyAlgorithm algorithm)
      throws Exception {
    if (algorithm == KeyAlgorithm.ED25519) {
      OpenSsl.ok(dir, "genpkey", "-algorithm", "ed25519", "-out", "key.pem");
    } else {
      OpenSsl.ok(dir, "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256",
          "-out", "key.pem");
    }
    OpenSsl.ok(dir, "pkey", "-in", "key.pem", "-pubout", "-out", "pub.pem");
    try (ApproverSigningKey key =
        ApproverSigningKey.parsePkcs8Pem(Files.readAllBytes(dir.resolve("key.pem")))) {
      assertEquals(algorithm, key.algorithm());
      assertEquals(ApproverPublicKey.parsePem(Files.readString(dir.resolve("pub.pem"))),
          key.publicKey());
    }
  }

  @ParameterizedTest
  @EnumSource(KeyAlgorithm.class)
  void toPkcs8Pem_readByOpenssl_givesSamePublicKey(KeyAlgorithm algorithm) throws Exception {
    ApproverSigningKey key = Fixtures.key(3, algorithm);
    try (SecretBytes pem = key.toPkcs8Pem()) {
      Files.write(dir.resolve("key.pem"), pem.copyBytes(InsecureSecretAccess.get()));
    }
    Files.writeString(dir.resolve("ours.pem"), key.publicKey().toPem());
    OpenSsl.ok(dir, "pkey", "-in", "key.pem", "-pubout", "-out", "pub.pem");
    assertEquals(ApproverPublicKey.parsePem(Files.readString(dir.resolve("pub.pem"))),
        key.publicKey());
    // OpenSSL also reads our public key PEM and writes back the same DER.
    OpenSsl.ok(dir, "pkey", "-pubin", "-in", "ours.pem", "-outform", "DER", "-out", "pub.der");
    assertEquals(key.publicKey(), ApproverPublicKey.parseDer(Files.readAllBytes(dir.resolve("pub.der"))));
  }

  @Test
  void parsePem_opensslP384AndRsaKeys_throwMalformed() throws Exception {
    OpenSsl.ok(dir, "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-384",
        "-out", "p384.pem");
    OpenSsl.ok(dir, "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:1024",
        "-out", "rsa.pem");
    for (String name : List.of("p384", "rsa")) {
      OpenSsl.ok(dir, "pkey", "-in", name + ".pem", "-pubout", "-out", name + ".pub.pem");
      byte[] privatePem = Files.readAllBytes(dir.resolve(name + ".pem"));
      String publicPem = Files.readString(dir.resolve(name + ".pub.pem"), StandardCharsets.UTF_8);
      assertEquals(ErrorCode.APPROVAL_MALFORMED, assertThrows(ApprovalException.class,
          () -> ApproverSigningKey.parsePkcs8Pem(privatePem)).code());
      assertEquals(ErrorCode.APPROVAL_MALFORMED, assertThrows(ApprovalException.class,
          () -> ApproverPublicKey.parsePem(publicPem)).code());
    }
  }

  @Test
  void parsePem_compressedP256Point_throwsMalformed() throws Exception {
    Files.writeString(dir.resolve("pub.pem"), Fixtures.key(1, KeyAlgorithm.ECDSA_P256).publicKey().toPem());
    OpenSsl.ok(dir, "ec", "-pubin", "-in", "pub.pem", "-conv_form", "compressed", "-pubout",
        "-out", "compressed.pem");
    ApprovalException e = assertThrows(ApprovalException.class,
        () -> ApproverPublicKey.parsePem(Files.readString(dir.resolve("compressed.pem"))));
    assertEquals(ErrorCode.APPROVAL_MALFORMED, e.code());
  }
}

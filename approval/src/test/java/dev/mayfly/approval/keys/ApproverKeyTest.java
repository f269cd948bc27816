package dev.mayfly.approval.keys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mayfly.approval.ApprovalException;
import dev.mayfly.approval.testing.Fixtures;
import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.InsecureSecretAccess;
import dev.mayfly.common.SecretBytes;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.crypto.params.ECNamedDomainParameters;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.util.PrivateKeyInfoFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class ApproverKeyTest {
  private static final byte[] MESSAGE = "DSSEv1 1 t 1 x".getBytes(StandardCharsets.US_ASCII);

  @ParameterizedTest
  @EnumSource(KeyAlgorithm.class)
  void sign_generatedKey_verifiesUnderPublicKey(KeyAlgorithm algorithm) throws Exception {
    try (ApproverSigningKey key = ApproverSigningKey.generate(algorithm)) {
      assertEquals(algorithm, key.algorithm());
      assertEquals(algorithm, key.publicKey().algorithm());
      key.publicKey().verify(MESSAGE, key.sign(MESSAGE));
    }
  }

  @ParameterizedTest
  @EnumSource(KeyAlgorithm.class)
  void verify_otherMessageOrFlippedSignature_throwsBadSignature(KeyAlgorithm algorithm) {
    ApproverSigningKey key = Fixtures.key(0, algorithm);
    byte[] signature = key.sign(MESSAGE);
    byte[] other = MESSAGE.clone();
    other[0] ^= 1;
    assertBadSignature(() -> key.publicKey().verify(other, signature));
    for (int i = 0; i < signature.length; i++) {
      byte[] flipped = signature.clone();
      flipped[i] ^= 0x01;
      assertBadSignature(() -> key.publicKey().verify(MESSAGE, flipped));
    }
    assertBadSignature(() -> key.publicKey().verify(MESSAGE, new byte[0]));
    assertBadSignature(() -> Fixtures.key(1, algorithm).publicKey().verify(MESSAGE, signature));
  }

  @Test
  void sign_ecdsa_isDeterministicDer() {
    ApproverSigningKey key = Fixtures.key(1, KeyAlgorithm.ECDSA_P256);
    byte[] signature = key.sign(MESSAGE);
    assertArrayEquals(signature, key.sign(MESSAGE));
    assertEquals(0x30, signature[0] & 0xff);
  }

  @ParameterizedTest
  @EnumSource(KeyAlgorithm.class)
  void keyId_isLowercaseHexSha256OfSpki(KeyAlgorithm algorithm) throws Exception {
    ApproverPublicKey key = Fixtures.key(0, algorithm).publicKey();
    assertEquals(HexFormat.of().formatHex(
        MessageDigest.getInstance("SHA-256").digest(key.encoded())), key.keyId());
  }

  @ParameterizedTest
  @EnumSource(KeyAlgorithm.class)
  void parsePem_toPem_roundTrips(KeyAlgorithm algorithm) throws Exception {
    ApproverPublicKey key = Fixtures.key(0, algorithm).publicKey();
    assertTrue(key.toPem().startsWith("-----BEGIN PUBLIC KEY-----\n"));
    assertEquals(key, ApproverPublicKey.parsePem(key.toPem()));
    assertEquals(key, ApproverPublicKey.parseDer(key.encoded()));
    assertEquals(key, ApproverPublicKey.parsePem("\n  " + key.toPem().replace("\n", "\r\n")));
  }

  @ParameterizedTest
  @EnumSource(KeyAlgorithm.class)
  void parsePkcs8Pem_toPkcs8Pem_roundTrips(KeyAlgorithm algorithm) throws Exception {
    ApproverSigningKey key = Fixtures.key(0, algorithm);
    try (SecretBytes pem = key.toPkcs8Pem();
        ApproverSigningKey copy =
            ApproverSigningKey.parsePkcs8Pem(pem.copyBytes(InsecureSecretAccess.get()))) {
      assertEquals(key.publicKey(), copy.publicKey());
      copy.publicKey().verify(MESSAGE, copy.sign(MESSAGE));
      assertTrue(new String(pem.copyBytes(InsecureSecretAccess.get()), StandardCharsets.UTF_8)
          .startsWith("-----BEGIN PRIVATE KEY-----\n"));
    }
  }

  @Test
  void generate_seededRandom_isReproducibleAndDistinct() {
    try (ApproverSigningKey a = ApproverSigningKey.generate(KeyAlgorithm.ED25519, Fixtures.seeded(7));
        ApproverSigningKey b = ApproverSigningKey.generate(KeyAlgorithm.ED25519, Fixtures.seeded(7));
        ApproverSigningKey c = ApproverSigningKey.generate(KeyAlgorithm.ED25519, Fixtures.seeded(8))) {
      assertEquals(a.publicKey(), b.publicKey());
      assertNotEquals(a.publicKey(), c.publicKey());
    }
  }

  @Test
  void close_signingKey_wipesAndRefusesUse() {
    ApproverSigningKey key = ApproverSigningKey.generate(KeyAlgorithm.ECDSA_P256);
    ApproverPublicKey publicKey = key.publicKey();
    SecretBytes pem = key.toPkcs8Pem();
    assertFalse(key.isDestroyed());
    key.close();
    assertTrue(key.isDestroyed());
    assertThrows(IllegalStateException.class, () -> key.sign(MESSAGE));
    assertThrows(IllegalStateException.class, key::toPkcs8Pem);
    assertEquals(publicKey, key.publicKey());
    assertTrue(key.toString().contains("destroyed"));
    pem.close();
    assertTrue(pem.isDestroyed());
    assertThrows(IllegalStateException.class, () -> pem.copyBytes(InsecureSecretAccess.get()));
    key.close(); // idempotent
  }

  @Test
  void toString_signingKey_isRedacted() throws Exception {
    ApproverSigningKey key = Fixtures.key(0, KeyAlgorithm.ED25519);
    String text = key.toString();
    assertTrue(text.contains("redacted"));
    try (SecretBytes pem = key.toPkcs8Pem()) {
      String b64 = new String(pem.copyBytes(InsecureSecretAccess.get()), StandardCharsets.UTF_8)
          .lines().filter(l -> !l.startsWith("-----")).findFirst().orElseThrow();
      assertFalse(text.contains(b64));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "",
      "not pem",
      "-----BEGIN PUBLIC KEY-----\n!!!!\n-----END PUBLIC KEY-----\n",
      "-----BEGIN PUBLIC KEY-----\nMAA=\n-----END PUBLIC KEY-----\n",
      "-----BEGIN CERTIFICATE-----\nMAA=\n-----END CERTIFICATE-----\n",
      // RFC 8410 §10.1 example Ed25519 key, with a second block appended
      "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=\n-----END PUBLIC KEY-----\n"
          + "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=\n-----END PUBLIC KEY-----\n",
      // the same key with trailing text
      "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=\n-----END PUBLIC KEY-----\nx",
      // X25519 (RFC 8410 §10.1 shape, OID 1.3.101.110): not a signature key
      "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VuAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=\n-----END PUBLIC KEY-----\n",
      // Ed25519 OID with a 31-byte key
      "-----BEGIN PUBLIC KEY-----\nMCkwBQYDK2VwAyAAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZg==\n-----END PUBLIC KEY-----\n",
  })
  void parsePem_notAnApproverKey_throwsMalformed(String pem) {
    assertMalformed(() -> ApproverPublicKey.parsePem(pem));
  }

  @Test
  void parsePem_rfc8410Example_isAccepted() throws Exception {
    ApproverPublicKey key = ApproverPublicKey.parsePem(
        "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=\n"
            + "-----END PUBLIC KEY-----\n");
    assertEquals(KeyAlgorithm.ED25519, key.algorithm());
  }

  @Test
  void parseDer_smallOrderEd25519Point_throwsMalformed() throws Exception {
    byte[] der = Fixtures.key(0, KeyAlgorithm.ED25519).publicKey().encoded();
    byte[] identity = new byte[32];
    identity[0] = 1; // the neutral element, a small-order point
    System.arraycopy(identity, 0, der, der.length - 32, 32);
    assertMalformed(() -> ApproverPublicKey.parseDer(der));
  }

  @Test
  void parseDer_p256PointOffCurve_throwsMalformed() {
    byte[] der = Fixtures.key(1, KeyAlgorithm.ECDSA_P256).publicKey().encoded();
    der[der.length - 1] ^= 1;
    assertMalformed(() -> ApproverPublicKey.parseDer(der));
  }

  @Test
  void parseDer_trailingByte_throwsMalformed() {
    byte[] der = Fixtures.key(0, KeyAlgorithm.ED25519).publicKey().encoded();
    byte[] longer = java.util.Arrays.copyOf(der, der.length + 1);
    assertMalformed(() -> ApproverPublicKey.parseDer(longer));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "",
      "-----BEGIN PRIVATE KEY-----\nMAA=\n-----END PRIVATE KEY-----\n",
      "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=\n-----END PUBLIC KEY-----\n",
      // RFC 8410 §10.3 example private key, with its OID changed to X25519
      "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VuBCIEINTuctv5E1hK1bbY8fdp+K06/nwoy/HU++CXqI9EdVhC\n-----END PRIVATE KEY-----\n",
  })
  void parsePkcs8Pem_notAnApproverKey_throwsMalformed(String pem) {
    assertMalformed(() -> ApproverSigningKey.parsePkcs8Pem(pem.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void parsePkcs8Pem_rfc8410Example_derivesItsPublicKey() throws Exception {
    try (ApproverSigningKey key = ApproverSigningKey.parsePkcs8Pem((
        "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEINTuctv5E1hK1bbY8fdp+K06/nwoy/HU++CXqI9EdVhC\n"
            + "-----END PRIVATE KEY-----\n").getBytes(StandardCharsets.UTF_8))) {
      // RFC 8410 §10.3 pairs this private key with the public key of §10.1.
      assertEquals(ApproverPublicKey.parsePem("-----BEGIN PUBLIC KEY-----\n"
          + "MCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=\n"
          + "-----END PUBLIC KEY-----\n"), key.publicKey());
    }
  }

  @Test
  void parsePkcs8Der_version2WithMatchingPublicKey_isAccepted() throws Exception {
    Ed25519PrivateKeyParameters priv = new Ed25519PrivateKeyParameters(Fixtures.seeded(5));
    byte[] der = PrivateKeyInfoFactory.createPrivateKeyInfo(priv).getEncoded(ASN1Encoding.DER);
    try (ApproverSigningKey key = ApproverSigningKey.parsePkcs8Der(der)) {
      assertArrayEquals(priv.generatePublicKey().getEncoded(),
          java.util.Arrays.copyOfRange(key.publicKey().encoded(), 12, 44));
    }
  }

  @Test
  void parsePkcs8Der_ed25519WithOtherPublicKey_throwsMalformed() throws Exception {
    Ed25519PrivateKeyParameters priv = new Ed25519PrivateKeyParameters(Fixtures.seeded(5));
    Ed25519PrivateKeyParameters other = new Ed25519PrivateKeyParameters(Fixtures.seeded(6));
    byte[] der = new PrivateKeyInfo(new AlgorithmIdentifier(new ASN1ObjectIdentifier("1.3.101.112")),
        new DEROctetString(priv.getEncoded()), null, other.generatePublicKey().getEncoded())
        .getEncoded(ASN1Encoding.DER);
    assertMalformed(() -> ApproverSigningKey.parsePkcs8Der(der));
  }

  @Test
  void parsePkcs8Der_p256WithOtherPublicKey_throwsMalformed() throws Exception {
    ECNamedDomainParameters p256 = ECNamedDomainParameters.lookup(SECObjectIdentifiers.secp256r1);
    BigInteger d = BigInteger.valueOf(12345);
    byte[] otherPoint = p256.getG().multiply(BigInteger.valueOf(54321)).getEncoded(false);
    ECPrivateKey ec = new ECPrivateKey(256, d, new DERBitString(otherPoint), null);
    byte[] der = new PrivateKeyInfo(
        new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey, SECObjectIdentifiers.secp256r1), ec)
        .getEncoded(ASN1Encoding.DER);
    assertMalformed(() -> ApproverSigningKey.parsePkcs8Der(der));
    byte[] ownPoint = p256.getG().multiply(d).getEncoded(false);
    byte[] good = new PrivateKeyInfo(
        new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey, SECObjectIdentifiers.secp256r1),
        new ECPrivateKey(256, d, new DERBitString(ownPoint), null)).getEncoded(ASN1Encoding.DER);
    ApproverSigningKey.parsePkcs8Der(good).close();
  }

  @Test
  void parsePkcs8Der_p256ScalarZeroOrOrder_throwsMalformed() throws Exception {
    ECNamedDomainParameters p256 = ECNamedDomainParameters.lookup(SECObjectIdentifiers.secp256r1);
    for (BigInteger d : List.of(BigInteger.ZERO, p256.getN())) {
      byte[] der = new PrivateKeyInfo(
          new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey, SECObjectIdentifiers.secp256r1),
          new ECPrivateKey(256, d, null)).getEncoded(ASN1Encoding.DER);
      assertMalformed(() -> ApproverSigningKey.parsePkcs8Der(der));
    }
  }

  @Test
  void fromId_names_matchAlgorithms() {
    assertEquals(KeyAlgorithm.ED25519, KeyAlgorithm.fromId("ed25519"));
    assertEquals(KeyAlgorithm.ECDSA_P256, KeyAlgorithm.fromId("ECDSA-P256"));
    assertThrows(IllegalArgumentException.class, () -> KeyAlgorithm.fromId("rsa"));
  }

  private static void assertMalformed(Executable executable) {
    ApprovalException e = assertThrows(ApprovalException.class, executable);
    assertEquals(ErrorCode.APPROVAL_MALFORMED, e.code());
    assertEquals(List.of(), e.culprits());
  }

  private static void assertBadSignature(Executable executable) {
    ApprovalException e = assertThrows(ApprovalException.class, executable);
    assertEquals(ErrorCode.APPROVAL_BAD_SIGNATURE, e.code());
    assertEquals(List.of(), e.culprits());
  }
}

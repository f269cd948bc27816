package dev.mayfly.snp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.mayfly.common.ErrorCode;
import dev.mayfly.snp.AttestationException;
import dev.mayfly.snp.Vectors;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.crypto.params.RSAKeyParameters;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;

/**
 * The RSA keys of ARK, ASK and ASVK certificates are checked once per process and key bytes
 * (Bouncy Castle's modulus check is costly and every party meets the same keys): the answer for
 * the same bytes stays the same, and a refused key stays refused.
 */
class AmdCertificateRsaKeyTest {
  private static byte[] milanArk() {
    return Vectors.certs("virtee-sev/builtin/milan/ark.pem").get(0);
  }

  @Test
  void rsaPublicKey_sameKeyInTwoParsedCertificates_sameCheckedKey() throws Exception {
    RSAKeyParameters first = AmdCertificate.parse(milanArk(), "ARK").rsaPublicKey("ARK");
    RSAKeyParameters second = AmdCertificate.parse(milanArk(), "ARK").rsaPublicKey("ARK");

    assertEquals(4096, first.getModulus().bitLength());
    assertSame(first, second);
  }

  @Test
  void rsaPublicKey_manyPartiesAtOnce_allGetTheSameKey() throws Exception {
    byte[] ask = Vectors.certs("virtee-sev/builtin/genoa/ask.pem").get(0);
    ExecutorService pool = Executors.newFixedThreadPool(6);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<RSAKeyParameters>> keys = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        keys.add(pool.submit(() -> {
          AmdCertificate cert = AmdCertificate.parse(ask, "ASK");
          start.await();
          return cert.rsaPublicKey("ASK");
        }));
      }
      start.countDown();
      RSAKeyParameters first = keys.get(0).get();
      for (Future<RSAKeyParameters> key : keys) {
        assertSame(first, key.get());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void rsaPublicKey_modulusWithASmallFactor_refusedEveryTime() throws Exception {
    // 3 * (2^2046 + 1): 2048 bits, odd, and divisible by 3.
    BigInteger modulus = BigInteger.ONE.shiftLeft(2046).add(BigInteger.ONE)
        .multiply(BigInteger.valueOf(3));
    byte[] der = certificateWithRsaKey(modulus);

    for (int attempt = 0; attempt < 2; attempt++) {
      AmdCertificate cert = AmdCertificate.parse(der, "ASK");
      AttestationException e = assertThrows(AttestationException.class,
          () -> cert.rsaPublicKey("ASK"));
      assertEquals(ErrorCode.SNP_CERT_SHAPE_INVALID, e.code());
    }
    assertEquals(4096,
        AmdCertificate.parse(milanArk(), "ARK").rsaPublicKey("ARK").getModulus().bitLength());
  }

  @Test
  void rsaPublicKey_1024BitKey_refusedEveryTime() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(1024);
    java.security.interfaces.RSAPublicKey small =
        (java.security.interfaces.RSAPublicKey) generator.generateKeyPair().getPublic();
    byte[] der = certificateWithRsaKey(small.getModulus());

    for (int attempt = 0; attempt < 2; attempt++) {
      AmdCertificate cert = AmdCertificate.parse(der, "ARK");
      AttestationException e = assertThrows(AttestationException.class,
          () -> cert.rsaPublicKey("ARK"));
      assertEquals(ErrorCode.SNP_CERT_SHAPE_INVALID, e.code());
    }
  }

  /** A certificate for the RSA public key (modulus, 65537), signed by a throwaway key. */
  private static byte[] certificateWithRsaKey(BigInteger modulus) throws Exception {
    SubjectPublicKeyInfo spki = new SubjectPublicKeyInfo(
        new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption, DERNull.INSTANCE),
        new RSAPublicKey(modulus, BigInteger.valueOf(65537)));
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(1024);
    KeyPair signer = generator.generateKeyPair();
    X500Name name = new X500Name("CN=test, O=Mayfly test");
    Instant now = Instant.now();
    return new X509v3CertificateBuilder(name, BigInteger.TEN, Date.from(now),
        Date.from(now.plusSeconds(3600)), name, spki)
        .build(new JcaContentSignerBuilder("SHA256withRSA").build(signer.getPrivate()))
        .getEncoded();
  }
}

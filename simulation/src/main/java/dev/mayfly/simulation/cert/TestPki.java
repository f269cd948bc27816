package dev.mayfly.simulation.cert;

import dev.mayfly.cert.internal.Crypto;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * ECDSA P-256 key and root-certificate helpers shared by the test CA and the test TSA.
 * Simulation only.
 */
final class TestPki {
  /** A Bouncy Castle provider used by instance; never registered with {@code Security}. */
  static final Provider BC = new BouncyCastleProvider();

  private TestPki() {}

  static KeyPair generateP256(SecureRandom random) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", BC);
      generator.initialize(new ECGenParameterSpec("secp256r1"), random);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("P-256 unavailable", e);
    }
  }

  static ContentSigner signer(KeyPair keyPair) {
    try {
      return new JcaContentSignerBuilder("SHA256withECDSA").setProvider(BC)
          .build(keyPair.getPrivate());
    } catch (OperatorCreationException e) {
      throw new IllegalStateException("SHA256withECDSA unavailable", e);
    }
  }

  /** A self-signed CA certificate (basicConstraints cA critical, keyCertSign) for test roots. */
  static X509Certificate selfSignedCa(
      X500Name name, KeyPair keyPair, Instant notBefore, Instant notAfter, SecureRandom random) {
    try {
      SubjectPublicKeyInfo spki = SubjectPublicKeyInfo.getInstance(keyPair.getPublic().getEncoded());
      X509v3CertificateBuilder builder = new X509v3CertificateBuilder(name,
          new BigInteger(159, random).setBit(0), Date.from(notBefore), Date.from(notAfter), name,
          spki);
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
      builder.addExtension(Extension.keyUsage, true,
          new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      builder.addExtension(Crypto.subjectKeyIdentifier(spki));
      return toJdk(builder.build(signer(keyPair)));
    } catch (CertIOException | CertificateException e) {
      throw new IllegalStateException("cannot make test root", e);
    }
  }

  static byte[] keyIdentifier(X509Certificate certificate) {
    SubjectPublicKeyInfo spki =
        SubjectPublicKeyInfo.getInstance(certificate.getPublicKey().getEncoded());
    return SubjectKeyIdentifier.getInstance(
        Crypto.subjectKeyIdentifier(spki).getParsedValue()).getKeyIdentifier();
  }

  /** Converts a Bouncy Castle holder to a JDK certificate. */
  static X509Certificate toJdk(X509CertificateHolder holder) throws CertificateException {
    try {
      return (X509Certificate) CertificateFactory.getInstance("X.509")
          .generateCertificate(new ByteArrayInputStream(holder.getEncoded()));
    } catch (IOException e) {
      throw new CertificateException("cannot encode certificate", e);
    }
  }
}

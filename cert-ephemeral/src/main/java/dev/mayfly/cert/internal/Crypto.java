package dev.mayfly.cert.internal;

import dev.mayfly.common.internal.Sha256;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import dev.mayfly.cert.mint.GroupKeyAlgorithm;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.ContentVerifierProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;

/** Digests, the private Bouncy Castle provider instance, and certificate conversions. */
public final class Crypto {
  private static final AlgorithmIdentifier ED25519 =
      new AlgorithmIdentifier(EdECObjectIdentifiers.id_Ed25519);
  private static final AlgorithmIdentifier ECDSA_SHA256 =
      new AlgorithmIdentifier(X9ObjectIdentifiers.ecdsa_with_SHA256);

  /**
   * The X.509 signature AlgorithmIdentifier of signatures made with a key of {@code algorithm}:
   * id-Ed25519 (RFC 8410 §3), or ecdsa-with-SHA256 without parameters (RFC 5758 §3.2).
   */
  public static AlgorithmIdentifier signatureAlgorithm(GroupKeyAlgorithm algorithm) {
    switch (algorithm) {
      case ED25519:
        return ED25519;
      case ECDSA_P256:
        return ECDSA_SHA256;
      default:
        throw new IllegalArgumentException("no X.509 algorithm for " + algorithm);
    }
  }

  /** RFC 5280 §4.2.1.2 method 1: SHA-1 of the subjectPublicKey bits, non-critical. */
  public static Extension subjectKeyIdentifier(SubjectPublicKeyInfo spki) {
    byte[] id = digest("SHA-1", spki.getPublicKeyData().getBytes());
    try {
      return new Extension(Extension.subjectKeyIdentifier, false, new DEROctetString(
          new SubjectKeyIdentifier(id).toASN1Primitive().getEncoded("DER")));
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode the subject key identifier", e);
    }
  }

  /** A Bouncy Castle provider used by instance; never registered with {@code Security}. */
  public static final Provider BC = new BouncyCastleProvider();

  private Crypto() {}

  /** SHA-256 of {@code data}. */
  public static byte[] sha256(byte[]... data) {
    return Sha256.hash(data);
  }

  /** SHA-512 of the concatenation of {@code data}. */
  public static byte[] sha512(byte[]... data) {
    return digest("SHA-512", data);
  }

  /** The named JDK digest of the concatenation of {@code data}. */
  public static byte[] digest(String algorithm, byte[]... data) {
    try {
      MessageDigest md = MessageDigest.getInstance(algorithm);
      for (byte[] part : data) {
        md.update(part);
      }
      return md.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("JDK lacks " + algorithm, e);
    }
  }

  /** Parses one DER certificate with the JDK's {@code CertificateFactory}. */
  public static X509Certificate parseCertificate(byte[] der) throws CertificateException {
    CertificateFactory factory = CertificateFactory.getInstance("X.509");
    return (X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der));
  }

  /** Converts a Bouncy Castle holder to a JDK certificate. */
  public static X509Certificate toJdk(X509CertificateHolder holder) throws CertificateException {
    try {
      return parseCertificate(holder.getEncoded());
    } catch (IOException e) {
      throw new CertificateException("cannot encode certificate", e);
    }
  }

  /** Converts a JDK certificate to a Bouncy Castle holder. */
  public static X509CertificateHolder toHolder(X509Certificate certificate)
      throws CertificateException {
    try {
      return new X509CertificateHolder(certificate.getEncoded());
    } catch (IOException e) {
      throw new CertificateException("cannot parse certificate", e);
    }
  }

  /** A verifier provider for signatures made by {@code issuer}'s key. */
  public static ContentVerifierProvider verifierFor(X509Certificate issuer)
      throws GeneralSecurityException {
    try {
      return new JcaContentVerifierProviderBuilder().setProvider(BC).build(issuer);
    } catch (OperatorCreationException e) {
      throw new GeneralSecurityException("unsupported issuer key", e);
    }
  }
}

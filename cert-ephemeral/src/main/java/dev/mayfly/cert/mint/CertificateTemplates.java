package dev.mayfly.cert.mint;

import static java.util.Objects.requireNonNull;

import dev.mayfly.cert.CertMintingException;
import dev.mayfly.cert.internal.Crypto;
import dev.mayfly.common.internal.Hex;
import dev.mayfly.common.ErrorCode;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.pkcs.Attribute;
import org.bouncycastle.asn1.pkcs.CertificationRequest;
import org.bouncycastle.asn1.pkcs.CertificationRequestInfo;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x509.TBSCertificate;
import org.bouncycastle.asn1.x509.Time;
import org.bouncycastle.asn1.x509.V3TBSCertificateGenerator;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

/**
 * Pure functions from a {@link CertificateProfile} to the exact bytes the parties sign, and from
 * those bytes plus a signature to the finished object (DESIGN.md section 1, "Agreement on what is
 * signed").
 *
 * <p>Every party of a ceremony calls {@link #tbsCertificate} (self-attested mode) or
 * {@link #certificationRequestInfo} (CA-issued mode) on the agreed profile and refuses to sign any
 * other bytes. The output depends on nothing but the profile: the serial number is derived from
 * the session id ({@link #serialNumber}), the validity from the agreed start time, and the
 * extensions from the profile fields, all DER-encoded (X.690).
 *
 * @since 0.1.0
 */
public final class CertificateTemplates {
  private static final byte[] SERIAL_DOMAIN = "mayfly/v1/serial".getBytes(StandardCharsets.US_ASCII);
  private static final int SERIAL_LENGTH_BYTES = 20;

  private CertificateTemplates() {}

  /**
   * The serial number of a session's certificate: the first 160 bits of
   * {@code SHA-256("mayfly/v1/serial" || sessionId)} with the top bit cleared, so it is positive
   * and at most 20 octets (RFC 5280 §4.1.2.2). It is unpredictable because the session id is 32
   * random bytes. A zero result (probability 2^-159) becomes 1.
   */
  public static BigInteger serialNumber(byte[] sessionId) {
    requireNonNull(sessionId, "sessionId");
    byte[] serial = Arrays.copyOf(Crypto.sha256(SERIAL_DOMAIN, sessionId), SERIAL_LENGTH_BYTES);
    serial[0] &= 0x7F;
    BigInteger value = new BigInteger(1, serial);
    return value.signum() == 0 ? BigInteger.ONE : value;
  }

  /**
   * The subject (and, self-attested, issuer) name: {@code O=Mayfly}, an
   * {@code OU=SIMULATED attestation} label on simulated sessions, and
   * {@code CN=Mayfly ephemeral signer <first 8 bytes of the session id in hex>}.
   */
  static X500Name subjectName(CertificateProfile profile) {
    requireNonNull(profile, "profile");
    X500NameBuilder name = new X500NameBuilder(BCStyle.INSTANCE);
    name.addRDN(BCStyle.O, "Mayfly");
    if (profile.simulated()) {
      name.addRDN(BCStyle.OU, "SIMULATED attestation");
    }
    name.addRDN(BCStyle.CN,
        "Mayfly ephemeral signer " + Hex.encode(Arrays.copyOf(profile.sessionId(), 8)));
    return name.build();
  }

  /** The subject alternative name URI: {@code urn:mayfly:session:<session id hex>}. */
  public static String sessionUri(byte[] sessionId) {
    return "urn:mayfly:session:" + Hex.encode(sessionId);
  }

  /**
   * The DER TBSCertificate (RFC 5280 §4.1) of the self-attested certificate: issuer equals
   * subject, signed by the group key.
   */
  public static byte[] tbsCertificate(CertificateProfile profile) {
    requireNonNull(profile, "profile");
    GroupPublicKey key = profile.groupKey();
    SubjectPublicKeyInfo spki = SubjectPublicKeyInfo.getInstance(key.subjectPublicKeyInfo());
    X500Name name = subjectName(profile);
    V3TBSCertificateGenerator generator = new V3TBSCertificateGenerator();
    generator.setSerialNumber(new ASN1Integer(serialNumber(profile.sessionId())));
    generator.setSignature(Crypto.signatureAlgorithm(key.algorithm()));
    generator.setIssuer(name);
    generator.setSubject(name);
    generator.setStartDate(new Time(Date.from(profile.notBefore())));
    generator.setEndDate(new Time(Date.from(profile.notAfter())));
    generator.setSubjectPublicKeyInfo(spki);
    List<Extension> extensions = new ArrayList<>();
    extensions.add(basicConstraints());
    extensions.add(keyUsage());
    extensions.add(extendedKeyUsage());
    extensions.add(Crypto.subjectKeyIdentifier(spki));
    extensions.add(subjectAlternativeName(profile));
    extensions.addAll(profile.extensions().toExtensions());
    generator.setExtensions(new Extensions(extensions.toArray(new Extension[0])));
    return der(generator.generateTBSCertificate());
  }

  /**
   * The DER CertificationRequestInfo (RFC 2986 §4.1) for CA-issued mode: the subject, the group
   * key, and an extensionRequest attribute (PKCS #9) with every leaf extension except the subject
   * key identifier, which the CA computes.
   */
  public static byte[] certificationRequestInfo(CertificateProfile profile) {
    requireNonNull(profile, "profile");
    List<Extension> requested = new ArrayList<>();
    requested.add(basicConstraints());
    requested.add(keyUsage());
    requested.add(extendedKeyUsage());
    requested.add(subjectAlternativeName(profile));
    requested.addAll(profile.extensions().toExtensions());
    Attribute extensionRequest = new Attribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest,
        new DERSet(new Extensions(requested.toArray(new Extension[0]))));
    CertificationRequestInfo info = new CertificationRequestInfo(
        subjectName(profile),
        SubjectPublicKeyInfo.getInstance(profile.groupKey().subjectPublicKeyInfo()),
        new DERSet(extensionRequest));
    return der(info);
  }

  /**
   * Joins a TBSCertificate and its signature into a certificate parsed by the JDK's
   * {@code CertificateFactory}. The signature algorithm is the one named inside the TBS.
   *
   * @throws CertMintingException {@link ErrorCode#CERT_SIGNATURE_INVALID} when the JDK cannot
   *     parse the result
   * @throws IllegalArgumentException when {@code tbs} is not a DER TBSCertificate
   */
  public static X509Certificate assembleCertificate(byte[] tbs, byte[] signature)
      throws CertMintingException {
    requireNonNull(tbs, "tbs");
    requireNonNull(signature, "signature");
    TBSCertificate parsed = TBSCertificate.getInstance(ASN1Sequence.getInstance(tbs));
    ASN1EncodableVector v = new ASN1EncodableVector(3);
    v.add(parsed);
    v.add(parsed.getSignature());
    v.add(new DERBitString(signature));
    Certificate certificate = Certificate.getInstance(new DERSequence(v));
    try {
      return Crypto.parseCertificate(der(certificate));
    } catch (CertificateException e) {
      throw new CertMintingException(
          ErrorCode.CERT_SIGNATURE_INVALID, "assembled certificate does not parse", e);
    }
  }

  /**
   * Joins a CertificationRequestInfo and its signature into a PKCS #10 request (RFC 2986 §4.2),
   * returned DER-encoded.
   */
  public static byte[] assembleCertificationRequest(
      byte[] info, GroupKeyAlgorithm algorithm, byte[] signature) {
    requireNonNull(info, "info");
    requireNonNull(algorithm, "algorithm");
    requireNonNull(signature, "signature");
    CertificationRequest request = new CertificationRequest(
        CertificationRequestInfo.getInstance(info),
        Crypto.signatureAlgorithm(algorithm),
        new DERBitString(signature));
    try {
      return new PKCS10CertificationRequest(request).getEncoded();
    } catch (IOException e) {
      throw new IllegalStateException("cannot DER-encode the certification request", e);
    }
  }

  /** RFC 5280 §4.2.1.9: not a CA, critical. */
  static Extension basicConstraints() {
    return extension(Extension.basicConstraints, true, new BasicConstraints(false));
  }

  /** RFC 5280 §4.2.1.3: digitalSignature only, critical. */
  static Extension keyUsage() {
    return extension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
  }

  /** RFC 5280 §4.2.1.12: codeSigning, non-critical. */
  static Extension extendedKeyUsage() {
    return extension(Extension.extendedKeyUsage, false,
        new ExtendedKeyUsage(KeyPurposeId.id_kp_codeSigning));
  }

  private static Extension subjectAlternativeName(CertificateProfile profile) {
    return extension(Extension.subjectAlternativeName, false, new GeneralNames(
        new GeneralName(GeneralName.uniformResourceIdentifier, sessionUri(profile.sessionId()))));
  }

  private static Extension extension(
      org.bouncycastle.asn1.ASN1ObjectIdentifier oid, boolean critical,
      org.bouncycastle.asn1.ASN1Encodable value) {
    try {
      return new Extension(oid, critical, new DEROctetString(value.toASN1Primitive().getEncoded("DER")));
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode extension " + oid, e);
    }
  }

  private static byte[] der(org.bouncycastle.asn1.ASN1Object object) {
    try {
      return object.getEncoded("DER");
    } catch (IOException e) {
      throw new IllegalStateException("cannot DER-encode " + object.getClass().getSimpleName(), e);
    }
  }

}

package dev.mayfly.transport.grpc.internal;

import static java.util.Objects.requireNonNull;

import dev.mayfly.common.PartyId;
import dev.mayfly.snp.evidence.Evidence;
import dev.mayfly.transport.Envelope;
import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.jspecify.annotations.Nullable;

/**
 * The short-lived self-signed X.509 certificate a party process presents in TLS: its P-256 TLS
 * key, the TEE policy hash it runs under and its SEV-SNP evidence, whose REPORT_DATA binds both
 * ({@link TlsBinding}).
 *
 * <p>Profile: X.509 v3, ECDSA with SHA-256, subject = issuer = {@code CN=mayfly party N}, random
 * 128-bit serial; basicConstraints CA=false (critical), keyUsage digitalSignature (critical),
 * extendedKeyUsage serverAuth and clientAuth; and two non-critical Mayfly extensions under the
 * arc {@value #ARC}: {@code .2} the TEE policy hash (OCTET STRING, 32 bytes) and {@code .6} the
 * evidence (OCTET STRING holding {@link EvidenceCodec}'s encoding).
 */
public final class AttestedCertificate {
  /** The Mayfly UUID OID arc (X.667), as in cert-ephemeral's MayflyExtensions. */
  public static final String ARC = "2.25.26224064074632373054106757448223072319";

  /** Extension {@code .2}: the TEE policy hash. */
  public static final ASN1ObjectIdentifier TEE_POLICY_HASH = new ASN1ObjectIdentifier(ARC + ".2");

  /** Extension {@code .6}: the attestation evidence. */
  public static final ASN1ObjectIdentifier EVIDENCE = new ASN1ObjectIdentifier(ARC + ".6");

  /** The critical extensions a peer certificate may carry: basicConstraints and keyUsage. */
  public static final Set<String> KNOWN_CRITICAL = Set.of("2.5.29.19", "2.5.29.15");

  private AttestedCertificate() {}

  /**
   * Mints the certificate of {@code key}, valid from {@code notBefore} to {@code notAfter}.
   * {@code evidence} and {@code policyHash} may be null only in tests of the refusals.
   */
  public static X509Certificate mint(TlsKeyPair key, PartyId party,
      @Nullable Evidence evidence, byte @Nullable [] policyHash, Instant notBefore,
      Instant notAfter, SecureRandom random) {
    requireNonNull(key, "key");
    requireNonNull(party, "party");
    requireNonNull(notBefore, "notBefore");
    requireNonNull(notAfter, "notAfter");
    requireNonNull(random, "random");
    X500Name name = new X500Name("CN=mayfly party " + party.value());
    try {
      X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name,
          new BigInteger(128, random).setBit(127), Date.from(notBefore), Date.from(notAfter), name,
          key.publicKey());
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
      builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
          new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
      if (policyHash != null) {
        builder.addExtension(TEE_POLICY_HASH, false, new DEROctetString(policyHash));
      }
      if (evidence != null) {
        builder.addExtension(EVIDENCE, false, new DEROctetString(EvidenceCodec.encode(evidence)));
      }
      return new JcaX509CertificateConverter().getCertificate(builder.build(
          new JcaContentSignerBuilder("SHA256withECDSA").build(key.privateKey())));
    } catch (IOException | OperatorCreationException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot mint the TLS certificate", e);
    }
  }

  /**
   * The content of a non-critical OCTET STRING extension, if present.
   *
   * @throws IOException if the extension is not exactly one DER OCTET STRING
   */
  public static Optional<byte[]> octets(X509Certificate certificate, ASN1ObjectIdentifier oid)
      throws IOException {
    byte[] extnValue = certificate.getExtensionValue(oid.getId());
    if (extnValue == null) {
      return Optional.empty();
    }
    byte[] inner = ASN1OctetString.getInstance(ASN1Primitive.fromByteArray(extnValue)).getOctets();
    try {
      return Optional.of(ASN1OctetString.getInstance(ASN1Primitive.fromByteArray(inner))
          .getOctets());
    } catch (IllegalArgumentException e) {
      throw new IOException("extension " + oid + " is not an OCTET STRING", e);
    }
  }

  /** Whether {@code hash} has the length of a TEE policy hash. */
  static boolean isPolicyHash(byte[] hash) {
    return hash.length == Envelope.POLICY_HASH_BYTES;
  }
}

package dev.mayfly.snp.internal;

import static java.util.Objects.requireNonNull;

import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.internal.Hex;
import dev.mayfly.common.internal.Sha256;
import dev.mayfly.snp.AttestationException;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSASSAPSSparams;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.RSAKeyParameters;
import org.bouncycastle.crypto.util.PublicKeyFactory;
import org.jspecify.annotations.Nullable;

/**
 * A parsed certificate of an AMD (or simulated) SEV-SNP chain, with the shape checks every such
 * certificate must pass.
 *
 * <p>Parsing insists on DER (the bytes must re-encode identically). Immutable.
 */
public final class AmdCertificate {
  /** Extensions this verifier understands when they are marked critical. */
  private static final Set<ASN1ObjectIdentifier> KNOWN_CRITICAL = Set.of(
      Extension.basicConstraints, Extension.keyUsage);
  private static final int PSS_SALT_BYTES = 48;
  /** How many checked RSA keys {@link #VALIDATED_RSA_KEYS} keeps before it starts afresh. */
  private static final int VALIDATED_RSA_KEYS_MAX = 64;
  /**
   * RSA keys decoded and checked in this process, by their exact SubjectPublicKeyInfo DER:
   * decoding an RSA key runs Bouncy Castle's modulus check (odd, no small factor, Miller-Rabin
   * rounds proving it composite), which costs more than a signature verification, and every
   * party checks the same ARK and ASK in every peer's evidence, often at the same moment. The
   * first caller checks; callers with the same bytes meanwhile wait for its answer. Only a key
   * that passed stays; the same bytes give the same answer, so no check is skipped.
   */
  private static final ConcurrentHashMap<ByteBuffer, CompletableFuture<RSAKeyParameters>>
      VALIDATED_RSA_KEYS = new ConcurrentHashMap<>();

  private final byte[] der;
  private final byte[] sha256;
  private final Certificate cert;
  /** The decoded RSA key, once checked: decoding validates the modulus, which is not cheap. */
  private volatile @Nullable RSAKeyParameters rsaKey;

  private AmdCertificate(byte[] der, Certificate cert) {
    this.der = der;
    this.cert = cert;
    this.sha256 = Sha256.hash(der);
  }

  /**
   * Parses DER X.509.
   *
   * @param role what the certificate is for, used in messages ("VCEK", "ASK", ...)
   * @throws AttestationException {@code SNP_CERT_MALFORMED}
   */
  public static AmdCertificate parse(byte[] der, String role) throws AttestationException {
    requireNonNull(der, "der");
    byte[] copy = der.clone();
    Certificate cert;
    try {
      ASN1Primitive primitive = ASN1Primitive.fromByteArray(copy);
      cert = Certificate.getInstance(primitive);
      if (cert == null || !Arrays.equals(cert.getEncoded(ASN1Encoding.DER), copy)) {
        throw new AttestationException(ErrorCode.SNP_CERT_MALFORMED,
            role + " certificate is not DER-encoded X.509");
      }
      cert.getSubjectPublicKeyInfo();
      cert.getStartDate().getDate();
      cert.getEndDate().getDate();
      // Names are printed in messages and compared by the chain checks: a name whose strings do
      // not decode (for example a UTF8String that is not UTF-8) is malformed here, not later.
      cert.getSubject().toString();
      cert.getIssuer().toString();
      if (cert.getSignature().getPadBits() != 0) {
        throw new AttestationException(ErrorCode.SNP_CERT_MALFORMED,
            role + " signature is not a whole number of bytes");
      }
    } catch (IOException | RuntimeException e) {
      throw new AttestationException(ErrorCode.SNP_CERT_MALFORMED,
          role + " certificate is not well-formed X.509: " + e.getClass().getSimpleName(), e);
    }
    return new AmdCertificate(copy, cert);
  }

  /** The DER bytes (a copy). */
  public byte[] der() {
    return der.clone();
  }

  /** SHA-256 of the DER bytes (a copy). */
  public byte[] sha256() {
    return sha256.clone();
  }

  /** Whether this certificate's DER hashes to {@code expected}. */
  public boolean hasSha256(byte[] expected) {
    return MessageDigest.isEqual(sha256, expected);
  }

  /** The subject name. */
  public X500Name subject() {
    return cert.getSubject();
  }

  /** The issuer name. */
  public X500Name issuer() {
    return cert.getIssuer();
  }

  /** The subject common name, or "" when absent. */
  public String subjectCommonName() {
    return commonName(cert.getSubject());
  }

  /** The issuer common name, or "" when absent. */
  public String issuerCommonName() {
    return commonName(cert.getIssuer());
  }

  private static String commonName(X500Name name) {
    RDN[] rdns = name.getRDNs(BCStyle.CN);
    return rdns.length == 0 ? "" : IETFUtils.valueToString(rdns[0].getFirst().getValue());
  }

  /** The serial number. */
  public BigInteger serialNumber() {
    return cert.getSerialNumber().getValue();
  }

  /** Start of the validity period. */
  public Instant notBefore() {
    return cert.getStartDate().getDate().toInstant();
  }

  /** End of the validity period. */
  public Instant notAfter() {
    return cert.getEndDate().getDate().toInstant();
  }

  /** The extensions (possibly empty). */
  public Optional<Extensions> extensions() {
    return Optional.ofNullable(cert.getTBSCertificate().getExtensions());
  }

  /**
   * Checks the shape every AMD chain certificate shares: X.509 v3, RSASSA-PSS with SHA-384,
   * MGF1-SHA-384 and a 48-byte salt (AMD KDS specification, certificate formats), and no
   * critical extension other than basic constraints and key usage.
   *
   * @throws AttestationException {@code SNP_CERT_SHAPE_INVALID} or
   *     {@code SNP_CERT_UNKNOWN_CRITICAL_EXTENSION}
   */
  public void checkCommonShape(String role) throws AttestationException {
    if (cert.getVersionNumber() != 3) {
      throw shape(role + " is X.509 v" + cert.getVersionNumber() + ", expected v3");
    }
    AlgorithmIdentifier alg = cert.getSignatureAlgorithm();
    if (!alg.equals(cert.getTBSCertificate().getSignature())) {
      throw shape(role + " signature algorithm differs inside and outside the TBS");
    }
    if (!PKCSObjectIdentifiers.id_RSASSA_PSS.equals(alg.getAlgorithm())) {
      throw shape(role + " is signed with " + alg.getAlgorithm() + ", expected RSASSA-PSS");
    }
    try {
      RSASSAPSSparams params = RSASSAPSSparams.getInstance(alg.getParameters());
      boolean sha384 = isSha384(params.getHashAlgorithm());
      AlgorithmIdentifier mgf = params.getMaskGenAlgorithm();
      boolean mgf1 = PKCSObjectIdentifiers.id_mgf1.equals(mgf.getAlgorithm())
          && isSha384(AlgorithmIdentifier.getInstance(mgf.getParameters()));
      if (!sha384 || !mgf1 || params.getSaltLength().intValueExact() != PSS_SALT_BYTES
          || params.getTrailerField().intValueExact() != 1) {
        throw shape(role + " PSS parameters are not SHA-384/MGF1-SHA-384/salt 48");
      }
    } catch (RuntimeException e) {
      throw new AttestationException(ErrorCode.SNP_CERT_SHAPE_INVALID,
          role + " has malformed RSASSA-PSS parameters", e);
    }
    Optional<Extensions> extensions = extensions();
    if (extensions.isPresent()) {
      for (ASN1ObjectIdentifier oid : extensions.get().getCriticalExtensionOIDs()) {
        if (!KNOWN_CRITICAL.contains(oid)) {
          throw new AttestationException(ErrorCode.SNP_CERT_UNKNOWN_CRITICAL_EXTENSION,
              role + " carries unknown critical extension " + oid);
        }
      }
    }
  }

  private static boolean isSha384(AlgorithmIdentifier id) {
    ASN1Encodable params = id.getParameters();
    return NISTObjectIdentifiers.id_sha384.equals(id.getAlgorithm())
        && (params == null || DERNull.INSTANCE.equals(params));
  }

  private static AttestationException shape(String message) {
    return new AttestationException(ErrorCode.SNP_CERT_SHAPE_INVALID, message);
  }

  /**
   * The RSA public key of an ARK, ASK or ASVK (at least 2048 bits; AMD's are 4096).
   *
   * @throws AttestationException {@code SNP_CERT_SHAPE_INVALID}
   */
  public RSAKeyParameters rsaPublicKey(String role) throws AttestationException {
    RSAKeyParameters cached = rsaKey;
    if (cached != null) {
      return cached;
    }
    SubjectPublicKeyInfo spki = cert.getSubjectPublicKeyInfo();
    ASN1ObjectIdentifier alg = spki.getAlgorithm().getAlgorithm();
    if (!PKCSObjectIdentifiers.rsaEncryption.equals(alg)
        && !PKCSObjectIdentifiers.id_RSASSA_PSS.equals(alg)) {
      throw shape(role + " key is " + alg + ", expected RSA");
    }
    ByteBuffer encoded;
    try {
      encoded = ByteBuffer.wrap(spki.getEncoded(ASN1Encoding.DER)).asReadOnlyBuffer();
    } catch (IOException e) {
      throw new AttestationException(ErrorCode.SNP_CERT_SHAPE_INVALID,
          role + " public key cannot be encoded", e);
    }
    CompletableFuture<RSAKeyParameters> mine = new CompletableFuture<>();
    if (VALIDATED_RSA_KEYS.size() >= VALIDATED_RSA_KEYS_MAX) {
      VALIDATED_RSA_KEYS.clear();
    }
    CompletableFuture<RSAKeyParameters> first = VALIDATED_RSA_KEYS.putIfAbsent(encoded, mine);
    RSAKeyParameters rsa = null;
    if (first != null) {
      try {
        rsa = first.join();
      } catch (CompletionException | CancellationException e) {
        rsa = null; // the first caller's check failed: check again, for this caller's own error
      }
    }
    if (rsa == null) {
      try {
        rsa = checkedRsaKey(spki, role);
        mine.complete(rsa);
      } finally {
        if (!mine.isDone()) {
          // Failed: forget it, and let whoever waits check for itself.
          VALIDATED_RSA_KEYS.remove(encoded, mine);
          mine.cancel(false);
        }
      }
    }
    rsaKey = rsa;
    return rsa;
  }

  private static RSAKeyParameters checkedRsaKey(SubjectPublicKeyInfo spki, String role)
      throws AttestationException {
    AsymmetricKeyParameter key = publicKey(spki, role);
    if (!(key instanceof RSAKeyParameters rsa) || rsa.getModulus().bitLength() < 2048) {
      throw shape(role + " RSA key is shorter than 2048 bits");
    }
    return rsa;
  }

  /**
   * The ECDSA P-384 public key of a VCEK or VLEK.
   *
   * @throws AttestationException {@code SNP_CERT_SHAPE_INVALID}
   */
  public ECPublicKeyParameters p384PublicKey(String role) throws AttestationException {
    SubjectPublicKeyInfo spki = cert.getSubjectPublicKeyInfo();
    AlgorithmIdentifier alg = spki.getAlgorithm();
    if (!X9ObjectIdentifiers.id_ecPublicKey.equals(alg.getAlgorithm())
        || !SECObjectIdentifiers.secp384r1.equals(alg.getParameters())) {
      throw shape(role + " key is not an EC P-384 (secp384r1) key");
    }
    AsymmetricKeyParameter key = publicKey(spki, role);
    if (!(key instanceof ECPublicKeyParameters ec)) {
      throw shape(role + " key is not an EC key");
    }
    return ec;
  }

  private static AsymmetricKeyParameter publicKey(SubjectPublicKeyInfo spki, String role)
      throws AttestationException {
    try {
      return PublicKeyFactory.createKey(spki);
    } catch (IOException | RuntimeException e) {
      throw new AttestationException(ErrorCode.SNP_CERT_SHAPE_INVALID,
          role + " public key cannot be decoded", e);
    }
  }

  /**
   * Checks that {@code issuerCert} issued this certificate: names chain and the RSASSA-PSS
   * signature verifies under its key.
   *
   * @throws AttestationException {@code SNP_CERT_ISSUER_MISMATCH} or {@code
   *     SNP_CERT_SIGNATURE_INVALID} (or shape codes for the issuer key)
   */
  public void checkIssuedBy(AmdCertificate issuerCert, String role, String issuerRole)
      throws AttestationException {
    if (!cert.getIssuer().equals(issuerCert.subject())) {
      throw new AttestationException(ErrorCode.SNP_CERT_ISSUER_MISMATCH,
          role + " issuer is '" + cert.getIssuer() + "', " + issuerRole + " subject is '"
              + issuerCert.subject() + "'");
    }
    RSAKeyParameters key = issuerCert.rsaPublicKey(issuerRole);
    byte[] tbs;
    try {
      tbs = cert.getTBSCertificate().getEncoded(ASN1Encoding.DER);
    } catch (IOException e) {
      throw new AttestationException(ErrorCode.SNP_CERT_MALFORMED, role + " TBS unreadable", e);
    }
    byte[] signature = cert.getSignature().getOctets();
    if (!RsaPss.verifySha384(key, tbs, signature)) {
      throw new AttestationException(ErrorCode.SNP_CERT_SIGNATURE_INVALID,
          role + " signature does not verify under the " + issuerRole + " key");
    }
  }

  /** Whether this certificate is self-issued and its signature verifies under its own key. */
  public boolean isSelfSigned(String role) {
    try {
      checkIssuedBy(this, role, role);
      return true;
    } catch (AttestationException e) {
      return false;
    }
  }

  @Override
  public String toString() {
    return "AmdCertificate[" + subjectCommonName() + ", sha256 " + Hex.encode(sha256) + "]";
  }
}

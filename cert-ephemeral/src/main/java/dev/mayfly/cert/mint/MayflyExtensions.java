package dev.mayfly.cert.mint;

import static java.util.Objects.requireNonNull;

import dev.mayfly.cert.CertVerificationException;
import dev.mayfly.cert.internal.Crypto;
import dev.mayfly.common.ErrorCode;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1UTF8String;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;

/**
 * The five non-critical Mayfly certificate extensions of DESIGN.md section 5, under the UUID arc
 * {@value #ARC} (ITU-T X.667), and their DER encodings:
 *
 * <ul>
 *   <li>{@code .1} session id: OCTET STRING (32 bytes)
 *   <li>{@code .2} TEE policy hash: OCTET STRING (32 bytes)
 *   <li>{@code .3} evidence digest: OCTET STRING (32 bytes)
 *   <li>{@code .4} approvals digest: OCTET STRING (32 bytes)
 *   <li>{@code .5} threshold: SEQUENCE { t INTEGER, n INTEGER, protocol UTF8String }
 * </ul>
 *
 * @since 0.1.0
 */
public final class MayflyExtensions {
  /** The Mayfly UUID OID arc. */
  public static final String ARC = "2.25.26224064074632373054106757448223072319";

  /** Extension {@code .1}: session id (dotted OID). */
  public static final String SESSION_ID = ARC + ".1";
  /** Extension {@code .2}: TEE policy hash (dotted OID). */
  public static final String TEE_POLICY_HASH = ARC + ".2";
  /** Extension {@code .3}: evidence digest (dotted OID). */
  public static final String EVIDENCE_DIGEST = ARC + ".3";
  /** Extension {@code .4}: approvals digest (dotted OID). */
  public static final String APPROVALS_DIGEST = ARC + ".4";
  /** Extension {@code .5}: threshold and protocol (dotted OID). */
  public static final String THRESHOLD = ARC + ".5";

  private static final ASN1ObjectIdentifier SESSION_ID_OID = new ASN1ObjectIdentifier(SESSION_ID);
  private static final ASN1ObjectIdentifier TEE_POLICY_HASH_OID =
      new ASN1ObjectIdentifier(TEE_POLICY_HASH);
  private static final ASN1ObjectIdentifier EVIDENCE_DIGEST_OID =
      new ASN1ObjectIdentifier(EVIDENCE_DIGEST);
  private static final ASN1ObjectIdentifier APPROVALS_DIGEST_OID =
      new ASN1ObjectIdentifier(APPROVALS_DIGEST);
  private static final ASN1ObjectIdentifier THRESHOLD_OID = new ASN1ObjectIdentifier(THRESHOLD);

  private final byte[] sessionId;
  private final byte[] teePolicyHash;
  private final byte[] evidenceDigest;
  private final byte[] approvalsDigest;
  private final int threshold;
  private final int parties;
  private final String protocol;

  MayflyExtensions(byte[] sessionId, byte[] teePolicyHash, byte[] evidenceDigest,
      byte[] approvalsDigest, int threshold, int parties, String protocol) {
    this.sessionId = sessionId;
    this.teePolicyHash = teePolicyHash;
    this.evidenceDigest = evidenceDigest;
    this.approvalsDigest = approvalsDigest;
    this.threshold = threshold;
    this.parties = parties;
    this.protocol = protocol;
  }

  /**
   * Reads the five extensions of {@code certificate}; each must be present, non-critical and
   * well formed.
   *
   * @throws CertVerificationException {@link ErrorCode#CERT_PROFILE_VIOLATION} otherwise
   * @since 0.1.0
   */
  public static MayflyExtensions read(X509Certificate certificate)
      throws CertVerificationException {
    requireNonNull(certificate, "certificate");
    Extensions extensions;
    try {
      extensions = Crypto.toHolder(certificate).getExtensions();
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new CertVerificationException(ErrorCode.CERT_PROFILE_VIOLATION,
          "certificate does not parse: " + e.getMessage(), e);
    }
    if (extensions == null) {
      throw new CertVerificationException(ErrorCode.CERT_PROFILE_VIOLATION,
          "Mayfly extensions are missing: the certificate has no extensions");
    }
    return read(extensions);
  }

  /**
   * Reads the five extensions; each must be present, non-critical and well formed.
   *
   * @throws CertVerificationException {@link ErrorCode#CERT_PROFILE_VIOLATION} otherwise
   */
  static MayflyExtensions read(Extensions extensions) throws CertVerificationException {
    requireNonNull(extensions, "extensions");
    try {
      byte[] sessionId = octets(extensions, SESSION_ID_OID);
      byte[] policy = octets(extensions, TEE_POLICY_HASH_OID);
      byte[] evidence = octets(extensions, EVIDENCE_DIGEST_OID);
      byte[] approvals = octets(extensions, APPROVALS_DIGEST_OID);
      ASN1Sequence seq = ASN1Sequence.getInstance(value(extensions, THRESHOLD_OID));
      if (seq.size() != 3) {
        throw new IllegalArgumentException("threshold extension must have 3 elements");
      }
      int t = ASN1Integer.getInstance(seq.getObjectAt(0)).intValueExact();
      int n = ASN1Integer.getInstance(seq.getObjectAt(1)).intValueExact();
      String protocol = ASN1UTF8String.getInstance(seq.getObjectAt(2)).getString();
      if (t < 1 || n < t || n > 0xFFFF) {
        throw new IllegalArgumentException("threshold " + t + " of " + n + " is out of range");
      }
      return new MayflyExtensions(sessionId, policy, evidence, approvals, t, n, protocol);
    } catch (IllegalArgumentException | IllegalStateException | ArithmeticException e) {
      throw new CertVerificationException(ErrorCode.CERT_PROFILE_VIOLATION,
          "Mayfly extensions are missing or malformed: " + e.getMessage(), e);
    }
  }

  private static ASN1Encodable value(Extensions extensions, ASN1ObjectIdentifier oid) {
    Extension extension = extensions.getExtension(oid);
    if (extension == null) {
      throw new IllegalArgumentException("extension " + oid + " is missing");
    }
    if (extension.isCritical()) {
      throw new IllegalArgumentException("extension " + oid + " must be non-critical");
    }
    return extension.getParsedValue();
  }

  private static byte[] octets(Extensions extensions, ASN1ObjectIdentifier oid) {
    byte[] octets = ASN1OctetString.getInstance(value(extensions, oid)).getOctets();
    if (octets.length != CertificateProfile.DIGEST_LENGTH_BYTES) {
      throw new IllegalArgumentException(
          "extension " + oid + " must hold 32 bytes, got " + octets.length);
    }
    return octets;
  }

  /** The five extensions, non-critical, in arc order. */
  List<Extension> toExtensions() {
    try {
      return List.of(
          new Extension(SESSION_ID_OID, false, new DEROctetString(sessionId).getEncoded()),
          new Extension(TEE_POLICY_HASH_OID, false,
              new DEROctetString(teePolicyHash).getEncoded()),
          new Extension(EVIDENCE_DIGEST_OID, false,
              new DEROctetString(evidenceDigest).getEncoded()),
          new Extension(APPROVALS_DIGEST_OID, false,
              new DEROctetString(approvalsDigest).getEncoded()),
          new Extension(THRESHOLD_OID, false, new DERSequence(new ASN1Encodable[] {
              new ASN1Integer(threshold), new ASN1Integer(parties), new DERUTF8String(protocol)
          }).getEncoded()));
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode Mayfly extensions", e);
    }
  }

  /** Session id. */
  public byte[] sessionId() {
    return sessionId.clone();
  }

  /** TEE policy hash. */
  public byte[] teePolicyHash() {
    return teePolicyHash.clone();
  }

  /** Evidence digest. */
  public byte[] evidenceDigest() {
    return evidenceDigest.clone();
  }

  /** Approvals digest. */
  public byte[] approvalsDigest() {
    return approvalsDigest.clone();
  }

  /** Threshold t. */
  public int threshold() {
    return threshold;
  }

  /** Party count n. */
  public int parties() {
    return parties;
  }

  /** Protocol name. */
  public String protocol() {
    return protocol;
  }

  @Override
  public String toString() {
    return "MayflyExtensions[" + threshold + "-of-" + parties + ", " + protocol + "]";
  }
}

package dev.mayfly.snp.internal;

import dev.mayfly.common.ErrorCode;
import dev.mayfly.snp.AttestationException;
import java.io.IOException;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.CertificateList;
import org.bouncycastle.asn1.x509.TBSCertList;
import org.bouncycastle.crypto.params.RSAKeyParameters;

/**
 * An ARK-signed certificate revocation list of the AMD KDS ({@code /vcek/v1/{product}/crl}):
 * RFC 5280 §5 with an RSASSA-PSS SHA-384 signature. Immutable.
 */
public final class AmdCrl {
  private final CertificateList crl;

  private AmdCrl(CertificateList crl) {
    this.crl = crl;
  }

  /**
   * Parses a DER CRL.
   *
   * @throws AttestationException {@code SNP_CRL_INVALID}
   */
  public static AmdCrl parse(byte[] der) throws AttestationException {
    try {
      CertificateList list = CertificateList.getInstance(ASN1Primitive.fromByteArray(der));
      if (list == null || !Arrays.equals(list.getEncoded(ASN1Encoding.DER), der)) {
        throw new AttestationException(ErrorCode.SNP_CRL_INVALID, "CRL is not DER");
      }
      list.getThisUpdate().getDate();
      // Bouncy Castle reads names and revoked entries lazily: read them all now, so that a
      // malformed entry is SNP_CRL_INVALID here and revokes() cannot fail later.
      list.getIssuer().toString();
      if (list.getSignature().getPadBits() != 0) {
        throw new AttestationException(ErrorCode.SNP_CRL_INVALID,
            "CRL signature is not a whole number of bytes");
      }
      for (TBSCertList.CRLEntry entry : list.getRevokedCertificates()) {
        entry.getUserCertificate().getValue();
        entry.getRevocationDate().getDate();
      }
      return new AmdCrl(list);
    } catch (IOException | RuntimeException e) {
      throw new AttestationException(ErrorCode.SNP_CRL_INVALID, "CRL is malformed", e);
    }
  }

  /** The issuer name. */
  public X500Name issuer() {
    return crl.getIssuer();
  }

  /**
   * Checks the CRL signature under the ARK key (RSASSA-PSS SHA-384, salt 48).
   *
   * @throws AttestationException {@code SNP_CRL_INVALID}
   */
  public void checkSignedBy(RSAKeyParameters arkKey) throws AttestationException {
    if (!PKCSObjectIdentifiers.id_RSASSA_PSS.equals(crl.getSignatureAlgorithm().getAlgorithm())) {
      throw new AttestationException(ErrorCode.SNP_CRL_INVALID, "CRL is not signed with RSASSA-PSS");
    }
    byte[] tbs;
    try {
      tbs = crl.getTBSCertList().getEncoded(ASN1Encoding.DER);
    } catch (IOException e) {
      throw new AttestationException(ErrorCode.SNP_CRL_INVALID, "CRL TBS unreadable", e);
    }
    if (!RsaPss.verifySha384(arkKey, tbs, crl.getSignature().getOctets())) {
      throw new AttestationException(ErrorCode.SNP_CRL_INVALID,
          "CRL signature does not verify under the ARK key");
    }
  }

  /**
   * Checks thisUpdate &lt;= now &lt;= nextUpdate.
   *
   * @throws AttestationException {@code SNP_CRL_STALE}
   */
  public void checkFresh(Instant now) throws AttestationException {
    try {
      Instant thisUpdate = crl.getThisUpdate().getDate().toInstant();
      Optional<Instant> nextUpdate =
          Optional.ofNullable(crl.getNextUpdate()).map(t -> t.getDate().toInstant());
      if (now.isBefore(thisUpdate)) {
        throw new AttestationException(ErrorCode.SNP_CRL_STALE,
            "CRL thisUpdate " + thisUpdate + " is after the verification time " + now);
      }
      if (nextUpdate.isEmpty() || now.isAfter(nextUpdate.get())) {
        throw new AttestationException(ErrorCode.SNP_CRL_STALE,
            "CRL nextUpdate " + nextUpdate.map(Instant::toString).orElse("(absent)")
                + " is before the verification time " + now);
      }
    } catch (RuntimeException e) {
      throw new AttestationException(ErrorCode.SNP_CRL_INVALID, "CRL time is malformed", e);
    }
  }

  /** Whether {@code serial} is listed as revoked. */
  public boolean revokes(BigInteger serial) {
    for (TBSCertList.CRLEntry entry : crl.getRevokedCertificates()) {
      if (entry.getUserCertificate().getValue().equals(serial)) {
        return true;
      }
    }
    return false;
  }
}

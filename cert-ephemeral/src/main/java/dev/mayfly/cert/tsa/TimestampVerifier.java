package dev.mayfly.cert.tsa;

import static java.util.Objects.requireNonNull;

import dev.mayfly.cert.CertVerificationException;
import dev.mayfly.cert.internal.Crypto;
import dev.mayfly.common.ErrorCode;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.bouncycastle.asn1.cmp.PKIStatus;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.tsp.TSPException;
import org.bouncycastle.tsp.TimeStampResponse;
import org.bouncycastle.tsp.TimeStampToken;
import org.bouncycastle.tsp.TimeStampTokenInfo;
import org.jspecify.annotations.Nullable;

/**
 * Verifies an RFC 3161 TimeStampResp over a signature against a set of trusted TSA certificates.
 *
 * <p>Checks, in order: the response parses and is granted (RFC 3161 §2.4.2); the token's message
 * imprint is SHA-256 of exactly the given signature bytes (§2.4.2, TSTInfo); the signing
 * certificate is trusted, either listed itself or issued by a listed CA certificate; its CMS
 * signature, ESS signing-certificate attribute, critical timeStamping extended key usage (§2.3)
 * and validity at genTime hold (Bouncy Castle's {@code TimeStampToken.validate}); and the issuer
 * was valid at genTime.
 *
 * <p><b>Security:</b> no revocation check is made; the trusted list is the whole trust decision.
 * Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class TimestampVerifier {
  private final List<X509Certificate> trusted;

  private TimestampVerifier(List<X509Certificate> trusted) {
    this.trusted = trusted;
  }

  /**
   * A verifier trusting {@code trusted}: TSA certificates and the roots that issued them, for
   * example the {@code timestampAuthorities} chains of a Sigstore trusted root.
   *
   * @throws IllegalArgumentException when the list is empty
   */
  public static TimestampVerifier create(List<X509Certificate> trusted) {
    requireNonNull(trusted, "trusted");
    if (trusted.isEmpty()) {
      throw new IllegalArgumentException("at least one trusted TSA certificate is needed");
    }
    return new TimestampVerifier(List.copyOf(trusted));
  }

  /**
   * Verifies {@code response} as a timestamp over {@code signature}.
   *
   * @throws CertVerificationException {@link ErrorCode#CERT_TIMESTAMP_INVALID} for any failure
   */
  public VerifiedTimestamp verify(byte[] response, byte[] signature)
      throws CertVerificationException {
    requireNonNull(response, "response");
    requireNonNull(signature, "signature");
    TimeStampResponse parsed;
    try {
      parsed = new TimeStampResponse(response);
    } catch (TSPException | IOException | RuntimeException e) {
      throw invalid("TimeStampResp does not parse", e);
    }
    int status = parsed.getStatus();
    if (status != PKIStatus.GRANTED && status != PKIStatus.GRANTED_WITH_MODS) {
      throw invalid("TimeStampResp status is " + status + ", expected granted", null);
    }
    // Bouncy Castle decodes the token, its info and its embedded certificates lazily: read them
    // all here, so that malformed ASN.1 anywhere in them is CERT_TIMESTAMP_INVALID.
    TimeStampToken token;
    TimeStampTokenInfo info;
    Instant time;
    List<X509CertificateHolder> embedded = new ArrayList<>();
    try {
      token = parsed.getTimeStampToken();
      if (token == null) {
        throw invalid("TimeStampResp carries no token", null);
      }
      info = token.getTimeStampInfo();
      time = info.getGenTime().toInstant();
      @SuppressWarnings("unchecked")
      Collection<X509CertificateHolder> certificates = token.getCertificates().getMatches(null);
      embedded.addAll(certificates);
      token.getSID();
    } catch (RuntimeException e) {
      throw invalid("timestamp token is malformed: " + e.getClass().getSimpleName(), e);
    }
    if (!NISTObjectIdentifiers.id_sha256.equals(info.getMessageImprintAlgOID())) {
      throw invalid("message imprint algorithm is " + info.getMessageImprintAlgOID()
          + ", expected SHA-256", null);
    }
    if (!MessageDigest.isEqual(info.getMessageImprintDigest(), Crypto.sha256(signature))) {
      throw invalid("message imprint is not SHA-256 of the signature", null);
    }
    X509CertificateHolder signer = findSigner(token, embedded);
    X509Certificate signerCert;
    try {
      signerCert = Crypto.toJdk(signer);
    } catch (CertificateException e) {
      throw invalid("TSA certificate does not parse", e);
    }
    checkTrusted(signerCert, time);
    try {
      token.validate(new JcaSimpleSignerInfoVerifierBuilder().setProvider(Crypto.BC).build(signer));
    } catch (TSPException | OperatorCreationException | CertificateException e) {
      throw invalid("timestamp token does not verify: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      // Bouncy Castle parses the signed attributes (CMSAlgorithmProtection among them) only here;
      // malformed ASN.1 in them surfaces as IllegalArgumentException or IllegalStateException.
      throw invalid("timestamp token's signed attributes are malformed: "
          + e.getClass().getSimpleName(), e);
    }
    return new VerifiedTimestamp(response, time, signerCert, info.getMessageImprintDigest());
  }

  private X509CertificateHolder findSigner(TimeStampToken token,
      List<X509CertificateHolder> embedded) throws CertVerificationException {
    List<X509CertificateHolder> candidates = new ArrayList<>(embedded);
    for (X509Certificate certificate : trusted) {
      try {
        candidates.add(Crypto.toHolder(certificate));
      } catch (CertificateException e) {
        throw invalid("trusted TSA certificate does not parse", e);
      }
    }
    for (X509CertificateHolder candidate : candidates) {
      if (token.getSID().match(candidate)) {
        return candidate;
      }
    }
    throw invalid("no certificate matches the token's signer id", null);
  }

  private void checkTrusted(X509Certificate signer, Instant time) throws CertVerificationException {
    for (X509Certificate anchor : trusted) {
      if (anchor.equals(signer)) {
        return;
      }
    }
    for (X509Certificate anchor : trusted) {
      if (!anchor.getSubjectX500Principal().equals(signer.getIssuerX500Principal())
          || anchor.getBasicConstraints() < 0) {
        continue;
      }
      try {
        signer.verify(anchor.getPublicKey(), Crypto.BC);
      } catch (GeneralSecurityException e) {
        continue;
      }
      if (time.isBefore(anchor.getNotBefore().toInstant())
          || time.isAfter(anchor.getNotAfter().toInstant())) {
        throw invalid("TSA root is not valid at the timestamp's time " + time, null);
      }
      return;
    }
    throw invalid("TSA certificate " + signer.getSubjectX500Principal() + " is not trusted", null);
  }

  private static CertVerificationException invalid(String message, @Nullable Throwable cause) {
    return new CertVerificationException(ErrorCode.CERT_TIMESTAMP_INVALID, message, cause);
  }
}

package dev.mayfly.cert.mint;

import static java.util.Objects.requireNonNull;

import dev.mayfly.cert.CertMintingException;
import dev.mayfly.cert.CertVerificationException;
import dev.mayfly.cert.internal.Crypto;
import dev.mayfly.cert.internal.ProfileRules;
import dev.mayfly.cert.internal.ThresholdContentSigner;
import dev.mayfly.common.ErrorCode;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.cert.X509CertificateHolder;
import org.jspecify.annotations.Nullable;

/**
 * Mints the ephemeral certificate of one session (DESIGN.md section 1 step 4, section 5) with a
 * {@link SigningFunction} over the group key.
 *
 * <p>{@link #selfAttested()} (the default mode) signs the TBSCertificate of
 * {@link CertificateTemplates#tbsCertificate} with the group key. {@link #caIssued} signs the
 * CertificationRequestInfo of {@link CertificateTemplates#certificationRequestInfo} and hands the
 * request to a {@link CertificateIssuer}.
 *
 * <p><b>Security:</b> every signature from the signing function is verified under the group key
 * before use, and a CA's answer is checked against the request: same key, every Mayfly extension
 * unchanged, the ephemeral profile, a validity inside the agreed window and within the cap, and a
 * leaf signed by the next certificate of the returned chain.
 *
 * <p>Thread-safety: immutable and thread-safe if the issuer is.
 *
 * @since 0.1.0
 */
public final class CertificateMinter {
  private final @Nullable CertificateIssuer issuer;

  private CertificateMinter(@Nullable CertificateIssuer issuer) {
    this.issuer = issuer;
  }

  /** A minter for self-attested certificates (self-signed by the group key). */
  public static CertificateMinter selfAttested() {
    return new CertificateMinter(null);
  }

  /** A minter that has {@code issuer} issue the certificate from a CSR. */
  public static CertificateMinter caIssued(CertificateIssuer issuer) {
    return new CertificateMinter(requireNonNull(issuer, "issuer"));
  }

  /** This minter's issuance mode. */
  public IssuanceMode mode() {
    return issuer == null ? IssuanceMode.SELF_ATTESTED : IssuanceMode.CA_ISSUED;
  }

  /**
   * Mints the certificate for {@code profile}.
   *
   * @throws IllegalArgumentException when {@code signer}'s key is not the profile's group key
   * @throws CertMintingException when signing fails ({@link ErrorCode#CERT_SIGNING_FAILED},
   *     {@link ErrorCode#CERT_SIGNATURE_INVALID}) or the issuer fails or answers wrongly
   *     ({@link ErrorCode#CERT_ISSUED_CERTIFICATE_INVALID})
   */
  public MintedCertificate mint(CertificateProfile profile, SigningFunction signer)
      throws CertMintingException {
    requireNonNull(profile, "profile");
    requireNonNull(signer, "signer");
    if (!signer.groupPublicKey().equals(profile.groupKey())) {
      throw new IllegalArgumentException("signing function key differs from the profile's key");
    }
    if (issuer == null) {
      byte[] tbs = CertificateTemplates.tbsCertificate(profile);
      byte[] signature = ThresholdContentSigner.signAndCheck(signer, tbs);
      X509Certificate leaf = CertificateTemplates.assembleCertificate(tbs, signature);
      return new MintedCertificate(IssuanceMode.SELF_ATTESTED, List.of(leaf), null);
    }
    byte[] info = CertificateTemplates.certificationRequestInfo(profile);
    byte[] signature = ThresholdContentSigner.signAndCheck(signer, info);
    byte[] csr = CertificateTemplates.assembleCertificationRequest(
        info, profile.groupKey().algorithm(), signature);
    List<X509Certificate> chain =
        issuer.issue(new IssuanceRequest(csr, profile.notBefore(), profile.validity()));
    checkIssued(profile, chain);
    return new MintedCertificate(IssuanceMode.CA_ISSUED, chain, csr);
  }

  private static void checkIssued(CertificateProfile profile, List<X509Certificate> chain)
      throws CertMintingException {
    if (chain.isEmpty()) {
      throw issued("issuer returned no certificate", null);
    }
    X509Certificate leaf = chain.get(0);
    MayflyExtensions extensions;
    try {
      extensions = ProfileRules.check(leaf, profile.maxValidity());
    } catch (CertVerificationException e) {
      throw issued(e.getMessage(), e);
    }
    List<String> problems = new ArrayList<>();
    GroupPublicKey key;
    try {
      key = GroupPublicKey.of(leaf.getPublicKey());
      if (!key.equals(profile.groupKey())) {
        problems.add("certified key is not the group key");
      }
    } catch (IllegalArgumentException e) {
      problems.add("certified key: " + e.getMessage());
    }
    MayflyExtensions expected = profile.extensions();
    if (!Arrays.equals(extensions.sessionId(), expected.sessionId())
        || !Arrays.equals(extensions.teePolicyHash(), expected.teePolicyHash())
        || !Arrays.equals(extensions.evidenceDigest(), expected.evidenceDigest())
        || !Arrays.equals(extensions.approvalsDigest(), expected.approvalsDigest())
        || extensions.threshold() != expected.threshold()
        || extensions.parties() != expected.parties()
        || !extensions.protocol().equals(expected.protocol())) {
      problems.add("Mayfly extensions differ from the request");
    }
    if (leaf.getNotBefore().toInstant().isBefore(profile.notBefore())
        || leaf.getNotAfter().toInstant().isAfter(profile.notBefore().plus(profile.maxValidity()))) {
      problems.add("validity " + leaf.getNotBefore().toInstant() + ".."
          + leaf.getNotAfter().toInstant() + " leaves the agreed window starting "
          + profile.notBefore());
    }
    if (chain.size() > 1) {
      try {
        X509CertificateHolder holder = Crypto.toHolder(leaf);
        if (!holder.isSignatureValid(Crypto.verifierFor(chain.get(1)))) {
          problems.add("leaf is not signed by the next certificate of the chain");
        }
      } catch (GeneralSecurityException | org.bouncycastle.cert.CertException e) {
        problems.add("leaf signature cannot be checked: " + e.getMessage());
      }
    }
    if (!problems.isEmpty()) {
      throw issued(String.join("; ", problems), null);
    }
  }

  private static CertMintingException issued(String message, @Nullable Throwable cause) {
    return new CertMintingException(ErrorCode.CERT_ISSUED_CERTIFICATE_INVALID,
        "issued certificate refused: " + message, cause);
  }
}

package dev.mayfly.cert.internal;

import dev.mayfly.cert.CertVerificationException;
import dev.mayfly.cert.mint.GroupPublicKey;
import dev.mayfly.cert.mint.MayflyExtensions;
import dev.mayfly.common.ErrorCode;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;

/** The ephemeral certificate profile of DESIGN.md section 5, checked on a finished certificate. */
public final class ProfileRules {
  private ProfileRules() {}

  /**
   * Checks {@code leaf} against the profile and returns its Mayfly extensions. Every violation
   * found is listed in one exception.
   *
   * @throws CertVerificationException {@link ErrorCode#CERT_PROFILE_VIOLATION}
   */
  public static MayflyExtensions check(X509Certificate leaf, Duration maxValidity)
      throws CertVerificationException {
    List<String> violations = new ArrayList<>();
    X509CertificateHolder holder;
    try {
      holder = Crypto.toHolder(leaf);
    } catch (CertificateException e) {
      throw new CertVerificationException(
          ErrorCode.CERT_PROFILE_VIOLATION, "certificate does not parse", e);
    }
    if (holder.getVersionNumber() != 3) {
      violations.add("version is " + holder.getVersionNumber() + ", expected 3");
    }
    try {
      GroupPublicKey.of(leaf.getPublicKey());
    } catch (IllegalArgumentException e) {
      violations.add("key: " + e.getMessage());
    }
    Extensions extensions = holder.getExtensions();
    if (extensions == null) {
      throw new CertVerificationException(
          ErrorCode.CERT_PROFILE_VIOLATION, "certificate has no extensions");
    }
    Extension ku = extensions.getExtension(Extension.keyUsage);
    if (ku == null || !ku.isCritical()) {
      violations.add("keyUsage must be present and critical");
    } else {
      KeyUsage usage = KeyUsage.getInstance(ku.getParsedValue());
      if (!usage.hasUsages(KeyUsage.digitalSignature) || usage.hasUsages(KeyUsage.keyCertSign)) {
        violations.add("keyUsage must allow digitalSignature and not keyCertSign");
      }
    }
    ExtendedKeyUsage eku = ExtendedKeyUsage.fromExtensions(extensions);
    if (eku == null || !eku.hasKeyPurposeId(KeyPurposeId.id_kp_codeSigning)) {
      violations.add("extendedKeyUsage must include codeSigning");
    }
    BasicConstraints bc = BasicConstraints.fromExtensions(extensions);
    if (bc != null && bc.isCA()) {
      violations.add("basicConstraints must not allow a CA");
    }
    if (extensions.getExtension(Extension.subjectKeyIdentifier) == null) {
      violations.add("subjectKeyIdentifier is missing");
    }
    Duration validity = Duration.between(
        leaf.getNotBefore().toInstant(), leaf.getNotAfter().toInstant());
    if (validity.isNegative() || validity.isZero() || validity.compareTo(maxValidity) > 0) {
      violations.add("validity is " + validity + ", cap is " + maxValidity);
    }
    MayflyExtensions mayfly = null;
    try {
      mayfly = MayflyExtensions.read(leaf);
    } catch (CertVerificationException e) {
      violations.add(e.getMessage());
    }
    if (!violations.isEmpty() || mayfly == null) {
      throw new CertVerificationException(ErrorCode.CERT_PROFILE_VIOLATION,
          "certificate breaks the ephemeral profile: " + String.join("; ", violations));
    }
    return mayfly;
  }
}

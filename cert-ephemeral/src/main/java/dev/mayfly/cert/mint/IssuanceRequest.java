package dev.mayfly.cert.mint;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

/**
 * What a {@link CertificateIssuer} is asked for: a PKCS #10 request signed by the group key, and
 * the validity window the parties agreed on.
 *
 * @param csr the request, signed by the group key, with an extensionRequest attribute
 * @param notBefore the agreed notBefore (whole seconds)
 * @param validity the agreed validity
 * @since 0.1.0
 */
public record IssuanceRequest(PKCS10CertificationRequest csr, Instant notBefore, Duration validity) {
  /** Checks for nulls. */
  public IssuanceRequest {
    requireNonNull(csr, "csr");
    requireNonNull(notBefore, "notBefore");
    requireNonNull(validity, "validity");
  }
}

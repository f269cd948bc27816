package dev.mayfly.cert.mint;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * What a {@link CertificateIssuer} is asked for: a PKCS #10 request signed by the group key, and
 * the validity window the parties agreed on.
 *
 * @param csr the DER-encoded PKCS #10 request (RFC 2986), signed by the group key, with an
 *     extensionRequest attribute; copied in and out
 * @param notBefore the agreed notBefore (whole seconds)
 * @param validity the agreed validity
 * @since 0.1.0
 */
public record IssuanceRequest(byte[] csr, Instant notBefore, Duration validity) {
  /** Checks for nulls and copies the request bytes. */
  public IssuanceRequest {
    csr = requireNonNull(csr, "csr").clone();
    requireNonNull(notBefore, "notBefore");
    requireNonNull(validity, "validity");
  }

  /** A copy of the DER-encoded PKCS #10 request. */
  @Override
  public byte[] csr() {
    return csr.clone();
  }

  /** Equal when the request bytes, the start and the validity are equal. */
  @Override
  public boolean equals(Object other) {
    return other instanceof IssuanceRequest r && Arrays.equals(csr, r.csr)
        && notBefore.equals(r.notBefore) && validity.equals(r.validity);
  }

  @Override
  public int hashCode() {
    return Objects.hash(Arrays.hashCode(csr), notBefore, validity);
  }

  @Override
  public String toString() {
    return "IssuanceRequest[" + csr.length + " CSR bytes, notBefore=" + notBefore
        + ", validity=" + validity + "]";
  }
}

package dev.mayfly.cert.tsa;

import static java.util.Objects.requireNonNull;

import java.security.cert.X509Certificate;
import java.time.Instant;

/**
 * Proof that an RFC 3161 timestamp verified: the authority signed, at {@link #time()}, the SHA-256
 * digest of the signature bytes it was checked against.
 *
 * @since 0.1.0
 */
public final class VerifiedTimestamp {
  private final byte[] response;
  private final Instant time;
  private final X509Certificate authorityCertificate;
  private final byte[] imprint;

  VerifiedTimestamp(
      byte[] response, Instant time, X509Certificate authorityCertificate, byte[] imprint) {
    this.response = requireNonNull(response, "response").clone();
    this.imprint = requireNonNull(imprint, "imprint").clone();
    this.time = requireNonNull(time, "time");
    this.authorityCertificate = requireNonNull(authorityCertificate, "authorityCertificate");
  }

  /** A copy of the whole DER TimeStampResp, as it goes into a Sigstore bundle. */
  public byte[] response() {
    return response.clone();
  }

  /** The SHA-256 message imprint: the digest of the signature bytes the timestamp covers. */
  public byte[] imprint() {
    return imprint.clone();
  }

  /** The TSTInfo genTime. */
  public Instant time() {
    return time;
  }

  /** The TSA certificate that signed the token. */
  public X509Certificate authorityCertificate() {
    return authorityCertificate;
  }

  @Override
  public String toString() {
    return "VerifiedTimestamp[" + time + ", " + authorityCertificate.getSubjectX500Principal() + "]";
  }
}

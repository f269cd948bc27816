package dev.mayfly.transport.grpc.internal;

import dev.mayfly.snp.validate.ValidatedReport;
import java.time.Instant;

/**
 * What one peer certificate proved in a handshake: the SHA-256 of the certificate and of its TLS
 * key, and the verified and validated report that binds the key.
 *
 * @param certificateSha256 SHA-256 of the certificate's DER
 * @param tlsKeySha256 SHA-256 of the certificate's SubjectPublicKeyInfo
 * @param report the report, verified and validated against the local policy
 * @param notAfter the end of the certificate's validity
 * @param verifiedAt when the checks ran (node clock)
 */
public record VerifiedTlsPeer(byte[] certificateSha256, byte[] tlsKeySha256,
    ValidatedReport report, Instant notAfter, Instant verifiedAt) {

  /** The certificate hash as lower-case hex, a map key. */
  public String certificateId() {
    return java.util.HexFormat.of().formatHex(certificateSha256);
  }
}

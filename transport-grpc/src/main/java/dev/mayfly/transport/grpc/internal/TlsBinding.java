package dev.mayfly.transport.grpc.internal;

import static java.util.Objects.requireNonNull;

import dev.mayfly.common.internal.Sha256;
import dev.mayfly.transport.Envelope;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The REPORT_DATA that binds a party process's TLS key to its SEV-SNP report:
 * {@code SHA-512("mayfly/v1/tls" || SHA-256(SubjectPublicKeyInfo DER) || teePolicyHash)}, every
 * field of fixed length (13, 32 and 32 bytes).
 */
public final class TlsBinding {
  /** The domain label; distinct from the ceremony's {@code mayfly/v1/party} and others. */
  public static final byte[] LABEL = "mayfly/v1/tls".getBytes(StandardCharsets.US_ASCII);

  /** The length of REPORT_DATA. */
  public static final int REPORT_DATA_BYTES = 64;

  private TlsBinding() {}

  /**
   * The 64-byte REPORT_DATA for a TLS key and a policy hash.
   *
   * @throws IllegalArgumentException if {@code teePolicyHash} is not 32 bytes
   */
  public static byte[] reportData(byte[] subjectPublicKeyInfo, byte[] teePolicyHash) {
    requireNonNull(subjectPublicKeyInfo, "subjectPublicKeyInfo");
    requireNonNull(teePolicyHash, "teePolicyHash");
    if (teePolicyHash.length != Envelope.POLICY_HASH_BYTES) {
      throw new IllegalArgumentException("TEE policy hash must be " + Envelope.POLICY_HASH_BYTES
          + " bytes, got " + teePolicyHash.length);
    }
    MessageDigest sha512 = digest("SHA-512");
    sha512.update(LABEL);
    sha512.update(Sha256.hash(subjectPublicKeyInfo));
    sha512.update(teePolicyHash);
    return sha512.digest();
  }

  private static MessageDigest digest(String name) {
    try {
      return MessageDigest.getInstance(name);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(name + " missing from the JDK", e);
    }
  }
}

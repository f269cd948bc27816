package dev.mayfly.approval.dsse;

import static java.util.Objects.requireNonNull;

import dev.mayfly.approval.ApprovalException;
import dev.mayfly.approval.keys.ApproverPublicKey;
import dev.mayfly.common.ErrorCode;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Verifies a DSSE envelope against trusted public keys with a threshold (DSSE
 * {@code protocol.md}, "Multi-signature Verification").
 *
 * <p>The envelope is accepted when signatures by at least {@code threshold} <em>distinct</em>
 * trusted keys verify over its PAE and its payload type is one of the supported types. Every
 * signature is tried against every trusted key: the {@code keyid} is a hint only and is never
 * relied on. Signatures that verify under no trusted key are skipped, as the protocol says.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class DsseVerifier {
  private final List<ApproverPublicKey> trustedKeys;
  private final int threshold;
  private final Set<String> payloadTypes;

  private DsseVerifier(Builder b) {
    this.trustedKeys = List.copyOf(b.trustedKeys);
    this.threshold = b.threshold;
    this.payloadTypes = Set.copyOf(b.payloadTypes);
  }

  /** A builder; at least one trusted key and one payload type are required. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Verifies {@code envelope}.
   *
   * @return the verified payload and the keys that signed it
   * @throws ApprovalException {@link ErrorCode#APPROVAL_BAD_SIGNATURE} if fewer than the threshold
   *     of distinct trusted keys signed; {@link ErrorCode#APPROVAL_MALFORMED} if the signatures
   *     suffice but the payload type is not supported
   */
  public VerifiedDsseEnvelope verify(DsseEnvelope envelope) throws ApprovalException {
    requireNonNull(envelope, "envelope");
    byte[] pae = envelope.preAuthEncoding();
    Set<ApproverPublicKey> accepted = new LinkedHashSet<>();
    for (DsseSignature signature : envelope.signatures()) {
      byte[] sig = signature.signature();
      for (ApproverPublicKey key : trustedKeys) {
        if (!accepted.contains(key) && verifies(key, pae, sig)) {
          accepted.add(key);
          break;
        }
      }
    }
    if (accepted.size() < threshold) {
      throw new ApprovalException(
          ErrorCode.APPROVAL_BAD_SIGNATURE,
          "DSSE envelope is signed by " + accepted.size() + " distinct trusted keys, "
              + threshold + " required");
    }
    if (!payloadTypes.contains(envelope.payloadType())) {
      throw new ApprovalException(
          ErrorCode.APPROVAL_MALFORMED,
          "DSSE payload type \"" + envelope.payloadType() + "\" is not one of " + payloadTypes);
    }
    return new VerifiedDsseEnvelope(envelope, List.copyOf(accepted));
  }

  private static boolean verifies(ApproverPublicKey key, byte[] pae, byte[] sig) {
    try {
      key.verify(pae, sig);
      return true;
    } catch (ApprovalException e) {
      return false;
    }
  }

  /**
   * Collects the trusted keys, threshold (default 1) and supported payload types.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private final Set<ApproverPublicKey> trustedKeys = new LinkedHashSet<>();
    private final Set<String> payloadTypes = new LinkedHashSet<>();
    private int threshold = 1;

    private Builder() {}

    /** Adds a trusted key (adding the same key twice has no effect). */
    public Builder trustedKey(ApproverPublicKey key) {
      trustedKeys.add(requireNonNull(key, "key"));
      return this;
    }

    /** How many distinct trusted keys must sign; default 1. */
    public Builder threshold(int threshold) {
      this.threshold = threshold;
      return this;
    }

    /** Adds a supported payload type, e.g. {@code application/vnd.in-toto+json}. */
    public Builder payloadType(String payloadType) {
      payloadTypes.add(requireNonNull(payloadType, "payloadType"));
      return this;
    }

    /**
     * Builds the verifier.
     *
     * @throws IllegalArgumentException without trusted keys or payload types, or unless
     *     1 ≤ threshold ≤ number of trusted keys
     */
    public DsseVerifier build() {
      if (trustedKeys.isEmpty()) {
        throw new IllegalArgumentException("at least one trusted key is required");
      }
      if (payloadTypes.isEmpty()) {
        throw new IllegalArgumentException("at least one payload type is required");
      }
      if (threshold < 1 || threshold > trustedKeys.size()) {
        throw new IllegalArgumentException(
            "threshold must be in 1.." + trustedKeys.size() + ", got " + threshold);
      }
      return new DsseVerifier(this);
    }
  }
}

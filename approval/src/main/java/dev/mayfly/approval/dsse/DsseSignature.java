package dev.mayfly.approval.dsse;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * One signature of a DSSE envelope: the unauthenticated {@code keyid} hint (may be empty) and the
 * signature bytes. Bytes are copied in and out.
 *
 * <p><b>Security:</b> the key id only narrows which keys a verifier tries (DSSE
 * {@code protocol.md}, "KEYID"); it never decides who signed.
 *
 * @since 0.1.0
 */
public final class DsseSignature {
  private final String keyId;
  private final byte[] signature;

  private DsseSignature(String keyId, byte[] signature) {
    this.keyId = keyId;
    this.signature = signature;
  }

  /**
   * A signature with key id {@code keyId} ({@code ""} for none).
   *
   * @throws IllegalArgumentException if {@code signature} is empty
   */
  public static DsseSignature of(String keyId, byte[] signature) {
    requireNonNull(keyId, "keyId");
    requireNonNull(signature, "signature");
    if (signature.length == 0) {
      throw new IllegalArgumentException("a DSSE signature must not be empty");
    }
    return new DsseSignature(keyId, signature.clone());
  }

  /** The key id hint; {@code ""} when absent. */
  public String keyId() {
    return keyId;
  }

  /** A copy of the signature bytes. */
  public byte[] signature() {
    return signature.clone();
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof DsseSignature other
        && keyId.equals(other.keyId)
        && Arrays.equals(signature, other.signature);
  }

  @Override
  public int hashCode() {
    return 31 * keyId.hashCode() + Arrays.hashCode(signature);
  }

  @Override
  public String toString() {
    return "DsseSignature[keyid \"" + keyId + "\", " + signature.length + " bytes]";
  }
}

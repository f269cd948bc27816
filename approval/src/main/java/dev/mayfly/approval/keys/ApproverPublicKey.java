package dev.mayfly.approval.keys;

import static java.util.Objects.requireNonNull;

import dev.mayfly.approval.ApprovalException;
import dev.mayfly.approval.internal.KeyCodec;
import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.internal.Hex;
import dev.mayfly.common.internal.Sha256;
import java.util.Arrays;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.jspecify.annotations.Nullable;

/**
 * An approver's public key: Ed25519 or ECDSA P-256, held as its canonical DER
 * SubjectPublicKeyInfo (RFC 5280 §4.1.2.7; RFC 8410 §4 for Ed25519, RFC 5480 §2 for P-256).
 *
 * <p>The {@link #keyId() key id} is the lowercase hex SHA-256 of that DER, the value Mayfly writes
 * into the DSSE {@code keyid} field. Two keys are equal when their DER is equal.
 *
 * <p><b>Security:</b> parsing refuses anything but the canonical DER of a valid key: Ed25519
 * points are fully validated (no small-order points), P-256 points must be uncompressed and on
 * the curve, and the P-256 curve must be named, not given by explicit parameters.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class ApproverPublicKey {
  private static final String PEM_TYPE = "PUBLIC KEY";

  private final KeyAlgorithm algorithm;
  private final byte[] spki;
  private final String keyId;
  private final AsymmetricKeyParameter parameters;

  private ApproverPublicKey(byte[] spki, AsymmetricKeyParameter parameters) {
    this.algorithm = parameters instanceof Ed25519PublicKeyParameters
        ? KeyAlgorithm.ED25519
        : KeyAlgorithm.ECDSA_P256;
    this.spki = spki;
    this.keyId = Hex.encode(Sha256.hash(spki));
    this.parameters = parameters;
  }

  /** Wraps a public key derived from a private key this module holds (cannot be malformed). */
  static ApproverPublicKey of(AsymmetricKeyParameter parameters) {
    return new ApproverPublicKey(KeyCodec.encodeSpki(parameters), parameters);
  }

  /**
   * Parses a DER SubjectPublicKeyInfo.
   *
   * @throws ApprovalException {@link ErrorCode#APPROVAL_MALFORMED} if it is not the canonical DER
   *     of a valid Ed25519 or P-256 key
   */
  public static ApproverPublicKey parseDer(byte[] spkiDer) throws ApprovalException {
    requireNonNull(spkiDer, "spkiDer");
    byte[] copy = spkiDer.clone();
    return new ApproverPublicKey(copy, KeyCodec.parseSpki(copy));
  }

  /**
   * Parses one PEM block {@code -----BEGIN PUBLIC KEY-----} (RFC 7468 §13) holding a DER
   * SubjectPublicKeyInfo, as written by {@code openssl pkey -pubout}.
   *
   * @throws ApprovalException {@link ErrorCode#APPROVAL_MALFORMED} for anything else
   */
  public static ApproverPublicKey parsePem(String pem) throws ApprovalException {
    requireNonNull(pem, "pem");
    return parseDer(KeyCodec.readPem(pem, PEM_TYPE, "public key"));
  }

  /** The signature algorithm. */
  public KeyAlgorithm algorithm() {
    return algorithm;
  }

  /** A copy of the canonical DER SubjectPublicKeyInfo. */
  public byte[] encoded() {
    return spki.clone();
  }

  /** The lowercase hex SHA-256 of {@link #encoded()}: the DSSE {@code keyid} Mayfly writes. */
  public String keyId() {
    return keyId;
  }

  /** PEM text ({@code -----BEGIN PUBLIC KEY-----}, {@code \n} line ends) of {@link #encoded()}. */
  public String toPem() {
    return KeyCodec.writePem(PEM_TYPE, spki);
  }

  /**
   * Verifies {@code signature} over {@code message}: Ed25519 (RFC 8032 §5.1.7) over the message,
   * or ECDSA P-256 over SHA-256 of the message with a canonical DER signature.
   *
   * @throws ApprovalException {@link ErrorCode#APPROVAL_BAD_SIGNATURE} if it does not verify
   */
  public void verify(byte[] message, byte[] signature) throws ApprovalException {
    requireNonNull(message, "message");
    requireNonNull(signature, "signature");
    if (!KeyCodec.verify(parameters, message, signature)) {
      throw new ApprovalException(
          ErrorCode.APPROVAL_BAD_SIGNATURE,
          algorithm.id() + " signature does not verify under key " + keyId);
    }
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof ApproverPublicKey other && Arrays.equals(spki, other.spki);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(spki);
  }

  @Override
  public String toString() {
    return "ApproverPublicKey[" + algorithm.id() + ", keyid " + keyId + "]";
  }
}

package dev.mayfly.mpc.sign;

import static java.util.Objects.requireNonNull;

import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.ProtocolException;
import dev.mayfly.mpc.ciphersuite.Ciphersuite;
import dev.mayfly.mpc.ciphersuite.GroupElement;
import dev.mayfly.mpc.ciphersuite.internal.SuiteMath;
import dev.mayfly.mpc.keygen.PublicKeyPackage;
import dev.mayfly.mpc.sign.internal.FrostSigning;
import java.util.HexFormat;

/**
 * A Schnorr signature {@code R || z} that has been verified under a public key (RFC 9591 §5.3 and
 * §6): for Ed25519 a standard 64-byte RFC 8032 signature, for P-256 a 65-byte Schnorr signature
 * (not ECDSA).
 *
 * <p>Only {@link #verify} and the aggregation create instances, so holding one proves the
 * signature verified (cofactored verification, as RFC 9591 specifies).
 *
 * @since 0.1.0
 */
public final class FrostSignature {
  private final Ciphersuite suite;
  private final byte[] signature;
  private final byte[] publicKey;

  FrostSignature(Ciphersuite suite, byte[] signature, byte[] publicKey) {
    this.suite = suite;
    this.signature = signature.clone();
    this.publicKey = publicKey.clone();
  }

  /**
   * Verifies {@code signature} over {@code message} under the group key of {@code keys}.
   *
   * @throws ProtocolException {@code MPC_INVALID_SIGNATURE} if it does not verify
   */
  public static FrostSignature verify(PublicKeyPackage keys, byte[] message, byte[] signature)
      throws ProtocolException {
    requireNonNull(keys, "keys");
    return verify(keys.ciphersuite(), keys.groupPublicKeyBytes(), message, signature);
  }

  /**
   * Verifies {@code signature} over {@code message} under an encoded public key.
   *
   * @throws ProtocolException {@code MPC_INVALID_ELEMENT} if the key is not a valid element;
   *     {@code MPC_INVALID_SIGNATURE} if the signature is malformed or does not verify
   */
  public static FrostSignature verify(Ciphersuite suite, byte[] publicKey, byte[] message,
      byte[] signature) throws ProtocolException {
    requireNonNull(suite, "suite");
    requireNonNull(publicKey, "publicKey");
    requireNonNull(message, "message");
    requireNonNull(signature, "signature");
    SuiteMath math = SuiteMath.of(suite);
    GroupElement pk = publicKey.length == math.elementLength() ? math.decode(publicKey, 0) : null;
    if (pk == null) {
      throw new ProtocolException(ErrorCode.MPC_INVALID_ELEMENT,
          "public key is not a valid " + suite.name() + " element");
    }
    if (signature.length != suite.signatureLengthBytes()) {
      throw new ProtocolException(ErrorCode.MPC_INVALID_SIGNATURE, "signature is "
          + signature.length + " bytes, expected " + suite.signatureLengthBytes());
    }
    GroupElement r = math.decode(signature, 0);
    int[] z = math.decodeScalar(signature, math.elementLength());
    if (r == null || z == null || !FrostSigning.verifySignature(math, r, z, pk, message)) {
      throw new ProtocolException(ErrorCode.MPC_INVALID_SIGNATURE,
          "signature does not verify under the public key");
    }
    return new FrostSignature(suite, signature, publicKey);
  }

  /** The ciphersuite. */
  public Ciphersuite ciphersuite() {
    return suite;
  }

  /** The signature bytes {@code R || z}. */
  public byte[] bytes() {
    return signature.clone();
  }

  /** The encoded public key it verified under. */
  public byte[] publicKey() {
    return publicKey.clone();
  }

  @Override
  public String toString() {
    return "FrostSignature[" + suite.name() + ", " + HexFormat.of().formatHex(signature) + "]";
  }
}

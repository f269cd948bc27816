package dev.mayfly.cert.bundle;

import static java.util.Objects.requireNonNull;

import dev.mayfly.cert.CertMintingException;
import dev.mayfly.cert.internal.Crypto;
import dev.mayfly.cert.internal.Signatures;
import dev.mayfly.cert.mint.GroupPublicKey;
import dev.mayfly.cert.tsa.VerifiedTimestamp;
import dev.mayfly.common.ErrorCode;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;

/**
 * Writes the Sigstore bundle of a finished session (DESIGN.md section 1 step 7, section 5),
 * checking everything a verifier will check about the signature and the timestamp first, so a
 * bundle that exists is one that verifies.
 *
 * @since 0.1.0
 */
public final class SigstoreBundles {
  private SigstoreBundles() {}

  /**
   * The ECDSA P-256 bundle: a {@code messageSignature} over {@code artifact} with its SHA-256.
   *
   * @throws IllegalArgumentException when the leaf's key is not ECDSA P-256
   * @throws CertMintingException {@link ErrorCode#CERT_SIGNATURE_INVALID} when the signature does
   *     not verify under the leaf's key over the artifact, {@link ErrorCode#CERT_TIMESTAMP_INVALID}
   *     when the timestamp is over other bytes, or {@link ErrorCode#CERT_TIMESTAMP_OUTSIDE_VALIDITY}
   */
  public static SigstoreBundle messageSignature(X509Certificate leaf, byte[] artifact,
      byte[] signature, VerifiedTimestamp timestamp) throws CertMintingException {
    requireNonNull(leaf, "leaf");
    requireNonNull(artifact, "artifact");
    requireNonNull(signature, "signature");
    requireNonNull(timestamp, "timestamp");
    GroupPublicKey key = GroupPublicKey.of(leaf.getPublicKey());
    if (key.algorithm() != dev.mayfly.cert.mint.GroupKeyAlgorithm.ECDSA_P256) {
      throw new IllegalArgumentException(
          "message-signature bundles are for ECDSA P-256 keys; Ed25519 uses a DSSE statement");
    }
    checkSignature(key, artifact, signature);
    checkTimestamp(leaf, signature, timestamp);
    return SigstoreBundle.messageSignature(
        leaf, Crypto.sha256(artifact), signature, List.of(timestamp.response()));
  }

  /**
   * A {@code dsseEnvelope} bundle over {@code payload}: {@code signature} must verify under the
   * leaf's key over {@code preAuthEncoding}, the DSSE PAE of {@code payloadType} and
   * {@code payload} (built by the caller with the approval module's {@code Dsse}).
   *
   * @throws CertMintingException as for {@link #messageSignature}
   */
  public static SigstoreBundle dsseEnvelope(X509Certificate leaf, String payloadType,
      byte[] payload, byte[] preAuthEncoding, byte[] signature, VerifiedTimestamp timestamp)
      throws CertMintingException {
    requireNonNull(leaf, "leaf");
    requireNonNull(payloadType, "payloadType");
    requireNonNull(payload, "payload");
    requireNonNull(preAuthEncoding, "preAuthEncoding");
    requireNonNull(signature, "signature");
    requireNonNull(timestamp, "timestamp");
    checkSignature(GroupPublicKey.of(leaf.getPublicKey()), preAuthEncoding, signature);
    checkTimestamp(leaf, signature, timestamp);
    return SigstoreBundle.dsseEnvelope(
        leaf, payloadType, payload, signature, List.of(timestamp.response()));
  }

  private static void checkSignature(GroupPublicKey key, byte[] message, byte[] signature)
      throws CertMintingException {
    if (!Signatures.isValid(key.algorithm(), key.publicKey(), message, signature)) {
      throw new CertMintingException(ErrorCode.CERT_SIGNATURE_INVALID,
          "signature does not verify under the certificate's " + key.algorithm().id() + " key");
    }
  }

  private static void checkTimestamp(
      X509Certificate leaf, byte[] signature, VerifiedTimestamp timestamp)
      throws CertMintingException {
    if (!MessageDigest.isEqual(timestamp.imprint(), Crypto.sha256(signature))) {
      throw new CertMintingException(
          ErrorCode.CERT_TIMESTAMP_INVALID, "timestamp is over other bytes than the signature");
    }
    Instant time = timestamp.time();
    if (time.isBefore(leaf.getNotBefore().toInstant())
        || time.isAfter(leaf.getNotAfter().toInstant())) {
      throw new CertMintingException(ErrorCode.CERT_TIMESTAMP_OUTSIDE_VALIDITY,
          "timestamp time " + time + " is outside the certificate's validity "
              + leaf.getNotBefore().toInstant() + ".." + leaf.getNotAfter().toInstant());
    }
  }
}

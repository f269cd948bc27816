package dev.mayfly.cert.bundle;

import static java.util.Objects.requireNonNull;

import com.google.gson.JsonObject;
import dev.mayfly.approval.dsse.Dsse;
import dev.mayfly.approval.intoto.InTotoStatement;
import dev.mayfly.cert.CertMintingException;
import dev.mayfly.common.internal.Hex;
import dev.mayfly.cert.internal.Crypto;
import dev.mayfly.cert.internal.Json;
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

  /** The predicate type of the statement an Ed25519 session signs for its bundle. */
  public static final String SIGNATURE_PREDICATE_TYPE = "urn:mayfly:signature:v1";

  /**
   * The in-toto Statement v1 JSON that an Ed25519 session signs for its Sigstore bundle: subject
   * {@code artifactName} with its sha256, predicate type {@value #SIGNATURE_PREDICATE_TYPE},
   * predicate {@code {"sessionId": "<hex>"}}.
   */
  public static byte[] artifactStatement(String artifactName, byte[] artifactSha256,
      byte[] sessionId) {
    requireNonNull(artifactName, "artifactName");
    requireNonNull(artifactSha256, "artifactSha256");
    requireNonNull(sessionId, "sessionId");
    JsonObject predicate = new JsonObject();
    predicate.addProperty("sessionId", Hex.encode(sessionId));
    return InTotoStatement.builder().subject(artifactName, artifactSha256)
        .predicateType(SIGNATURE_PREDICATE_TYPE).predicateJson(Json.compact(predicate)).build().toJsonBytes();
  }

  /** The DSSE pre-authentication encoding of {@code statement}: the bytes the parties sign. */
  public static byte[] statementPreAuthEncoding(byte[] statement) {
    requireNonNull(statement, "statement");
    return Dsse.preAuthEncoding(InTotoStatement.PAYLOAD_TYPE, statement);
  }

  /**
   * The Ed25519 bundle: a {@code dsseEnvelope} of {@code statement} (see
   * {@link #artifactStatement}) with {@code signature} over its pre-authentication encoding.
   *
   * @throws CertMintingException as for {@link #messageSignature}
   */
  public static SigstoreBundle dsseStatement(X509Certificate leaf, byte[] statement,
      byte[] signature, VerifiedTimestamp timestamp) throws CertMintingException {
    requireNonNull(leaf, "leaf");
    requireNonNull(statement, "statement");
    requireNonNull(signature, "signature");
    requireNonNull(timestamp, "timestamp");
    checkSignature(GroupPublicKey.of(leaf.getPublicKey()), statementPreAuthEncoding(statement),
        signature);
    checkTimestamp(leaf, signature, timestamp);
    return SigstoreBundle.dsseEnvelope(
        leaf, InTotoStatement.PAYLOAD_TYPE, statement, signature, List.of(timestamp.response()));
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

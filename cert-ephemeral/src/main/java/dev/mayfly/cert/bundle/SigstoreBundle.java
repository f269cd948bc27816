package dev.mayfly.cert.bundle;

import static java.util.Objects.requireNonNull;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.mayfly.cert.CertVerificationException;
import dev.mayfly.cert.internal.Crypto;
import dev.mayfly.cert.internal.Json;
import dev.mayfly.common.ErrorCode;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A Sigstore bundle v0.3 ({@value #MEDIA_TYPE}) as Mayfly writes it (DESIGN.md section 5): the leaf
 * certificate only, no transparency-log entries, whole DER RFC 3161 TimeStampResps, and either a
 * {@code messageSignature} (ECDSA P-256, over the artifact bytes) or a {@code dsseEnvelope}
 * (Ed25519, an in-toto statement naming the artifact's sha256). JSON names are lowerCamelCase, as
 * in the protobuf-specs JSON mapping.
 *
 * <p>This class is the data model and its JSON form; it checks structure only. Signatures and
 * timestamps are checked by {@link SigstoreBundles} when writing and by the verifier when reading.
 *
 * @since 0.1.0
 */
public final class SigstoreBundle {
  /** The v0.3 bundle media type. */
  public static final String MEDIA_TYPE = "application/vnd.dev.sigstore.bundle.v0.3+json";

  /** Which signature content a bundle holds. */
  public enum Kind {
    /** {@code messageSignature}: a signature over the artifact bytes. */
    MESSAGE_SIGNATURE,
    /** {@code dsseEnvelope}: a DSSE signature over an in-toto statement. */
    DSSE_ENVELOPE
  }

  private final X509Certificate certificate;
  private final Kind kind;
  private final byte[] signature;
  private final byte @Nullable [] messageDigest;
  private final @Nullable String payloadType;
  private final byte @Nullable [] payload;
  private final String keyId;
  private final List<byte[]> timestamps;

  private SigstoreBundle(X509Certificate certificate, Kind kind, byte[] signature,
      byte @Nullable [] messageDigest, @Nullable String payloadType, byte @Nullable [] payload,
      String keyId, List<byte[]> timestamps) {
    this.certificate = certificate;
    this.kind = kind;
    this.signature = signature.clone();
    this.messageDigest = messageDigest == null ? null : messageDigest.clone();
    this.payloadType = payloadType;
    this.payload = payload == null ? null : payload.clone();
    this.keyId = keyId;
    List<byte[]> copies = new ArrayList<>();
    for (byte[] timestamp : timestamps) {
      copies.add(requireNonNull(timestamp, "timestamp").clone());
    }
    this.timestamps = List.copyOf(copies);
  }

  /**
   * A {@code messageSignature} bundle: {@code signature} over the artifact whose SHA-256 is
   * {@code artifactSha256}, with RFC 3161 TimeStampResps over {@code signature}.
   */
  public static SigstoreBundle messageSignature(X509Certificate leaf, byte[] artifactSha256,
      byte[] signature, List<byte[]> timestamps) {
    requireNonNull(leaf, "leaf");
    requireNonNull(artifactSha256, "artifactSha256");
    requireNonNull(signature, "signature");
    requireNonNull(timestamps, "timestamps");
    if (artifactSha256.length != 32) {
      throw new IllegalArgumentException("artifactSha256 must be 32 bytes");
    }
    return new SigstoreBundle(leaf, Kind.MESSAGE_SIGNATURE, signature, artifactSha256, null, null,
        "", timestamps);
  }

  /**
   * A {@code dsseEnvelope} bundle with one signature over the DSSE pre-authentication encoding of
   * {@code payloadType} and {@code payload}, with RFC 3161 TimeStampResps over {@code signature}.
   */
  public static SigstoreBundle dsseEnvelope(X509Certificate leaf, String payloadType,
      byte[] payload, byte[] signature, List<byte[]> timestamps) {
    requireNonNull(leaf, "leaf");
    requireNonNull(payloadType, "payloadType");
    requireNonNull(payload, "payload");
    requireNonNull(signature, "signature");
    requireNonNull(timestamps, "timestamps");
    return new SigstoreBundle(leaf, Kind.DSSE_ENVELOPE, signature, null, payloadType, payload, "",
        timestamps);
  }

  /** The leaf certificate. */
  public X509Certificate certificate() {
    return certificate;
  }

  /** The content kind. */
  public Kind kind() {
    return kind;
  }

  /** The signature the timestamps cover: the message signature or the single DSSE signature. */
  public byte[] signature() {
    return signature.clone();
  }

  /** The SHA-256 message digest of a message-signature bundle. */
  public Optional<byte[]> messageDigest() {
    return Optional.ofNullable(messageDigest).map(byte[]::clone);
  }

  /** The DSSE payload type of an envelope bundle. */
  public Optional<String> payloadType() {
    return Optional.ofNullable(payloadType);
  }

  /** The DSSE payload of an envelope bundle. */
  public Optional<byte[]> payload() {
    return Optional.ofNullable(payload).map(byte[]::clone);
  }

  /** The DER TimeStampResps, in bundle order. */
  public List<byte[]> timestamps() {
    List<byte[]> copies = new ArrayList<>();
    for (byte[] timestamp : timestamps) {
      copies.add(timestamp.clone());
    }
    return copies;
  }

  /** The bundle as JSON. */
  JsonObject toJsonTree() {
    JsonObject root = new JsonObject();
    root.addProperty("mediaType", MEDIA_TYPE);
    JsonObject material = new JsonObject();
    JsonObject cert = new JsonObject();
    try {
      cert.add("rawBytes", Json.base64(certificate.getEncoded()));
    } catch (CertificateEncodingException e) {
      throw new IllegalStateException("cannot encode certificate", e);
    }
    material.add("certificate", cert);
    material.add("tlogEntries", new JsonArray());
    JsonObject verification = new JsonObject();
    JsonArray stamps = new JsonArray();
    for (byte[] timestamp : timestamps) {
      JsonObject stamp = new JsonObject();
      stamp.add("signedTimestamp", Json.base64(timestamp));
      stamps.add(stamp);
    }
    verification.add("rfc3161Timestamps", stamps);
    material.add("timestampVerificationData", verification);
    root.add("verificationMaterial", material);
    if (kind == Kind.MESSAGE_SIGNATURE) {
      JsonObject message = new JsonObject();
      JsonObject digest = new JsonObject();
      digest.addProperty("algorithm", "SHA2_256");
      digest.add("digest", Json.base64(requireNonNull(messageDigest)));
      message.add("messageDigest", digest);
      message.add("signature", Json.base64(signature));
      root.add("messageSignature", message);
    } else {
      JsonObject envelope = new JsonObject();
      envelope.add("payload", Json.base64(requireNonNull(payload)));
      envelope.addProperty("payloadType", payloadType);
      JsonArray signatures = new JsonArray();
      JsonObject sig = new JsonObject();
      sig.add("sig", Json.base64(signature));
      sig.addProperty("keyid", keyId);
      signatures.add(sig);
      envelope.add("signatures", signatures);
      root.add("dsseEnvelope", envelope);
    }
    return root;
  }

  /** The bundle as indented UTF-8 JSON. */
  public byte[] toJsonBytes() {
    return Json.pretty(toJsonTree());
  }

  /**
   * Parses a v0.3 bundle of the shape Mayfly writes.
   *
   * @throws CertVerificationException {@link ErrorCode#CERT_BUNDLE_MALFORMED} for another media
   *     type, a certificate chain instead of a leaf, transparency-log entries, a missing or
   *     ambiguous content, or anything that does not parse
   */
  public static SigstoreBundle parseJson(byte[] json) throws CertVerificationException {
    requireNonNull(json, "json");
    try {
      JsonObject root = Json.parseObject(json, "Sigstore bundle");
      String mediaType = Json.string(root, "mediaType");
      if (!MEDIA_TYPE.equals(mediaType)) {
        throw new IllegalArgumentException("mediaType is '" + mediaType + "', expected " + MEDIA_TYPE);
      }
      JsonObject material = Json.object(root, "verificationMaterial");
      if (material.has("x509CertificateChain") || material.has("publicKey")) {
        throw new IllegalArgumentException("verificationMaterial must hold the leaf certificate only");
      }
      X509Certificate leaf =
          Crypto.parseCertificate(Json.base64(Json.object(material, "certificate"), "rawBytes"));
      if (!Json.array(material, "tlogEntries").isEmpty()) {
        throw new IllegalArgumentException("tlogEntries must be empty");
      }
      List<byte[]> timestamps = new ArrayList<>();
      if (material.has("timestampVerificationData")) {
        JsonObject data = Json.object(material, "timestampVerificationData");
        if (data.has("rfc3161Timestamps")) {
          for (JsonElement stamp : Json.array(data, "rfc3161Timestamps")) {
            if (!stamp.isJsonObject()) {
              throw new IllegalArgumentException("rfc3161Timestamps entries must be objects");
            }
            timestamps.add(Json.base64(stamp.getAsJsonObject(), "signedTimestamp"));
          }
        }
      }
      boolean message = root.has("messageSignature");
      boolean dsse = root.has("dsseEnvelope");
      if (message == dsse) {
        throw new IllegalArgumentException("exactly one of messageSignature and dsseEnvelope needed");
      }
      if (message) {
        JsonObject content = Json.object(root, "messageSignature");
        JsonObject digest = Json.object(content, "messageDigest");
        if (!"SHA2_256".equals(Json.string(digest, "algorithm"))) {
          throw new IllegalArgumentException("messageDigest.algorithm must be SHA2_256");
        }
        byte[] sha256 = Json.base64(digest, "digest");
        if (sha256.length != 32) {
          throw new IllegalArgumentException("messageDigest.digest must be 32 bytes");
        }
        return messageSignature(leaf, sha256, Json.base64(content, "signature"), timestamps);
      }
      JsonObject envelope = Json.object(root, "dsseEnvelope");
      JsonArray signatures = Json.array(envelope, "signatures");
      if (signatures.size() != 1 || !signatures.get(0).isJsonObject()) {
        throw new IllegalArgumentException("dsseEnvelope must hold exactly one signature");
      }
      JsonObject sig = signatures.get(0).getAsJsonObject();
      String keyId = sig.has("keyid") ? Json.string(sig, "keyid") : "";
      return new SigstoreBundle(leaf, Kind.DSSE_ENVELOPE, Json.base64(sig, "sig"), null,
          Json.string(envelope, "payloadType"), Json.base64(envelope, "payload"), keyId, timestamps);
    } catch (IllegalArgumentException | CertificateException e) {
      throw new CertVerificationException(
          ErrorCode.CERT_BUNDLE_MALFORMED, "Sigstore bundle: " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return "SigstoreBundle[" + kind + ", serial=" + certificate.getSerialNumber().toString(16)
        + ", timestamps=" + timestamps.size() + "]";
  }
}

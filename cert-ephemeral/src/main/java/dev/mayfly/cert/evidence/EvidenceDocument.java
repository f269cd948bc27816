package dev.mayfly.cert.evidence;

import static java.util.Objects.requireNonNull;

import com.google.gson.JsonObject;
import dev.mayfly.cert.CertVerificationException;
import dev.mayfly.cert.internal.Crypto;
import dev.mayfly.common.internal.Hex;
import dev.mayfly.cert.internal.Json;
import dev.mayfly.common.ErrorCode;
import java.security.MessageDigest;

/**
 * The Mayfly evidence document ({@value #MEDIA_TYPE}; schema in {@code docs/evidence-format.md}):
 * the {@link SessionEvidence} fixed before minting, embedded as the base64 of its exact bytes with
 * their SHA-256, and the {@link CompletionEvidence} written afterwards. Simulated evidence is
 * labelled {@value #ATTESTATION_SIMULATED} at the top level and inside the session part.
 *
 * @since 0.1.0
 */
public final class EvidenceDocument {
  /** The media type, carrying the document version. */
  public static final String MEDIA_TYPE = "application/vnd.dev.mayfly.evidence+json;version=1";

  /** The attestation label of evidence from a simulated provider. */
  public static final String ATTESTATION_SIMULATED = "SIMULATED";

  /** The attestation label of evidence from real SEV-SNP hardware. */
  public static final String ATTESTATION_SEV_SNP = "SEV-SNP";

  private final SessionEvidence session;
  private final CompletionEvidence completion;

  private EvidenceDocument(SessionEvidence session, CompletionEvidence completion) {
    this.session = session;
    this.completion = completion;
  }

  /** The document of a finished session. */
  public static EvidenceDocument of(SessionEvidence session, CompletionEvidence completion) {
    return new EvidenceDocument(requireNonNull(session, "session"),
        requireNonNull(completion, "completion"));
  }

  /** The part fixed before minting. */
  public SessionEvidence session() {
    return session;
  }

  /** The part written after minting. */
  public CompletionEvidence completion() {
    return completion;
  }

  /** Whether the evidence is simulated. */
  public boolean simulated() {
    return session.simulated();
  }

  /** The evidence digest: SHA-256 of the session part's exact bytes. */
  public byte[] digest() {
    return session.digest();
  }

  /** The document as JSON. */
  JsonObject toJsonTree() {
    JsonObject json = new JsonObject();
    json.addProperty("mediaType", MEDIA_TYPE);
    json.addProperty("attestation", simulated() ? ATTESTATION_SIMULATED : ATTESTATION_SEV_SNP);
    json.add("session", Json.base64(session.bytes()));
    json.addProperty("sessionSha256", Hex.encode(session.digest()));
    json.add("completion", completion.toJson());
    return json;
  }

  /** The document as indented UTF-8 JSON. */
  public byte[] toJsonBytes() {
    return Json.pretty(toJsonTree());
  }

  /**
   * Parses a document.
   *
   * @throws CertVerificationException {@link ErrorCode#CERT_EVIDENCE_MALFORMED} when it does not
   *     follow the schema, or {@link ErrorCode#CERT_EVIDENCE_TAMPERED} when the session part does
   *     not hash to the stated {@code sessionSha256} or the labels disagree
   */
  public static EvidenceDocument parseJson(byte[] json) throws CertVerificationException {
    requireNonNull(json, "json");
    JsonObject root;
    byte[] sessionBytes;
    byte[] statedDigest;
    boolean labelledSimulated;
    try {
      root = Json.parseObject(json, "evidence document");
      String mediaType = Json.string(root, "mediaType");
      if (!MEDIA_TYPE.equals(mediaType)) {
        throw new IllegalArgumentException("mediaType is '" + mediaType + "', expected " + MEDIA_TYPE);
      }
      labelledSimulated = SessionEvidence.attestationIsSimulated(Json.string(root, "attestation"));
      sessionBytes = Json.base64(root, "session");
      statedDigest = Hex.decode(Json.string(root, "sessionSha256"), 32);
    } catch (IllegalArgumentException e) {
      throw malformed(e);
    }
    if (!MessageDigest.isEqual(statedDigest, Crypto.sha256(sessionBytes))) {
      throw new CertVerificationException(ErrorCode.CERT_EVIDENCE_TAMPERED,
          "evidence session part does not hash to its stated sessionSha256");
    }
    try {
      SessionEvidence session = SessionEvidence.parse(sessionBytes);
      if (session.simulated() != labelledSimulated) {
        throw new CertVerificationException(ErrorCode.CERT_EVIDENCE_TAMPERED,
            "evidence attestation label differs from the session part's");
      }
      return new EvidenceDocument(session, CompletionEvidence.fromJson(Json.object(root, "completion")));
    } catch (IllegalArgumentException | NullPointerException e) {
      throw malformed(e);
    }
  }

  private static CertVerificationException malformed(RuntimeException e) {
    return new CertVerificationException(
        ErrorCode.CERT_EVIDENCE_MALFORMED, "evidence document: " + e.getMessage(), e);
  }

  @Override
  public String toString() {
    return "EvidenceDocument[" + session + ", " + completion + "]";
  }
}

package dev.mayfly.snp.internal;

import static java.util.Objects.requireNonNull;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.mayfly.common.ErrorCode;
import dev.mayfly.snp.AttestationException;
import dev.mayfly.snp.evidence.Evidence;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The JSON form of {@link Evidence} as a Gson tree, for documents that embed evidence (the
 * cert-ephemeral evidence document); not API, since Gson types stay out of public signatures.
 */
public final class EvidenceJson {
  private EvidenceJson() {}

  /** {@code {"report": BASE64, "certificates": [BASE64, ...]}} (standard base64, leaf first). */
  public static JsonObject toJsonObject(Evidence evidence) {
    requireNonNull(evidence, "evidence");
    JsonObject object = new JsonObject();
    object.add("report",
        new JsonPrimitive(Base64.getEncoder().encodeToString(evidence.reportBytes())));
    JsonArray certs = new JsonArray();
    for (byte[] der : evidence.certificateChain()) {
      certs.add(Base64.getEncoder().encodeToString(der));
    }
    object.add("certificates", certs);
    return object;
  }

  /**
   * Reads the tree of {@link #toJsonObject}: exactly the two members, valid base64, at most three
   * certificates.
   *
   * @throws AttestationException {@code SNP_CERT_MALFORMED} for anything else
   */
  public static Evidence fromJsonObject(JsonObject object) throws AttestationException {
    requireNonNull(object, "object");
    try {
      if (object.size() != 2 || !object.has("report") || !object.has("certificates")) {
        throw new AttestationException(ErrorCode.SNP_CERT_MALFORMED,
            "evidence JSON must have exactly 'report' and 'certificates'");
      }
      byte[] report = Base64.getDecoder().decode(object.get("report").getAsString());
      List<byte[]> chain = new ArrayList<>();
      for (JsonElement cert : object.getAsJsonArray("certificates")) {
        chain.add(Base64.getDecoder().decode(cert.getAsString()));
      }
      if (chain.size() > 3) {
        throw new AttestationException(ErrorCode.SNP_CERT_MALFORMED,
            "evidence has " + chain.size() + " certificates, at most 3 expected");
      }
      return Evidence.of(report, chain);
    } catch (IllegalArgumentException | IllegalStateException | UnsupportedOperationException
        | ClassCastException e) {
      throw new AttestationException(ErrorCode.SNP_CERT_MALFORMED, "evidence JSON is malformed", e);
    }
  }
}

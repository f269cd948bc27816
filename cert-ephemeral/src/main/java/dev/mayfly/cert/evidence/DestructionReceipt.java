package dev.mayfly.cert.evidence;

import static java.util.Objects.requireNonNull;

import com.google.gson.JsonObject;
import dev.mayfly.snp.internal.EvidenceJson;
import dev.mayfly.cert.internal.Json;
import dev.mayfly.common.PartyId;
import dev.mayfly.snp.evidence.Evidence;

/**
 * A party's destruction receipt (DESIGN.md section 1 step 6): a fresh report whose REPORT_DATA is
 * {@link ReportDataBinding#destroyed}, emitted after the party wiped its share, nonces and keys.
 *
 * @since 0.1.0
 */
public final class DestructionReceipt {
  private final PartyId partyId;
  private final Evidence evidence;

  private DestructionReceipt(PartyId partyId, Evidence evidence) {
    this.partyId = partyId;
    this.evidence = evidence;
  }

  /** The receipt of {@code partyId}. */
  public static DestructionReceipt of(PartyId partyId, Evidence evidence) {
    return new DestructionReceipt(requireNonNull(partyId, "partyId"), requireNonNull(evidence, "evidence"));
  }

  /** The party. */
  public PartyId partyId() {
    return partyId;
  }

  /** The attestation report and its endorsement chain (VCEK or VLEK first). */
  public Evidence evidence() {
    return evidence;
  }

  JsonObject toJson() {
    JsonObject json = new JsonObject();
    json.addProperty("partyId", partyId.value());
    json.add("evidence", EvidenceJson.toJsonObject(evidence));
    return json;
  }

  static DestructionReceipt fromJson(JsonObject json) {
    return of(PartyId.of(Json.integer(json, "partyId")), Json.evidence(json, "evidence"));
  }

  @Override
  public String toString() {
    return "DestructionReceipt[" + partyId + "]";
  }
}

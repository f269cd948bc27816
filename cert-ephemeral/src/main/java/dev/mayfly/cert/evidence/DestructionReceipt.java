package dev.mayfly.cert.evidence;

import static java.util.Objects.requireNonNull;

import com.google.gson.JsonObject;
import dev.mayfly.cert.internal.Json;
import dev.mayfly.common.PartyId;

/**
 * A party's destruction receipt (DESIGN.md section 1 step 6): a fresh report whose REPORT_DATA is
 * {@link ReportDataBinding#destroyed}, emitted after the party wiped its share, nonces and keys.
 *
 * @since 0.1.0
 */
public final class DestructionReceipt {
  private final PartyId partyId;
  private final AttestedReport report;

  private DestructionReceipt(PartyId partyId, AttestedReport report) {
    this.partyId = partyId;
    this.report = report;
  }

  /** The receipt of {@code partyId}. */
  public static DestructionReceipt of(PartyId partyId, AttestedReport report) {
    return new DestructionReceipt(requireNonNull(partyId, "partyId"), requireNonNull(report, "report"));
  }

  /** The party. */
  public PartyId partyId() {
    return partyId;
  }

  /** The report and its chain. */
  public AttestedReport report() {
    return report;
  }

  JsonObject toJson() {
    JsonObject json = new JsonObject();
    json.addProperty("partyId", partyId.value());
    report.writeTo(json);
    return json;
  }

  static DestructionReceipt fromJson(JsonObject json) {
    return of(PartyId.of(Json.integer(json, "partyId")), AttestedReport.read(json));
  }

  @Override
  public String toString() {
    return "DestructionReceipt[" + partyId + "]";
  }
}

package dev.mayfly.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.mayfly.ceremony.OutcomeRecord;

/** The JSON form of an agreed outcome record, as {@code --json} prints it. */
final class RecordJson {
  private RecordJson() {}

  /** Adds the record's fields (code, culprits, phase, proofs, reports, record digest) to {@code entry}. */
  static void addTo(JsonObject entry, OutcomeRecord record) {
    entry.addProperty("code", record.code().name());
    JsonArray culprits = new JsonArray();
    record.culprits().forEach(p -> culprits.add(p.value()));
    entry.add("culprits", culprits);
    entry.addProperty("phase", record.phase().name());
    JsonArray proofs = new JsonArray();
    for (OutcomeRecord.Proof proof : record.proofs()) {
      JsonObject item = new JsonObject();
      item.addProperty("code", proof.code().name());
      item.addProperty("culprit", proof.culprit().value());
      item.addProperty("round", proof.round());
      proofs.add(item);
    }
    entry.add("proofs", proofs);
    JsonArray reports = new JsonArray();
    for (OutcomeRecord.Report report : record.reports()) {
      JsonObject item = new JsonObject();
      item.addProperty("reporter", report.reporter().value());
      item.addProperty("code", report.code().name());
      JsonArray accused = new JsonArray();
      report.accused().forEach(p -> accused.add(p.value()));
      item.add("accused", accused);
      item.addProperty("round", report.round());
      reports.add(item);
    }
    entry.add("reports", reports);
    entry.addProperty("record", record.digestHex());
  }
}

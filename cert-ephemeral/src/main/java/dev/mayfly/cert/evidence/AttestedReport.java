package dev.mayfly.cert.evidence;

import static java.util.Objects.requireNonNull;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.mayfly.cert.internal.Json;
import java.util.ArrayList;
import java.util.List;

/**
 * An attestation report as carried in evidence: the raw report bytes (SEV-SNP ABI
 * ATTESTATION_REPORT, 1184 bytes on real hardware) and the DER certificates that endorse it, VCEK
 * or VLEK first, then ASK/ASVK and ARK as the provider returned them.
 *
 * @since 0.1.0
 */
public final class AttestedReport {
  private final byte[] report;
  private final List<byte[]> certificateChain;

  private AttestedReport(byte[] report, List<byte[]> certificateChain) {
    this.report = report;
    this.certificateChain = certificateChain;
  }

  /** A report with its endorsement chain (copied). */
  public static AttestedReport of(byte[] report, List<byte[]> certificateChain) {
    requireNonNull(report, "report");
    requireNonNull(certificateChain, "certificateChain");
    List<byte[]> chain = new ArrayList<>();
    for (byte[] certificate : certificateChain) {
      chain.add(requireNonNull(certificate, "certificate").clone());
    }
    return new AttestedReport(report.clone(), List.copyOf(chain));
  }

  /** A copy of the report bytes. */
  public byte[] report() {
    return report.clone();
  }

  /** Copies of the DER certificates, endorsement key first. */
  public List<byte[]> certificateChain() {
    return certificateChain.stream().map(byte[]::clone).toList();
  }

  void writeTo(JsonObject json) {
    json.add("report", Json.base64(report));
    JsonArray chain = new JsonArray();
    certificateChain.forEach(certificate -> chain.add(Json.base64(certificate)));
    json.add("certChain", chain);
  }

  static AttestedReport read(JsonObject json) {
    List<byte[]> chain = new ArrayList<>();
    for (JsonElement certificate : Json.array(json, "certChain")) {
      chain.add(Json.base64(certificate, "certChain[]"));
    }
    return new AttestedReport(Json.base64(json, "report"), List.copyOf(chain));
  }

  @Override
  public String toString() {
    return "AttestedReport[" + report.length + " bytes, " + certificateChain.size() + " certs]";
  }
}

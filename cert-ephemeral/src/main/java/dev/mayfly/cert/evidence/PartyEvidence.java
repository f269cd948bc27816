package dev.mayfly.cert.evidence;

import static java.util.Objects.requireNonNull;

import com.google.gson.JsonObject;
import dev.mayfly.snp.internal.EvidenceJson;
import dev.mayfly.cert.internal.Json;
import dev.mayfly.common.PartyId;
import dev.mayfly.snp.evidence.Evidence;

/**
 * One party's attested hello, as fixed before minting: its id, its session identity key (Ed25519)
 * and HPKE key (X25519), and the attestation evidence whose REPORT_DATA binds them
 * ({@link ReportDataBinding#party}).
 *
 * @since 0.1.0
 */
public final class PartyEvidence {
  private final PartyId partyId;
  private final byte[] identityPublicKey;
  private final byte[] hpkePublicKey;
  private final Evidence evidence;

  private PartyEvidence(
      PartyId partyId, byte[] identityPublicKey, byte[] hpkePublicKey, Evidence evidence) {
    this.partyId = partyId;
    this.identityPublicKey = identityPublicKey;
    this.hpkePublicKey = hpkePublicKey;
    this.evidence = evidence;
  }

  /**
   * A party's evidence.
   *
   * @throws IllegalArgumentException when a key is not 32 bytes
   */
  public static PartyEvidence of(PartyId partyId, byte[] identityPublicKey, byte[] hpkePublicKey,
      Evidence evidence) {
    requireNonNull(partyId, "partyId");
    requireNonNull(evidence, "evidence");
    return new PartyEvidence(partyId, key(identityPublicKey, "identityPublicKey"),
        key(hpkePublicKey, "hpkePublicKey"), evidence);
  }

  private static byte[] key(byte[] key, String name) {
    requireNonNull(key, name);
    if (key.length != 32) {
      throw new IllegalArgumentException(name + " must be 32 bytes, got " + key.length);
    }
    return key.clone();
  }

  /** The party. */
  public PartyId partyId() {
    return partyId;
  }

  /** The Ed25519 session identity public key. */
  public byte[] identityPublicKey() {
    return identityPublicKey.clone();
  }

  /** The X25519 HPKE public key. */
  public byte[] hpkePublicKey() {
    return hpkePublicKey.clone();
  }

  /** The attestation report and its endorsement chain (VCEK or VLEK first). */
  public Evidence evidence() {
    return evidence;
  }

  JsonObject toJson() {
    JsonObject json = new JsonObject();
    json.addProperty("partyId", partyId.value());
    json.add("identityPublicKey", Json.base64(identityPublicKey));
    json.add("hpkePublicKey", Json.base64(hpkePublicKey));
    json.add("evidence", EvidenceJson.toJsonObject(evidence));
    return json;
  }

  static PartyEvidence fromJson(JsonObject json) {
    return of(PartyId.of(Json.integer(json, "partyId")), Json.base64(json, "identityPublicKey"),
        Json.base64(json, "hpkePublicKey"), Json.evidence(json, "evidence"));
  }

  @Override
  public String toString() {
    return "PartyEvidence[" + partyId + "]";
  }
}

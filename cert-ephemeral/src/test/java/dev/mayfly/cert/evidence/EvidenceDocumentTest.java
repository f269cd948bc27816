package dev.mayfly.cert.evidence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.mayfly.cert.CertVerificationException;
import dev.mayfly.cert.internal.Crypto;
import dev.mayfly.cert.mint.GroupKeyAlgorithm;
import dev.mayfly.cert.testing.Profiles;
import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.PartyId;
import dev.mayfly.snp.evidence.Evidence;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class EvidenceDocumentTest {
  static SessionEvidence session(boolean simulated) {
    return SessionEvidence.builder()
        .simulated(simulated)
        .sessionId(Profiles.bytes32(1))
        .algorithm(GroupKeyAlgorithm.ED25519)
        .threshold(2)
        .startTime(Instant.parse("2026-03-01T12:00:00Z"))
        .artifact("app.jar", Profiles.bytes32(5))
        .teePolicy("{\"policy\":1}".getBytes(StandardCharsets.UTF_8), Profiles.bytes32(2))
        .approvalPolicy("{\"approvers\":[]}".getBytes(StandardCharsets.UTF_8))
        .approvals(List.of("{\"payload\":\"\"}".getBytes(StandardCharsets.UTF_8)))
        .parties(List.of(party(2), party(1)))
        .build();
  }

  static PartyEvidence party(int id) {
    return PartyEvidence.of(PartyId.of(id), Profiles.bytes32(100 + id), Profiles.bytes32(200 + id),
        Evidence.of(new byte[1184], List.of(new byte[] {1, 2, 3})));
  }

  static EvidenceDocument document(boolean simulated) {
    return EvidenceDocument.of(session(simulated), CompletionEvidence.of(Profiles.bytes32(9),
        List.of(DestructionReceipt.of(PartyId.of(1), Evidence.of(new byte[1184], List.of()))),
        new byte[64]));
  }

  @Test
  void parseJson_writtenDocument_roundTripsWithSameDigest() throws Exception {
    EvidenceDocument written = document(true);

    EvidenceDocument parsed = EvidenceDocument.parseJson(written.toJsonBytes());

    assertArrayEquals(written.digest(), parsed.digest());
    assertArrayEquals(Crypto.sha256(written.session().bytes()), parsed.digest());
    assertTrue(parsed.simulated());
    assertEquals(List.of(PartyId.of(1), PartyId.of(2)), parsed.session().partyIds());
    assertEquals(GroupKeyAlgorithm.ED25519, parsed.session().algorithm());
    assertEquals("app.jar", parsed.session().artifactName());
    assertEquals(1, parsed.completion().receipts().size());
    assertTrue(new String(written.toJsonBytes(), StandardCharsets.UTF_8)
        .contains("\"attestation\": \"SIMULATED\""));
  }

  @Test
  void parseJson_release_roundTripsEveryArtifactAndRawSignature() throws Exception {
    List<dev.mayfly.common.ArtifactDigest> release = List.of(
        dev.mayfly.common.ArtifactDigest.create("app.jar", Profiles.bytes32(5)),
        dev.mayfly.common.ArtifactDigest.create("app.pom", Profiles.bytes32(6)));
    SessionEvidence session = SessionEvidence.builder().sessionId(Profiles.bytes32(1))
        .algorithm(GroupKeyAlgorithm.ECDSA_P256).threshold(2)
        .startTime(Instant.parse("2026-03-01T12:00:00Z")).artifacts(release)
        .teePolicy("{\"policy\":1}".getBytes(StandardCharsets.UTF_8), Profiles.bytes32(2))
        .approvalPolicy("{}".getBytes(StandardCharsets.UTF_8))
        .parties(List.of(party(1), party(2))).build();
    EvidenceDocument written = EvidenceDocument.of(session, CompletionEvidence.ofRelease(
        Profiles.bytes32(9), List.of(), List.of(new byte[] {1}, new byte[] {2}), List.of()));

    EvidenceDocument parsed = EvidenceDocument.parseJson(written.toJsonBytes());

    assertEquals(release, parsed.session().artifacts());
    assertEquals(2, JsonParser.parseString(new String(session.bytes(), StandardCharsets.UTF_8))
        .getAsJsonObject().get("version").getAsInt());
    assertEquals(2, parsed.completion().artifactSignatures().size());
    assertArrayEquals(new byte[] {2}, parsed.completion().artifactSignatures().get(1));
    // Version 1 names one artifact; a list under version 1, or both forms, is refused.
    String text = new String(session.bytes(), StandardCharsets.UTF_8);
    for (String bad : List.of(text.replace("\"version\":2", "\"version\":1"),
        text.replace("\"artifacts\":", "\"artifact\":{\"name\":\"x\",\"sha256\":\""
            + "00".repeat(32) + "\"},\"artifacts\":"))) {
      assertThrows(IllegalArgumentException.class,
          () -> SessionEvidence.parse(bad.getBytes(StandardCharsets.UTF_8)), bad);
    }
  }

  @Test
  void parseJson_changedSessionByte_throwsTampered() {
    JsonObject json = JsonParser.parseString(
        new String(document(false).toJsonBytes(), StandardCharsets.UTF_8)).getAsJsonObject();
    byte[] session = Base64.getDecoder().decode(json.get("session").getAsString());
    session[40] ^= 0x01;
    json.addProperty("session", Base64.getEncoder().encodeToString(session));

    CertVerificationException e = assertThrows(CertVerificationException.class,
        () -> EvidenceDocument.parseJson(json.toString().getBytes(StandardCharsets.UTF_8)));

    assertEquals(ErrorCode.CERT_EVIDENCE_TAMPERED, e.code());
    assertEquals(List.of(), e.culprits());
  }

  @Test
  void parseJson_relabelledAsReal_throwsTampered() {
    JsonObject json = JsonParser.parseString(
        new String(document(true).toJsonBytes(), StandardCharsets.UTF_8)).getAsJsonObject();
    json.addProperty("attestation", "SEV-SNP");

    CertVerificationException e = assertThrows(CertVerificationException.class,
        () -> EvidenceDocument.parseJson(json.toString().getBytes(StandardCharsets.UTF_8)));

    assertEquals(ErrorCode.CERT_EVIDENCE_TAMPERED, e.code());
  }

  @Test
  void parseJson_otherVersionOrGarbage_throwsMalformed() {
    JsonObject json = JsonParser.parseString(
        new String(document(false).toJsonBytes(), StandardCharsets.UTF_8)).getAsJsonObject();
    json.addProperty("mediaType", "application/vnd.dev.mayfly.evidence+json;version=2");

    for (byte[] bad : List.of(json.toString().getBytes(StandardCharsets.UTF_8),
        "{".getBytes(StandardCharsets.UTF_8), "[]".getBytes(StandardCharsets.UTF_8))) {
      CertVerificationException e = assertThrows(CertVerificationException.class,
          () -> EvidenceDocument.parseJson(bad));
      assertEquals(ErrorCode.CERT_EVIDENCE_MALFORMED, e.code());
    }
  }
}

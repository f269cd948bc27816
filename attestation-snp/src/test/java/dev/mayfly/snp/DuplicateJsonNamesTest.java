package dev.mayfly.snp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.mayfly.common.ErrorCode;
import dev.mayfly.snp.evidence.Evidence;
import dev.mayfly.snp.validate.TeePolicy;
import dev.mayfly.testsupport.JsonEdits;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The TEE policy document and evidence JSON refuse a repeated member name with a typed code. */
class DuplicateJsonNamesTest {
  @Test
  void teePolicy_repeatedName_refusedAsPolicyDocumentInvalid() throws AttestationException {
    String valid = TeePolicy.builder().acceptAnyMeasurementInsecure().build().toJson();
    TeePolicy.parseJson(valid);
    String repeated = repeat(valid);
    AttestationException e =
        assertThrows(AttestationException.class, () -> TeePolicy.parseJson(repeated));
    assertEquals(ErrorCode.SNP_POLICY_DOCUMENT_INVALID, e.code());
  }

  @Test
  void teePolicy_comment_refusedAsPolicyDocumentInvalid() {
    String commented = "{\"version\": 1, /* lenient */ \"acceptAnyMeasurementInsecure\": true}";
    AttestationException e =
        assertThrows(AttestationException.class, () -> TeePolicy.parseJson(commented));
    assertEquals(ErrorCode.SNP_POLICY_DOCUMENT_INVALID, e.code());
  }

  @Test
  void evidence_repeatedName_refusedAsCertMalformed() throws AttestationException {
    String valid = Evidence.of(Vectors.P1.report(), List.of(Vectors.P1.leaf())).toJson();
    Evidence.parseJson(valid);
    String repeated = repeat(valid);
    AttestationException e =
        assertThrows(AttestationException.class, () -> Evidence.parseJson(repeated));
    assertEquals(ErrorCode.SNP_CERT_MALFORMED, e.code());
  }

  private static String repeat(String json) {
    return new String(JsonEdits.repeatFirstMember(json.getBytes(StandardCharsets.UTF_8)),
        StandardCharsets.UTF_8);
  }
}

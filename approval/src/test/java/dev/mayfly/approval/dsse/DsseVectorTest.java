package dev.mayfly.approval.dsse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.mayfly.approval.ApprovalException;
import dev.mayfly.approval.keys.ApproverPublicKey;
import dev.mayfly.common.ErrorCode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The DSSE repository's test vectors ({@code vectors/dsse/vectors.json}), accept and reject. */
class DsseVectorTest {
  private static final JsonObject FILE = load();

  static Stream<Arguments> vectors() {
    return FILE.getAsJsonArray("vectors").asList().stream()
        .map(JsonElement::getAsJsonObject)
        .map(v -> Arguments.of(Named.of(v.get("id").getAsString(), v)));
  }

  @ParameterizedTest
  @MethodSource("vectors")
  void verify_vector_givesExpectedResult(JsonObject vector) throws Exception {
    DsseEnvelope envelope = DsseEnvelope.parseJson(
        vector.get("envelope").toString().getBytes(StandardCharsets.UTF_8));
    DsseVerifier.Builder builder = DsseVerifier.builder()
        .threshold(vector.get("threshold").getAsInt());
    for (JsonElement name : vector.getAsJsonArray("trustedKeys")) {
      builder.trustedKey(key(name.getAsString()));
    }
    for (JsonElement type : vector.getAsJsonArray("supportedPayloadTypes")) {
      builder.payloadType(type.getAsString());
    }
    DsseVerifier verifier = builder.build();
    if (vector.get("expect").getAsString().equals("accept")) {
      assertArrayEquals(HexFormat.of().parseHex(vector.get("pae").getAsString()),
          envelope.preAuthEncoding());
      VerifiedDsseEnvelope verified = verifier.verify(envelope);
      assertTrue(verified.signers().size() >= vector.get("threshold").getAsInt());
      assertArrayEquals(envelope.payload(), verified.payload());
    } else {
      ApprovalException e = assertThrows(ApprovalException.class, () -> verifier.verify(envelope));
      assertTrue(Set.of(ErrorCode.APPROVAL_BAD_SIGNATURE, ErrorCode.APPROVAL_MALFORMED)
          .contains(e.code()), e.code().name());
      assertEquals(List.of(), e.culprits());
    }
  }

  @ParameterizedTest
  @MethodSource("vectors")
  void signatures_vector_coverThePublishedPae(JsonObject vector) throws Exception {
    // Independent of envelope handling: every signature verifies over the vector's "pae" under
    // one of its trusted keys, so the vectors themselves are sound.
    byte[] pae = HexFormat.of().parseHex(vector.get("pae").getAsString());
    DsseEnvelope envelope = DsseEnvelope.parseJson(
        vector.get("envelope").toString().getBytes(StandardCharsets.UTF_8));
    for (DsseSignature signature : envelope.signatures()) {
      int verified = 0;
      for (JsonElement name : vector.getAsJsonArray("trustedKeys")) {
        try {
          key(name.getAsString()).verify(pae, signature.signature());
          verified++;
        } catch (ApprovalException e) {
          assertEquals(ErrorCode.APPROVAL_BAD_SIGNATURE, e.code());
        }
      }
      assertEquals(1, verified);
    }
  }

  @ParameterizedTest
  @MethodSource("vectors")
  void toJsonBytes_vectorEnvelope_roundTrips(JsonObject vector) throws Exception {
    DsseEnvelope envelope = DsseEnvelope.parseJson(
        vector.get("envelope").toString().getBytes(StandardCharsets.UTF_8));
    assertEquals(envelope, DsseEnvelope.parseJson(envelope.toJsonBytes()));
  }

  private static ApproverPublicKey key(String name) throws ApprovalException {
    byte[] raw = HexFormat.of().parseHex(
        FILE.getAsJsonObject("keys").getAsJsonObject(name).get("public").getAsString());
    try {
      return ApproverPublicKey.parseDer(SubjectPublicKeyInfoFactory
          .createSubjectPublicKeyInfo(new Ed25519PublicKeyParameters(raw))
          .getEncoded(ASN1Encoding.DER));
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static JsonObject load() {
    try (InputStream in = DsseVectorTest.class.getResourceAsStream("/vectors/dsse/vectors.json")) {
      if (in == null) {
        throw new AssertionError("vectors/dsse/vectors.json is missing");
      }
      return JsonParser.parseString(new String(in.readAllBytes(), StandardCharsets.UTF_8))
          .getAsJsonObject();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}

package dev.mayfly.approval;

import com.google.gson.JsonObject;
import static dev.mayfly.approval.testing.Fixtures.AT;
import static dev.mayfly.approval.testing.Fixtures.ARTIFACT;
import static dev.mayfly.approval.testing.Fixtures.ARTIFACT_SHA256;
import static dev.mayfly.approval.testing.Fixtures.NOT_AFTER;
import static dev.mayfly.approval.testing.Fixtures.NOT_BEFORE;
import static dev.mayfly.approval.testing.Fixtures.OTHER_POLICY_HASH;
import static dev.mayfly.approval.testing.Fixtures.OTHER_SHA256;
import static dev.mayfly.approval.testing.Fixtures.POLICY_HASH;
import static dev.mayfly.approval.testing.Fixtures.approval;
import static dev.mayfly.approval.testing.Fixtures.id;
import static dev.mayfly.approval.testing.Fixtures.key;
import static dev.mayfly.approval.testing.Fixtures.policy;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mayfly.approval.dsse.Dsse;
import dev.mayfly.approval.dsse.DsseEnvelope;
import dev.mayfly.approval.dsse.DsseSignature;
import dev.mayfly.approval.intoto.InTotoStatement;
import dev.mayfly.approval.testing.Fixtures;
import dev.mayfly.common.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class ApprovalVerifierTest {
  private static final ApprovalVerifier TWO_OF_THREE = ApprovalVerifier.create(policy(3, 2));
  private static final ApprovalVerifier ONE_OF_THREE = ApprovalVerifier.create(policy(3, 1));

  // ------------------------------------------------------------------ success

  @Test
  void verify_quorumOfDistinctApprovers_returnsProof() throws Exception {
    List<byte[]> envelopes = List.of(approval(0), approval(1));
    ApprovedQuorum quorum = verify(TWO_OF_THREE, envelopes);
    assertEquals(List.of(id(0), id(1)), quorum.counted().stream().map(Approval::approverId).toList());
    assertEquals(List.of(), quorum.discounted());
    assertEquals(2, quorum.quorum());
    assertEquals(ARTIFACT, quorum.artifactName());
    assertArrayEquals(ARTIFACT_SHA256, quorum.artifactSha256());
    assertArrayEquals(POLICY_HASH, quorum.teePolicyHash());
    assertArrayEquals(policy(3, 2).digest(), quorum.policyDigest());
    assertEquals(AT, quorum.verifiedAt());
    Approval first = quorum.counted().get(0);
    assertEquals(0, first.index());
    assertEquals(key(0).publicKey(), first.publicKey());
    assertEquals("CHANGE-0", first.statement().changeRef());
    assertArrayEquals(envelopes.get(0), first.envelopeJson());
  }

  @Test
  void approvalsDigest_isSha256OfLengthPrefixedEnvelopesInOrder() throws Exception {
    byte[] expired = approval(2, b -> b.validity(NOT_BEFORE, AT.minusSeconds(1)));
    List<byte[]> envelopes = List.of(approval(1), expired, approval(0));
    MessageDigest d = MessageDigest.getInstance("SHA-256");
    for (byte[] e : envelopes) {
      d.update(new byte[] {0, 0, (byte) (e.length >> 8), (byte) e.length});
      d.update(e);
    }
    byte[] expected = d.digest();
    assertTrue(envelopes.stream().allMatch(e -> e.length < 65536));
    assertArrayEquals(expected, verify(TWO_OF_THREE, envelopes).approvalsDigest());
    assertArrayEquals(expected, ApprovedQuorum.approvalsDigestOf(envelopes));
    assertFalse(MessageDigest.isEqual(expected,
        ApprovedQuorum.approvalsDigestOf(List.of(envelopes.get(2), envelopes.get(1), envelopes.get(0)))));
  }

  @Test
  void verify_extraBadApprovals_countedOnesSuffice() throws Exception {
    byte[] wrongPolicy = approval(2, b -> b.teePolicyHash(OTHER_POLICY_HASH));
    ApprovedQuorum quorum = verify(TWO_OF_THREE, List.of(wrongPolicy, approval(0), approval(0), approval(1)));
    assertEquals(2, quorum.counted().size());
    assertEquals(List.of(ErrorCode.APPROVAL_WRONG_POLICY, ErrorCode.APPROVAL_DUPLICATE_APPROVER),
        quorum.discounted().stream().map(RejectedApproval::code).toList());
    assertEquals(List.of(0, 2), quorum.discounted().stream().map(RejectedApproval::index).toList());
  }

  @Test
  void verify_validityBoundaries_areInclusive() throws Exception {
    byte[] envelope = approval(0);
    verify(ONE_OF_THREE, List.of(envelope), NOT_BEFORE);
    verify(ONE_OF_THREE, List.of(envelope), NOT_AFTER);
  }

  @Test
  void verify_emptyKeyIdOfConfiguredKey_counts() throws Exception {
    DsseEnvelope signed = DsseEnvelope.parseJson(approval(1));
    byte[] withoutKeyId = DsseEnvelope.of(signed.payloadType(), signed.payload(),
        List.of(DsseSignature.of("", signed.signatures().get(0).signature()))).toJsonBytes();
    assertEquals(id(1), verify(ONE_OF_THREE, List.of(withoutKeyId)).counted().get(0).approverId());
  }

  @Test
  void verify_clockOverload_usesClock() throws Exception {
    ApprovalVerifier atAt = ApprovalVerifier.create(policy(3, 1), Clock.fixed(AT, ZoneOffset.UTC));
    assertEquals(AT, atAt.verify(List.of(approval(0)), ARTIFACT, ARTIFACT_SHA256, POLICY_HASH).verifiedAt());
    ApprovalVerifier later = ApprovalVerifier.create(policy(3, 1),
        Clock.fixed(NOT_AFTER.plusSeconds(1), ZoneOffset.UTC));
    assertCode(ErrorCode.APPROVAL_EXPIRED,
        () -> later.verify(List.of(approval(0)), ARTIFACT, ARTIFACT_SHA256, POLICY_HASH));
  }

  // ------------------------------------------------------------------ one code each

  @Test
  void verify_notJson_throwsMalformed() {
    assertCode(ErrorCode.APPROVAL_MALFORMED, ONE_OF_THREE,
        List.of("not json".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void verify_twoSignatures_throwsMalformed() throws Exception {
    DsseEnvelope signed = DsseEnvelope.parseJson(approval(0));
    byte[] twice = signed.withSignature(signed.signatures().get(0)).toJsonBytes();
    assertCode(ErrorCode.APPROVAL_MALFORMED, ONE_OF_THREE, List.of(twice));
  }

  @Test
  void verify_otherPayloadType_throwsMalformed() throws Exception {
    byte[] payload = DsseEnvelope.parseJson(approval(0)).payload();
    assertCode(ErrorCode.APPROVAL_MALFORMED, ONE_OF_THREE,
        List.of(signed(0, "application/json", payload)));
  }

  @Test
  void verify_otherPredicateType_throwsMalformed() throws Exception {
    InTotoStatement own = InTotoStatement.parseJson(DsseEnvelope.parseJson(approval(0)).payload());
    InTotoStatement other = InTotoStatement.builder()
        .subject(ARTIFACT, ARTIFACT_SHA256)
        .predicateType("https://slsa.dev/provenance/v1")
        .predicateJson(own.predicateJson())
        .build();
    assertCode(ErrorCode.APPROVAL_MALFORMED, ONE_OF_THREE,
        List.of(signed(0, InTotoStatement.PAYLOAD_TYPE, other.toJsonBytes())));
  }

  @Test
  void verify_predicateWithUnknownMember_throwsMalformed() throws Exception {
    InTotoStatement own = InTotoStatement.parseJson(DsseEnvelope.parseJson(approval(0)).payload());
    var predicate = predicate(own);
    predicate.addProperty("quorumOverride", 1);
    InTotoStatement other = InTotoStatement.builder()
        .subject(ARTIFACT, ARTIFACT_SHA256)
        .predicateType(ApprovalStatement.PREDICATE_TYPE)
        .predicateJson(json(predicate))
        .build();
    assertCode(ErrorCode.APPROVAL_MALFORMED, ONE_OF_THREE,
        List.of(signed(0, InTotoStatement.PAYLOAD_TYPE, other.toJsonBytes())));
  }

  @Test
  void verify_flippedSignatureBit_throwsBadSignature() throws Exception {
    DsseEnvelope signed = DsseEnvelope.parseJson(approval(1));
    byte[] sig = signed.signatures().get(0).signature();
    sig[sig.length / 2] ^= 0x10;
    byte[] tampered = DsseEnvelope.of(signed.payloadType(), signed.payload(),
        List.of(DsseSignature.of(signed.signatures().get(0).keyId(), sig))).toJsonBytes();
    RejectedApproval r = assertCode(ErrorCode.APPROVAL_BAD_SIGNATURE, ONE_OF_THREE, List.of(tampered));
    assertTrue(r.approverId().isEmpty());
  }

  @Test
  void verify_emptyKeyIdOfUnknownKey_throwsBadSignature() throws Exception {
    DsseEnvelope signed = DsseEnvelope.parseJson(approval(5));
    byte[] withoutKeyId = DsseEnvelope.of(signed.payloadType(), signed.payload(),
        List.of(DsseSignature.of("", signed.signatures().get(0).signature()))).toJsonBytes();
    assertCode(ErrorCode.APPROVAL_BAD_SIGNATURE, ONE_OF_THREE, List.of(withoutKeyId));
  }

  @Test
  void verify_keyOutsideApproverSet_throwsUnknownApprover() {
    assertCode(ErrorCode.APPROVAL_UNKNOWN_APPROVER, ONE_OF_THREE, List.of(approval(5)));
  }

  @Test
  void verify_approverClaimsAnotherId_throwsUnknownApprover() {
    byte[] claimsOther = approval(0, b -> b.approverId(id(1)));
    RejectedApproval r = assertCode(ErrorCode.APPROVAL_UNKNOWN_APPROVER, ONE_OF_THREE,
        List.of(claimsOther));
    assertEquals(id(0), r.approverId().orElseThrow());
  }

  @Test
  void verify_otherDigest_throwsWrongDigest() {
    assertCode(ErrorCode.APPROVAL_WRONG_DIGEST, ONE_OF_THREE,
        List.of(approval(0, b -> b.artifact(ARTIFACT, OTHER_SHA256))));
  }

  // ------------------------------------------------------------------ releases

  private static final List<dev.mayfly.common.ArtifactDigest> RELEASE = List.of(
      dev.mayfly.common.ArtifactDigest.create("app.jar", Fixtures.sha256("app")),
      dev.mayfly.common.ArtifactDigest.create("app.pom", Fixtures.sha256("pom")),
      dev.mayfly.common.ArtifactDigest.create("app-sources.jar", Fixtures.sha256("sources")));

  private static byte[] releaseApproval(int i, List<dev.mayfly.common.ArtifactDigest> release) {
    return approval(i, b -> b.artifacts(release));
  }

  @Test
  void verifyRelease_sameListInAnyOrder_counts() throws Exception {
    List<dev.mayfly.common.ArtifactDigest> reordered =
        List.of(RELEASE.get(2), RELEASE.get(0), RELEASE.get(1));
    ApprovedQuorum quorum = TWO_OF_THREE.verify(
        List.of(releaseApproval(0, RELEASE), releaseApproval(1, reordered)), RELEASE,
        POLICY_HASH, AT);
    assertEquals(2, quorum.counted().size());
    assertEquals(RELEASE, quorum.artifacts());
  }

  @Test
  void verifyRelease_subsetSupersetOrSwappedDigest_throwsWrongDigest() {
    List<List<dev.mayfly.common.ArtifactDigest>> wrong = List.of(
        RELEASE.subList(0, 2),
        List.of(RELEASE.get(0), RELEASE.get(1), RELEASE.get(2),
            dev.mayfly.common.ArtifactDigest.create("extra.jar", Fixtures.sha256("extra"))),
        List.of(RELEASE.get(0), RELEASE.get(1),
            dev.mayfly.common.ArtifactDigest.create("app-sources.jar", OTHER_SHA256)),
        List.of(RELEASE.get(0), RELEASE.get(1),
            dev.mayfly.common.ArtifactDigest.create("renamed.jar", RELEASE.get(2).sha256())));
    for (List<dev.mayfly.common.ArtifactDigest> approved : wrong) {
      ApprovalException e = assertThrows(ApprovalException.class, () -> ONE_OF_THREE.verify(
          List.of(releaseApproval(0, approved)), RELEASE, POLICY_HASH, AT), approved::toString);
      assertEquals(ErrorCode.APPROVAL_WRONG_DIGEST, e.code(), approved::toString);
    }
  }

  @Test
  void verifySingle_releaseApprovalHoldingIt_throwsWrongDigest() {
    assertCode(ErrorCode.APPROVAL_WRONG_DIGEST, ONE_OF_THREE, List.of(approval(0,
        b -> b.addArtifact("second.jar", OTHER_SHA256))));
  }

  @Test
  void verify_otherArtifactName_throwsWrongDigest() {
    assertCode(ErrorCode.APPROVAL_WRONG_DIGEST, ONE_OF_THREE,
        List.of(approval(0, b -> b.artifact("other.jar", ARTIFACT_SHA256))));
  }

  @Test
  void verify_otherTeePolicyHash_throwsWrongPolicy() {
    assertCode(ErrorCode.APPROVAL_WRONG_POLICY, ONE_OF_THREE,
        List.of(approval(0, b -> b.teePolicyHash(OTHER_POLICY_HASH))));
  }

  @Test
  void verify_afterNotAfter_throwsExpired() {
    assertFalse(assertCode(ErrorCode.APPROVAL_EXPIRED,
        () -> verify(ONE_OF_THREE, List.of(approval(0)), NOT_AFTER.plusNanos(1))).isRetryable());
  }

  @Test
  void verify_beforeNotBefore_throwsNotYetValid() {
    assertTrue(assertCode(ErrorCode.APPROVAL_NOT_YET_VALID,
        () -> verify(ONE_OF_THREE, List.of(approval(0)), NOT_BEFORE.minusSeconds(1))).isRetryable());
  }

  @Test
  void verify_sameEnvelopeTwice_throwsDuplicateApprover() {
    byte[] envelope = approval(0);
    assertCode(ErrorCode.APPROVAL_DUPLICATE_APPROVER, TWO_OF_THREE, List.of(envelope, envelope));
  }

  @Test
  void verify_twoApprovalsFromOneKey_throwsDuplicateApprover() {
    byte[] again = approval(0, b -> b.changeRef("CHANGE-0-again").random(Fixtures.seeded(99)));
    ApprovalException e = assertThrows(ApprovalException.class,
        () -> verify(TWO_OF_THREE, List.of(approval(0), again)));
    assertEquals(ErrorCode.APPROVAL_DUPLICATE_APPROVER, e.code());
    assertEquals(1, e.discounted().get(0).index());
  }

  @Test
  void verify_oneKeyUnderTwoIds_countsOnce() {
    byte[] asOther = approval(0, b -> b.approverId(id(1)));
    ApprovalException e = assertThrows(ApprovalException.class,
        () -> verify(TWO_OF_THREE, List.of(approval(0), asOther)));
    assertEquals(ErrorCode.APPROVAL_UNKNOWN_APPROVER, e.code());
    assertEquals(List.of(1), e.discounted().stream().map(RejectedApproval::index).toList());
  }

  @Test
  void verify_oneIdWithTwoKeys_countsOnce() {
    byte[] otherKeySameId = approval(1, b -> b.approverId(id(0)));
    ApprovalException e = assertThrows(ApprovalException.class,
        () -> verify(TWO_OF_THREE, List.of(approval(0), otherKeySameId)));
    assertEquals(ErrorCode.APPROVAL_UNKNOWN_APPROVER, e.code());
    assertEquals(List.of(), e.culprits());
  }

  @Test
  void verify_tooFewApprovals_throwsQuorumNotMet() {
    ApprovalException e = assertThrows(ApprovalException.class,
        () -> verify(TWO_OF_THREE, List.of(approval(2))));
    assertEquals(ErrorCode.APPROVAL_QUORUM_NOT_MET, e.code());
    assertEquals(List.of(), e.discounted());
    assertEquals(List.of(), e.culprits());
    assertFalse(e.isRetryable());
  }

  @Test
  void verify_noApprovals_throwsQuorumNotMet() {
    assertEquals(ErrorCode.APPROVAL_QUORUM_NOT_MET, assertThrows(ApprovalException.class,
        () -> verify(ONE_OF_THREE, List.of())).code());
  }

  // ------------------------------------------------------------------ which code a quorum failure has

  @Test
  void verify_quorumTwoWithOneExpired_throwsExpired() {
    byte[] expired = approval(1, b -> b.validity(NOT_BEFORE, AT.minusSeconds(1)));
    ApprovalException e = assertThrows(ApprovalException.class,
        () -> verify(TWO_OF_THREE, List.of(approval(0), expired)));
    assertEquals(ErrorCode.APPROVAL_EXPIRED, e.code());
    assertEquals(1, e.discounted().size());
    assertEquals(ErrorCode.APPROVAL_EXPIRED, e.discounted().get(0).code());
    assertEquals(id(1), e.discounted().get(0).approverId().orElseThrow());
  }

  @Test
  void verify_severalDiscounted_throwsFirstInInputOrder() {
    byte[] expired = approval(0, b -> b.validity(NOT_BEFORE, AT.minusSeconds(1)));
    byte[] wrongPolicy = approval(1, b -> b.teePolicyHash(OTHER_POLICY_HASH));
    ApprovalVerifier threeOfThree = ApprovalVerifier.create(policy(3, 3));
    assertEquals(ErrorCode.APPROVAL_EXPIRED, assertThrows(ApprovalException.class,
        () -> verify(threeOfThree, List.of(expired, wrongPolicy, approval(2)))).code());
    ApprovalException e = assertThrows(ApprovalException.class,
        () -> verify(threeOfThree, List.of(wrongPolicy, approval(2), expired)));
    assertEquals(ErrorCode.APPROVAL_WRONG_POLICY, e.code());
    assertEquals(List.of(ErrorCode.APPROVAL_WRONG_POLICY, ErrorCode.APPROVAL_EXPIRED),
        e.discounted().stream().map(RejectedApproval::code).toList());
  }

  @Test
  void verify_discountedDoNotExplainShortfall_throwsQuorumNotMet() {
    byte[] expired = approval(1, b -> b.validity(NOT_BEFORE, AT.minusSeconds(1)));
    ApprovalException e = assertThrows(ApprovalException.class,
        () -> verify(ApprovalVerifier.create(policy(3, 3)), List.of(approval(0), expired)));
    assertEquals(ErrorCode.APPROVAL_QUORUM_NOT_MET, e.code());
    assertEquals(List.of(ErrorCode.APPROVAL_EXPIRED),
        e.discounted().stream().map(RejectedApproval::code).toList());
  }

  @Test
  void verify_tooManyEnvelopes_throwsMalformed() {
    List<byte[]> many = new ArrayList<>(Collections.nCopies(QuorumEvaluation.MAX_ENVELOPES, approval(0)));
    many.add(approval(1));
    ApprovalException e = assertThrows(ApprovalException.class, () -> verify(ONE_OF_THREE, many));
    assertEquals(ErrorCode.APPROVAL_MALFORMED, e.code());
    assertEquals(many.size(), e.discounted().size());
  }

  // ------------------------------------------------------------------ caller mistakes

  @Test
  void verify_wrongLengthsOrNulls_throwUnchecked() {
    assertThrows(IllegalArgumentException.class, () -> TWO_OF_THREE.verify(
        List.of(approval(0)), ARTIFACT, new byte[31], POLICY_HASH, AT));
    assertThrows(IllegalArgumentException.class, () -> TWO_OF_THREE.verify(
        List.of(approval(0)), ARTIFACT, ARTIFACT_SHA256, new byte[33], AT));
    List<byte[]> withNull = new ArrayList<>();
    withNull.add(null);
    assertThrows(NullPointerException.class, () -> TWO_OF_THREE.verify(
        withNull, ARTIFACT, ARTIFACT_SHA256, POLICY_HASH, AT));
  }

  // ------------------------------------------------------------------ helpers

  private static byte[] signed(int signer, String payloadType, byte[] payload) {
    byte[] pae = Dsse.preAuthEncoding(payloadType, payload);
    return DsseEnvelope.of(payloadType, payload,
            List.of(DsseSignature.of(key(signer).publicKey().keyId(), key(signer).sign(pae))))
        .toJsonBytes();
  }

  static ApprovedQuorum verify(ApprovalVerifier verifier, List<byte[]> envelopes)
      throws ApprovalException {
    return verify(verifier, envelopes, AT);
  }

  static ApprovedQuorum verify(ApprovalVerifier verifier, List<byte[]> envelopes, Instant at)
      throws ApprovalException {
    return verifier.verify(envelopes, ARTIFACT, ARTIFACT_SHA256, POLICY_HASH, at);
  }

  /** Asserts that verify throws {@code code}, blames nobody, and discounted just the one envelope. */
  private static RejectedApproval assertCode(ErrorCode code, ApprovalVerifier verifier,
      List<byte[]> envelopes) {
    ApprovalException e = assertCode(code, () -> verify(verifier, envelopes));
    assertEquals(code, e.discounted().get(0).code());
    return e.discounted().get(0);
  }

  private static ApprovalException assertCode(ErrorCode code, Executable call) {
    ApprovalException e = assertThrows(ApprovalException.class, call);
    assertEquals(code, e.code());
    assertEquals(List.of(), e.culprits());
    return e;
  }

  /** The predicate's JSON text, as {@link InTotoStatement.Builder#predicateJson} takes it. */
  private static byte[] json(JsonObject predicate) {
    return predicate.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  /** The predicate of {@code statement} as a Gson tree, to edit. */
  private static JsonObject predicate(InTotoStatement statement) {
    return com.google.gson.JsonParser.parseString(new String(statement.predicateJson(),
        java.nio.charset.StandardCharsets.UTF_8)).getAsJsonObject();
  }
}

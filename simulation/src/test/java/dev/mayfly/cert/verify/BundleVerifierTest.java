package dev.mayfly.cert.verify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mayfly.cert.CertVerificationException;
import dev.mayfly.cert.bundle.SigstoreBundle;
import dev.mayfly.cert.bundle.TrustedRoot;
import dev.mayfly.cert.evidence.EvidenceDocument;
import dev.mayfly.cert.evidence.SessionEvidence;
import dev.mayfly.cert.internal.Crypto;
import dev.mayfly.cert.mint.GroupKeyAlgorithm;
import dev.mayfly.cert.mint.IssuanceMode;
import dev.mayfly.cert.testing.CeremonyFixture;
import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.PartyId;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class BundleVerifierTest {
  private static BundleVerifierOptions.Builder options(CeremonyFixture f) {
    return BundleVerifierOptions.builder()
        .trustedRoot(f.trustedRoot())
        .teePolicyHash(f.teePolicy.hash())
        .approvalPolicy(f.approvalPolicy)
        .allowSimulatedEvidenceInsecure();
  }

  private static VerifiedArtifact verify(CeremonyFixture f) throws CertVerificationException {
    return verify(f, options(f).build(), f.artifact);
  }

  private static VerifiedArtifact verify(CeremonyFixture f, BundleVerifierOptions options,
      byte[] artifact) throws CertVerificationException {
    return BundleVerifier.create(options).verify(artifact, f.bundleJson(), f.evidenceJson());
  }

  private static CertVerificationException refused(CeremonyFixture f) {
    return refused(f, options(f).build(), f.artifact);
  }

  private static CertVerificationException refused(
      CeremonyFixture f, BundleVerifierOptions options, byte[] artifact) {
    return assertThrows(CertVerificationException.class, () -> verify(f, options, artifact));
  }

  private static CeremonyFixture fixture(long seed, Consumer<CeremonyFixture> knobs)
      throws Exception {
    CeremonyFixture f = new CeremonyFixture(seed);
    knobs.accept(f);
    return f.run();
  }

  @Test
  void verify_ed25519SelfAttested_returnsProof() throws Exception {
    CeremonyFixture f = fixture(1, x -> { });

    VerifiedArtifact ok = verify(f);

    assertEquals(GroupKeyAlgorithm.ED25519, ok.algorithm());
    assertEquals(IssuanceMode.SELF_ATTESTED, ok.mode());
    assertTrue(ok.timestamped());
    assertTrue(ok.simulated());
    assertEquals(List.of(PartyId.of(1), PartyId.of(2), PartyId.of(3)), ok.parties());
    assertEquals(2, ok.approvalsCounted());
    assertArrayEquals(Crypto.sha256(f.artifact), ok.artifactSha256());
    assertEquals(f.start.plusSeconds(30), ok.signingTime());
  }

  @Test
  void verify_ecdsaCaIssued_returnsProof() throws Exception {
    CeremonyFixture f = fixture(2, x -> {
      x.algorithm = GroupKeyAlgorithm.ECDSA_P256;
      x.caIssued = true;
    });

    VerifiedArtifact ok = verify(f);

    assertEquals(GroupKeyAlgorithm.ECDSA_P256, ok.algorithm());
    assertEquals(IssuanceMode.CA_ISSUED, ok.mode());
  }

  @Test
  void verify_simulatedWithoutOptIn_throwsSimulatedRefused() throws Exception {
    CeremonyFixture f = fixture(3, x -> { });
    BundleVerifierOptions strict = BundleVerifierOptions.builder().trustedRoot(f.trustedRoot())
        .teePolicyHash(f.teePolicy.hash()).approvalPolicy(f.approvalPolicy).build();

    CertVerificationException e = refused(f, strict, f.artifact);

    assertEquals(ErrorCode.CERT_SIMULATED_EVIDENCE_REFUSED, e.code());
    assertEquals(List.of(), e.culprits());
  }

  @Test
  void verify_simulatedReportLabelledSevSnp_throwsTamperedNamingParty() throws Exception {
    CeremonyFixture f = fixture(4, x -> x.simulatedLabel = false);

    CertVerificationException e = refused(f);

    assertEquals(ErrorCode.CERT_EVIDENCE_TAMPERED, e.code());
    assertEquals(List.of(PartyId.of(1)), e.culprits());
  }

  @Test
  void verify_wrongArtifact_throwsArtifactMismatch() throws Exception {
    for (GroupKeyAlgorithm algorithm : GroupKeyAlgorithm.values()) {
      CeremonyFixture f = fixture(5, x -> x.algorithm = algorithm);
      byte[] other = "another artifact".getBytes(StandardCharsets.UTF_8);

      CertVerificationException e = refused(f, options(f).build(), other);

      assertEquals(ErrorCode.CERT_ARTIFACT_MISMATCH, e.code(), algorithm.id());
    }
  }

  @Test
  void verify_flippedSignatureByte_throwsArtifactSignatureInvalid() throws Exception {
    for (GroupKeyAlgorithm algorithm : GroupKeyAlgorithm.values()) {
      CeremonyFixture f = fixture(6, x -> x.algorithm = algorithm);
      byte[] signature = f.bundle.signature();
      signature[signature.length - 3] ^= 0x01;
      f.bundle = rebuild(f.bundle, f.bundle.certificate().getEncoded(), signature);

      CertVerificationException e = refused(f);

      assertEquals(ErrorCode.CERT_ARTIFACT_SIGNATURE_INVALID, e.code(), algorithm.id());
    }
  }

  @Test
  void verify_tamperedCertificate_throwsSignatureInvalid() throws Exception {
    CeremonyFixture f = fixture(7, x -> { });
    byte[] der = f.bundle.certificate().getEncoded();
    byte[] digest = f.evidence.digest();
    int at = indexOf(der, digest);
    der[at + 5] ^= 0x01;
    f.bundle = rebuild(f.bundle, der, f.bundle.signature());

    CertVerificationException e = refused(f);

    assertEquals(ErrorCode.CERT_SIGNATURE_INVALID, e.code());
  }

  @Test
  void verify_tamperedEvidence_throwsEvidenceTampered() throws Exception {
    CeremonyFixture f = fixture(8, x -> { });
    String json = new String(f.evidenceJson(), StandardCharsets.UTF_8);
    String session = Base64.getEncoder().encodeToString(f.evidence.session().bytes());
    byte[] changed = f.evidence.session().bytes();
    changed[changed.length / 2] ^= 0x02;
    byte[] tampered = json.replace(session, Base64.getEncoder().encodeToString(changed))
        .getBytes(StandardCharsets.UTF_8);

    CertVerificationException e = assertThrows(CertVerificationException.class,
        () -> BundleVerifier.create(options(f).build()).verify(f.artifact, f.bundleJson(), tampered));

    assertEquals(ErrorCode.CERT_EVIDENCE_TAMPERED, e.code());
  }

  @Test
  void verify_evidenceOfOtherMinting_throwsEvidenceDigestMismatch() throws Exception {
    CeremonyFixture f = fixture(9, x -> x.sessionAfterMinting = session -> rebuildSession(session));

    CertVerificationException e = refused(f);

    assertEquals(ErrorCode.CERT_EVIDENCE_DIGEST_MISMATCH, e.code());
  }

  @Test
  void verify_evidenceOfOtherSession_throwsExtensionMismatch() throws Exception {
    CeremonyFixture f = fixture(10, x -> { });
    CeremonyFixture other = fixture(10, x -> x.sessionId = new byte[32]);
    f.evidence = EvidenceDocument.of(other.evidence.session(), f.evidence.completion());

    CertVerificationException e = refused(f);

    assertEquals(ErrorCode.CERT_EXTENSION_MISMATCH, e.code());
  }

  @Test
  void verify_missingApproval_throwsQuorumNotMet() throws Exception {
    CeremonyFixture f = fixture(11, x -> x.approvals = 1);

    CertVerificationException e = refused(f);

    assertEquals(ErrorCode.APPROVAL_QUORUM_NOT_MET, e.code());
    assertEquals(List.of(), e.culprits());
  }

  @Test
  void verify_expiredApprovals_throwsApprovalExpired() throws Exception {
    CeremonyFixture f = fixture(12, x -> x.expiredApprovals = true);

    CertVerificationException e = refused(f);

    assertEquals(ErrorCode.APPROVAL_EXPIRED, e.code());
  }

  @Test
  void verify_approvalsDigestOfOtherApprovals_throwsApprovalsDigestMismatch() throws Exception {
    CeremonyFixture f = fixture(13, x -> x.approvalsDigestOverride = x.bytes(32));

    CertVerificationException e = refused(f);

    assertEquals(ErrorCode.CERT_APPROVALS_DIGEST_MISMATCH, e.code());
  }

  @Test
  void verify_otherPolicyHashPinned_throwsPolicyHashMismatch() throws Exception {
    CeremonyFixture f = fixture(14, x -> { });
    BundleVerifierOptions pinned = options(f).teePolicyHash(new byte[32]).build();

    CertVerificationException e = refused(f, pinned, f.artifact);

    assertEquals(ErrorCode.CERT_POLICY_HASH_MISMATCH, e.code());
  }

  @Test
  void verify_timestampAfterValidity_throwsTimestampOutsideValidity() throws Exception {
    CeremonyFixture f = fixture(15, x -> x.timestampOffset = Duration.ofMinutes(11));

    CertVerificationException e = refused(f);

    assertEquals(ErrorCode.CERT_TIMESTAMP_OUTSIDE_VALIDITY, e.code());
  }

  @Test
  void verify_afterExpiryWithTimestamp_returnsProof() throws Exception {
    CeremonyFixture f = fixture(16, x -> { });
    BundleVerifierOptions later = options(f).clock(f.clockAt(Duration.ofDays(2))).build();

    VerifiedArtifact ok = verify(f, later, f.artifact);

    assertTrue(ok.timestamped());
    assertTrue(ok.signingTime().isBefore(f.minted.leaf().getNotAfter().toInstant()));
  }

  @Test
  void verify_afterExpiryWithoutTimestamp_throwsExpired() throws Exception {
    CeremonyFixture f = fixture(17, x -> x.timestamp = false);
    BundleVerifierOptions later = options(f).allowMissingTimestamp()
        .clock(f.clockAt(Duration.ofDays(2))).build();

    CertVerificationException e = refused(f, later, f.artifact);

    assertEquals(ErrorCode.CERT_EXPIRED, e.code());
  }

  @Test
  void verify_withinValidityWithoutTimestampAllowed_returnsProof() throws Exception {
    CeremonyFixture f = fixture(18, x -> x.timestamp = false);
    BundleVerifierOptions lenient = options(f).allowMissingTimestamp()
        .clock(f.clockAt(Duration.ofMinutes(2))).build();

    VerifiedArtifact ok = verify(f, lenient, f.artifact);

    assertFalse(ok.timestamped());
  }

  @Test
  void verify_noTimestampByDefault_throwsTimestampMissing() throws Exception {
    CeremonyFixture f = fixture(19, x -> x.timestamp = false);

    CertVerificationException e = refused(f);

    assertEquals(ErrorCode.CERT_TIMESTAMP_MISSING, e.code());
  }

  @Test
  void verify_untrustedTsa_throwsTimestampInvalid() throws Exception {
    CeremonyFixture f = fixture(20, x -> { });
    CeremonyFixture other = new CeremonyFixture(21);
    BundleVerifierOptions wrongTsa = options(f).trustedRoot(TrustedRoot.of(
        List.of(List.of(CeremonyFixture.ca().rootCertificate())), List.of(other.tsa.chain())))
        .build();

    CertVerificationException e = refused(f, wrongTsa, f.artifact);

    assertEquals(ErrorCode.CERT_TIMESTAMP_INVALID, e.code());
  }

  @Test
  void verify_recordedTsaTrustedOnRequest_returnsProofAndRefusedOtherwise() throws Exception {
    CeremonyFixture f = fixture(24, x -> x.recordTsaChain = true);
    BundleVerifierOptions.Builder noRoot = BundleVerifierOptions.builder()
        .teePolicyHash(f.teePolicy.hash())
        .approvalPolicy(f.approvalPolicy)
        .allowSimulatedEvidenceInsecure();

    CertVerificationException e = refused(f, noRoot.build(), f.artifact);
    assertEquals(ErrorCode.CERT_TIMESTAMP_INVALID, e.code());

    VerifiedArtifact ok = verify(f, noRoot.trustRecordedTimestampAuthorityInsecure().build(),
        f.artifact);
    assertEquals(f.minted.leaf(), ok.certificate());
  }

  @Test
  void verify_caIssuedWithoutTrustedCa_throwsChainUntrusted() throws Exception {
    CeremonyFixture f = fixture(22, x -> x.caIssued = true);
    BundleVerifierOptions noCa = options(f)
        .trustedRoot(TrustedRoot.of(List.of(), List.of(f.tsa.chain()))).build();

    CertVerificationException e = refused(f, noCa, f.artifact);

    assertEquals(ErrorCode.CERT_CHAIN_UNTRUSTED, e.code());
  }

  @Test
  void verify_validityAboveVerifierCap_throwsProfileViolation() throws Exception {
    CeremonyFixture f = fixture(23, x -> { });
    BundleVerifierOptions tight = options(f).maxValidity(Duration.ofMinutes(5)).build();

    CertVerificationException e = refused(f, tight, f.artifact);

    assertEquals(ErrorCode.CERT_PROFILE_VIOLATION, e.code());
  }

  @Test
  void verify_reportNotBindingKeys_throwsReportDataMismatchNamingParty() throws Exception {
    CeremonyFixture f = fixture(24, x -> x.wrongReportDataParty = 2);

    CertVerificationException e = refused(f);

    assertEquals(ErrorCode.CERT_REPORT_DATA_MISMATCH, e.code());
    assertEquals(List.of(PartyId.of(2)), e.culprits());
  }

  @Test
  void verify_partyWithOtherMeasurement_throwsSnpCodeNamingParty() throws Exception {
    CeremonyFixture f = fixture(25, x -> x.wrongMeasurementParty = 3);

    CertVerificationException e = refused(f);

    assertTrue(e.code().name().startsWith("SNP_"), e.code().name());
    assertEquals(List.of(PartyId.of(3)), e.culprits());
  }

  @Test
  void verify_twoPartiesOnOneChip_throwsDuplicateChipIdNamingBoth() throws Exception {
    CeremonyFixture f = fixture(29, x -> x.sameChipParty = 3);

    CertVerificationException e = refused(f);

    assertEquals(ErrorCode.CERT_DUPLICATE_CHIP_ID, e.code());
    assertEquals(List.of(PartyId.of(1), PartyId.of(3)), e.culprits());
  }

  @Test
  void verify_receiptOfOtherTranscript_throwsDestructionReceiptInvalidNamingParty()
      throws Exception {
    CeremonyFixture f = fixture(26, x -> x.wrongReceiptParty = 3);

    CertVerificationException e = refused(f);

    assertEquals(ErrorCode.CERT_DESTRUCTION_RECEIPT_INVALID, e.code());
    assertEquals(List.of(PartyId.of(3)), e.culprits());
  }

  @Test
  void verify_missingReceipt_throwsDestructionReceiptInvalidNamingParty() throws Exception {
    CeremonyFixture f = fixture(27, x -> x.missingReceiptParty = 1);

    CertVerificationException e = refused(f);

    assertEquals(ErrorCode.CERT_DESTRUCTION_RECEIPT_INVALID, e.code());
    assertEquals(List.of(PartyId.of(1)), e.culprits());
  }

  @Test
  void build_neitherPinnedNorWaived_throwsIllegalState() {
    assertThrows(IllegalStateException.class, () -> BundleVerifierOptions.builder()
        .acceptAnyTeePolicyHashInsecure().build());
    assertThrows(IllegalStateException.class, () -> BundleVerifierOptions.builder()
        .approvalPolicyFromEvidenceInsecure().build());
    assertThrows(IllegalStateException.class, () -> BundleVerifierOptions.builder()
        .acceptAnyTeePolicyHashInsecure().approvalPolicyDigest(new byte[32])
        .approvalPolicyFromEvidenceInsecure().build());
  }

  @Test
  void verify_approvalPolicyPinnedByDigest_returnsProof() throws Exception {
    CeremonyFixture f = fixture(29, x -> { });
    BundleVerifierOptions byDigest = BundleVerifierOptions.builder().trustedRoot(f.trustedRoot())
        .teePolicyHash(f.teePolicy.hash()).approvalPolicyDigest(f.approvalPolicy.digest())
        .allowSimulatedEvidenceInsecure().build();

    assertEquals(2, verify(f, byDigest, f.artifact).approvalsCounted());
  }

  @Test
  void verify_otherApprovalPolicyPinned_throwsApprovalPolicyMismatch() throws Exception {
    // The evidence records the approvers the session ran with; a verifier that expects other
    // approvers refuses it, whatever the recorded ones signed.
    CeremonyFixture f = fixture(30, x -> { });
    for (BundleVerifierOptions pinned : List.of(
        options(f).approvalPolicy(dev.mayfly.approval.ApprovalPolicy.builder()
            .approvers(dev.mayfly.approval.ApproverSet.builder().approver("eve",
                dev.mayfly.approval.keys.ApproverSigningKey.generate(
                    dev.mayfly.approval.keys.KeyAlgorithm.ED25519,
                    new java.security.SecureRandom()).publicKey()).build())
            .quorum(1).build()).build(),
        BundleVerifierOptions.builder().trustedRoot(f.trustedRoot())
            .teePolicyHash(f.teePolicy.hash()).approvalPolicyDigest(new byte[32])
            .allowSimulatedEvidenceInsecure().build())) {
      CertVerificationException e = refused(f, pinned, f.artifact);
      assertEquals(ErrorCode.CERT_APPROVAL_POLICY_MISMATCH, e.code());
    }
  }

  @Test
  void verify_approvalPolicyFromEvidenceInsecureAndAnyPolicyHash_returnsProof() throws Exception {
    CeremonyFixture f = fixture(28, x -> { });
    BundleVerifierOptions relaxed = BundleVerifierOptions.builder().trustedRoot(f.trustedRoot())
        .acceptAnyTeePolicyHashInsecure().approvalPolicyFromEvidenceInsecure()
        .allowSimulatedEvidenceInsecure().build();

    assertEquals(2, verify(f, relaxed, f.artifact).approvalsCounted());
  }

  private static SigstoreBundle rebuild(SigstoreBundle bundle, byte[] certificate,
      byte[] signature) throws Exception {
    var leaf = Crypto.parseCertificate(certificate);
    return bundle.kind() == SigstoreBundle.Kind.MESSAGE_SIGNATURE
        ? SigstoreBundle.messageSignature(leaf, bundle.messageDigest().orElseThrow(), signature,
            bundle.timestamps())
        : SigstoreBundle.dsseEnvelope(leaf, bundle.payloadType().orElseThrow(),
            bundle.payload().orElseThrow(), signature, bundle.timestamps());
  }

  /** The same session part, written again with a start time one second later. */
  private static SessionEvidence rebuildSession(SessionEvidence s) {
    return SessionEvidence.builder().simulated(s.simulated()).sessionId(s.sessionId())
        .algorithm(s.algorithm()).protocol(s.protocol()).threshold(s.threshold())
        .startTime(s.startTime().plusSeconds(1)).artifact(s.artifactName(), s.artifactSha256())
        .teePolicy(s.teePolicyDocument(), s.teePolicyHash()).approvalPolicy(s.approvalPolicy())
        .approvals(s.approvals()).parties(s.parties()).build();
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    throw new AssertionError("not found");
  }
}

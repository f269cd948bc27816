package dev.mayfly.cert.verify;

import static java.util.Objects.requireNonNull;

import dev.mayfly.approval.ApprovalException;
import dev.mayfly.approval.ApprovalPolicy;
import dev.mayfly.approval.ApprovalVerifier;
import dev.mayfly.approval.ApprovedQuorum;
import dev.mayfly.approval.dsse.Dsse;
import dev.mayfly.approval.intoto.InTotoStatement;
import dev.mayfly.cert.CertVerificationException;
import dev.mayfly.cert.bundle.SigstoreBundle;
import dev.mayfly.cert.evidence.CompletionEvidence;
import dev.mayfly.cert.evidence.DestructionReceipt;
import dev.mayfly.cert.evidence.EvidenceDocument;
import dev.mayfly.cert.evidence.PartyEvidence;
import dev.mayfly.cert.evidence.ReportDataBinding;
import dev.mayfly.cert.evidence.SessionEvidence;
import dev.mayfly.cert.internal.Crypto;
import dev.mayfly.cert.internal.ProfileRules;
import dev.mayfly.cert.internal.Signatures;
import dev.mayfly.cert.mint.GroupPublicKey;
import dev.mayfly.cert.mint.IssuanceMode;
import dev.mayfly.cert.mint.MayflyExtensions;
import dev.mayfly.cert.tsa.TimestampVerifier;
import dev.mayfly.cert.tsa.VerifiedTimestamp;
import dev.mayfly.common.ArtifactDigest;
import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.MayflyException;
import dev.mayfly.common.PartyId;
import dev.mayfly.snp.AttestationException;
import dev.mayfly.snp.evidence.Evidence;
import dev.mayfly.snp.validate.PolicyValidator;
import dev.mayfly.snp.validate.ReportExpectations;
import dev.mayfly.snp.validate.TeePolicy;
import dev.mayfly.snp.verify.SnpVerifier;
import dev.mayfly.snp.verify.VerifiedReport;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Verifies an artifact against its Sigstore bundle and Mayfly evidence document (DESIGN.md
 * sections 4 to 6). The checks, in order, each with its own code (see {@code docs/verification.md}):
 *
 * <ol>
 *   <li>bundle and evidence parse ({@code CERT_BUNDLE_MALFORMED}, {@code CERT_EVIDENCE_MALFORMED},
 *       {@code CERT_EVIDENCE_TAMPERED}); simulated evidence needs the caller's opt-in
 *       ({@code CERT_SIMULATED_EVIDENCE_REFUSED});
 *   <li>the certificate profile ({@code CERT_PROFILE_VIOLATION}) and the certificate's signature:
 *       self-signed, or chained to a trusted CA ({@code CERT_SIGNATURE_INVALID},
 *       {@code CERT_CHAIN_UNTRUSTED});
 *   <li>the signature over the artifact ({@code CERT_ARTIFACT_MISMATCH},
 *       {@code CERT_ARTIFACT_SIGNATURE_INVALID});
 *   <li>the timestamp token and the certificate's validity at its time
 *       ({@code CERT_TIMESTAMP_INVALID}, {@code CERT_TIMESTAMP_OUTSIDE_VALIDITY}), or without one
 *       at the clock's time ({@code CERT_TIMESTAMP_MISSING}, {@code CERT_EXPIRED});
 *   <li>the Mayfly extensions against the evidence ({@code CERT_EXTENSION_MISMATCH},
 *       {@code CERT_EVIDENCE_DIGEST_MISMATCH});
 *   <li>the TEE policy hash pin ({@code CERT_POLICY_HASH_MISMATCH});
 *   <li>the approval quorum (the approval module's codes) and the approvals digest
 *       ({@code CERT_APPROVALS_DIGEST_MISMATCH});
 *   <li>each party's report through attestation-snp (its codes, naming the party), its
 *       REPORT_DATA binding ({@code CERT_REPORT_DATA_MISMATCH}), and distinct chips
 *       ({@code CERT_DUPLICATE_CHIP_ID});
 *   <li>each party's destruction receipt ({@code CERT_DESTRUCTION_RECEIPT_INVALID}).
 * </ol>
 *
 * <p><b>Security:</b> a self-attested certificate carries no trust of its own: its trust comes
 * from the evidence, which this verifier always requires. The verifier stops at the first
 * failure. Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class BundleVerifier {
  private final BundleVerifierOptions options;

  private BundleVerifier(BundleVerifierOptions options) {
    this.options = options;
  }

  /** A verifier with {@code options}. */
  public static BundleVerifier create(BundleVerifierOptions options) {
    return new BundleVerifier(requireNonNull(options, "options"));
  }

  /**
   * Verifies {@code artifact} with its bundle and evidence document (both JSON).
   *
   * @throws CertVerificationException naming the first failed check
   */
  public VerifiedArtifact verify(byte[] artifact, byte[] bundleJson, byte[] evidenceJson)
      throws CertVerificationException {
    requireNonNull(artifact, "artifact");
    requireNonNull(bundleJson, "bundleJson");
    requireNonNull(evidenceJson, "evidenceJson");
    SigstoreBundle bundle = SigstoreBundle.parseJson(bundleJson);
    EvidenceDocument evidence = EvidenceDocument.parseJson(evidenceJson);
    SessionEvidence session = evidence.session();
    if (evidence.simulated() && !options.allowsSimulatedEvidence()) {
      throw fail(ErrorCode.CERT_SIMULATED_EVIDENCE_REFUSED,
          "evidence is SIMULATED and the verifier was not told to accept simulated evidence");
    }

    X509Certificate leaf = bundle.certificate();
    MayflyExtensions extensions = ProfileRules.check(leaf, options.maxValidity());
    GroupPublicKey key = GroupPublicKey.of(leaf.getPublicKey());
    List<X509Certificate> path = certificatePath(leaf);
    IssuanceMode mode = path.size() == 1 ? IssuanceMode.SELF_ATTESTED : IssuanceMode.CA_ISSUED;

    byte[] artifactSha256 = Crypto.sha256(artifact);
    ArtifactDigest matched = checkArtifactSignature(bundle, key, artifact, artifactSha256, session,
        evidence.completion());

    SigningTime time = signingTime("bundle", bundle.timestamps(), bundle.signature(), path,
        evidence.completion());
    return checkSession(leaf, extensions, key, mode, time, evidence, artifactSha256,
        matched.name());
  }

  /**
   * Verifies a JAR signed in the JAR format by a Mayfly ceremony (docs/jar-signing.md) with the
   * release's evidence document, as the Maven plugin publishes it in place of the approved JAR
   * {@code artifactName}: the JDK's verifying {@code JarFile} reads every entry, so each must
   * match its signed digest ({@code CERT_JAR_ENTRY_TAMPERED}); every entry must be signed
   * ({@code CERT_JAR_UNSIGNED_ENTRY}) by one signer ({@code CERT_JAR_SIGNER_MISMATCH}); every
   * entry the signed manifest names must exist ({@code CERT_JAR_ENTRY_TAMPERED}). The signer's
   * certificate then passes the checks of {@link #verify} from the certificate profile on: its
   * chain, the signature's RFC 3161 timestamp against the trusted timestamp authorities, its
   * Mayfly extensions against the evidence, the TEE policy pin, the approvals, every party's
   * attestation and destruction receipt. The evidence must list an artifact named {@code
   * artifactName} ({@code CERT_ARTIFACT_MISMATCH}).
   *
   * <p><b>Security:</b> the approvers approved the JAR before it was signed; the signed JAR is
   * that JAR plus the signature's {@code META-INF} files and a manifest with every entry's
   * digest. The signed JAR's own digest is therefore in no approval: what binds it to the
   * release is the signature under the release's one-time key, which the parties used only for
   * documents computed from approved artifacts and destroyed (the evidence's receipts). The
   * returned {@link VerifiedArtifact#artifactSha256()} is the <b>approved</b> JAR's digest, as
   * the evidence lists it, not the signed JAR's.
   *
   * @throws CertVerificationException naming the first failed check
   * @since 0.2.0
   */
  public VerifiedArtifact verifySignedJar(byte[] jar, String artifactName, byte[] evidenceJson)
      throws CertVerificationException {
    requireNonNull(jar, "jar");
    requireNonNull(artifactName, "artifactName");
    requireNonNull(evidenceJson, "evidenceJson");
    EvidenceDocument evidence = EvidenceDocument.parseJson(evidenceJson);
    SessionEvidence session = evidence.session();
    if (evidence.simulated() && !options.allowsSimulatedEvidence()) {
      throw fail(ErrorCode.CERT_SIMULATED_EVIDENCE_REFUSED,
          "evidence is SIMULATED and the verifier was not told to accept simulated evidence");
    }
    SignedJarReader.Signature signature = SignedJarReader.read(jar);
    X509Certificate leaf = signature.leaf();
    MayflyExtensions extensions = ProfileRules.check(leaf, options.maxValidity());
    GroupPublicKey key = GroupPublicKey.of(leaf.getPublicKey());
    List<X509Certificate> path = certificatePath(leaf);
    IssuanceMode mode = path.size() == 1 ? IssuanceMode.SELF_ATTESTED : IssuanceMode.CA_ISSUED;
    ArtifactDigest approved = session.artifacts().stream()
        .filter(a -> a.name().equals(artifactName)).findFirst()
        .orElseThrow(() -> fail(ErrorCode.CERT_ARTIFACT_MISMATCH, "the evidence lists no "
            + "artifact named " + artifactName + " among its " + session.artifacts().size()));
    // The signature names the approved JAR it was planned from: another JAR of the same release
    // (the same key and certificate) served under this name is refused.
    if (!artifactName.equals(signature.approvedName()) || !HexFormat.of()
        .formatHex(approved.sha256()).equals(signature.approvedSha256())) {
      throw fail(ErrorCode.CERT_ARTIFACT_MISMATCH, "the JAR signature names the approved "
          + "artifact " + signature.approvedName() + " (sha256 " + signature.approvedSha256()
          + "), not " + artifactName + " as the evidence lists it");
    }
    SigningTime time = signingTime("JAR signature", signature.timestampResponses(),
        signature.signatureValue(), path, evidence.completion());
    return checkSession(leaf, extensions, key, mode, time, evidence, approved.sha256(),
        approved.name());
  }

  /** The time the certificate is checked at, and whether a timestamp vouched for it. */
  private record SigningTime(Instant time, boolean timestamped) {}

  /**
   * The timestamps' time over {@code signature} (each checked), or without any, if allowed, the
   * clock's time, at which every certificate of {@code path} must be valid.
   */
  private SigningTime signingTime(String what, List<byte[]> timestamps, byte[] signature,
      List<X509Certificate> path, CompletionEvidence completion)
      throws CertVerificationException {
    if (!timestamps.isEmpty()) {
      return new SigningTime(checkTimestamps(timestamps, signature, path, completion), true);
    }
    if (options.requiresTimestamp()) {
      throw fail(ErrorCode.CERT_TIMESTAMP_MISSING, what + " has no RFC 3161 timestamp");
    }
    Instant now = options.clock().instant();
    for (X509Certificate certificate : path) {
      if (outside(certificate, now)) {
        throw fail(ErrorCode.CERT_EXPIRED, "certificate " + certificate.getSubjectX500Principal()
            + " is not valid at " + now + " and no timestamp vouches for an earlier time");
      }
    }
    return new SigningTime(now, false);
  }

  /** The checks from the Mayfly extensions on, shared by bundles and signed JARs. */
  private VerifiedArtifact checkSession(X509Certificate leaf, MayflyExtensions extensions,
      GroupPublicKey key, IssuanceMode mode, SigningTime time, EvidenceDocument evidence,
      byte[] artifactSha256, String artifactName)
      throws CertVerificationException {
    SessionEvidence session = evidence.session();
    checkExtensions(extensions, session, key);
    TeePolicy teePolicy = checkPolicyHash(extensions, session);
    ApprovedQuorum quorum = checkApprovals(extensions, session, leaf);
    Map<PartyId, VerifiedReport> hellos = checkParties(session, teePolicy, evidence);
    checkReceipts(session, teePolicy, evidence.completion(), hellos);
    List<PartyId> parties = List.copyOf(hellos.keySet());

    return new VerifiedArtifact(leaf, mode, key.algorithm(), time.time(), time.timestamped(),
        session.sessionId(), artifactSha256, artifactName, parties, session.threshold(),
        quorum.counted().size(), evidence.simulated());
  }

  /** The leaf alone if self-signed, else leaf plus the trusted CA chain that issued it. */
  private List<X509Certificate> certificatePath(X509Certificate leaf)
      throws CertVerificationException {
    if (leaf.getSubjectX500Principal().equals(leaf.getIssuerX500Principal())) {
      try {
        leaf.verify(leaf.getPublicKey(), Crypto.BC);
      } catch (GeneralSecurityException e) {
        throw fail(ErrorCode.CERT_SIGNATURE_INVALID,
            "self-attested certificate's signature does not verify under its own key", e);
      }
      return List.of(leaf);
    }
    boolean nameMatched = false;
    for (List<X509Certificate> chain : options.trustedRoot().certificateAuthorities()) {
      X509Certificate issuer = chain.get(0);
      if (!issuer.getSubjectX500Principal().equals(leaf.getIssuerX500Principal())) {
        continue;
      }
      nameMatched = true;
      try {
        leaf.verify(issuer.getPublicKey(), Crypto.BC);
      } catch (GeneralSecurityException e) {
        continue;
      }
      List<X509Certificate> path = new ArrayList<>();
      path.add(leaf);
      path.addAll(chain);
      return List.copyOf(path);
    }
    if (nameMatched) {
      throw fail(ErrorCode.CERT_SIGNATURE_INVALID, "certificate's signature does not verify under "
          + "the trusted CA " + leaf.getIssuerX500Principal());
    }
    throw fail(ErrorCode.CERT_CHAIN_UNTRUSTED,
        "certificate issuer " + leaf.getIssuerX500Principal() + " is not a trusted CA");
  }

  /**
   * Finds the artifact among the session's (by digest; for a DSSE bundle, the one its statement
   * names) and checks the bundle's signature and the evidence's raw signature over it.
   */
  private static ArtifactDigest checkArtifactSignature(SigstoreBundle bundle, GroupPublicKey key,
      byte[] artifact, byte[] artifactSha256, SessionEvidence session,
      CompletionEvidence completion) throws CertVerificationException {
    List<ArtifactDigest> artifacts = session.artifacts();
    List<Integer> candidates = new ArrayList<>();
    for (int i = 0; i < artifacts.size(); i++) {
      if (artifacts.get(i).hasDigest(artifactSha256)) {
        candidates.add(i);
      }
    }
    if (candidates.isEmpty()) {
      throw fail(ErrorCode.CERT_ARTIFACT_MISMATCH, artifacts.size() == 1
          ? "artifact's SHA-256 differs from the digest the evidence and approvals name"
          : "artifact's SHA-256 is none of the " + artifacts.size()
              + " digests the evidence and approvals name");
    }
    int index = candidates.get(0);
    if (bundle.kind() == SigstoreBundle.Kind.MESSAGE_SIGNATURE) {
      if (!MessageDigest.isEqual(artifactSha256, bundle.messageDigest().orElseThrow())) {
        throw fail(ErrorCode.CERT_ARTIFACT_MISMATCH,
            "artifact's SHA-256 differs from the bundle's messageDigest");
      }
      if (!Signatures.isValid(key.algorithm(), key.publicKey(), artifact, bundle.signature())) {
        throw fail(ErrorCode.CERT_ARTIFACT_SIGNATURE_INVALID,
            "message signature does not verify over the artifact under the certificate's key");
      }
    } else {
      String payloadType = bundle.payloadType().orElseThrow();
      byte[] payload = bundle.payload().orElseThrow();
      if (!Signatures.isValid(key.algorithm(), key.publicKey(),
          Dsse.preAuthEncoding(payloadType, payload), bundle.signature())) {
        throw fail(ErrorCode.CERT_ARTIFACT_SIGNATURE_INVALID,
            "DSSE signature does not verify under the certificate's key");
      }
      if (!InTotoStatement.PAYLOAD_TYPE.equals(payloadType)) {
        throw fail(ErrorCode.CERT_BUNDLE_MALFORMED, "DSSE payloadType is '" + payloadType
            + "', expected " + InTotoStatement.PAYLOAD_TYPE);
      }
      InTotoStatement statement;
      try {
        statement = InTotoStatement.parseJson(payload);
      } catch (ApprovalException e) {
        throw fail(ErrorCode.CERT_BUNDLE_MALFORMED, "DSSE payload is not an in-toto statement", e);
      }
      Optional<Integer> named = candidates.stream().filter(i -> statement.subjects().stream()
          .anyMatch(subject -> subject.name().equals(artifacts.get(i).name())
              && MessageDigest.isEqual(subject.sha256(), artifactSha256))).findFirst();
      if (named.isEmpty()) {
        throw fail(ErrorCode.CERT_ARTIFACT_MISMATCH, "in-toto statement does not name the "
            + "artifact (its name and SHA-256 as the evidence lists them)");
      }
      index = named.get();
    }
    List<byte[]> raw = completion.artifactSignatures();
    if (!raw.isEmpty()) {
      if (raw.size() != artifacts.size()) {
        throw fail(ErrorCode.CERT_EVIDENCE_MALFORMED, "the evidence holds " + raw.size()
            + " raw artifact signatures for " + artifacts.size() + " artifacts");
      }
      if (!Signatures.isValid(key.algorithm(), key.publicKey(), artifact, raw.get(index))) {
        throw fail(ErrorCode.CERT_ARTIFACT_SIGNATURE_INVALID,
            "raw artifact signature in the evidence does not verify over the artifact");
      }
    }
    return artifacts.get(index);
  }

  private Instant checkTimestamps(List<byte[]> timestamps, byte[] signature,
      List<X509Certificate> path, CompletionEvidence completion)
      throws CertVerificationException {
    List<X509Certificate> tsaCertificates =
        new ArrayList<>(options.trustedRoot().timestampAuthorityCertificates());
    if (options.trustsRecordedTimestampAuthority()) {
      for (byte[] der : completion.timestampAuthorityChain()) {
        try {
          tsaCertificates.add(Crypto.parseCertificate(der));
        } catch (java.security.cert.CertificateException e) {
          throw fail(ErrorCode.CERT_EVIDENCE_MALFORMED,
              "recorded timestamp authority certificate does not parse");
        }
      }
    }
    if (tsaCertificates.isEmpty()) {
      throw fail(ErrorCode.CERT_TIMESTAMP_INVALID, "no timestamp authority is trusted");
    }
    TimestampVerifier verifier = TimestampVerifier.create(tsaCertificates);
    Instant time = null;
    for (byte[] timestamp : timestamps) {
      VerifiedTimestamp verified = verifier.verify(timestamp, signature);
      for (X509Certificate certificate : path) {
        if (outside(certificate, verified.time())) {
          throw fail(ErrorCode.CERT_TIMESTAMP_OUTSIDE_VALIDITY, "timestamp time "
              + verified.time() + " is outside the validity of "
              + certificate.getSubjectX500Principal() + " ("
              + certificate.getNotBefore().toInstant() + ".."
              + certificate.getNotAfter().toInstant() + ")");
        }
      }
      time = verified.time();
    }
    return requireNonNull(time);
  }

  private static boolean outside(X509Certificate certificate, Instant time) {
    return time.isBefore(certificate.getNotBefore().toInstant())
        || time.isAfter(certificate.getNotAfter().toInstant());
  }

  private static void checkExtensions(MayflyExtensions extensions, SessionEvidence session,
      GroupPublicKey key) throws CertVerificationException {
    if (!MessageDigest.isEqual(extensions.sessionId(), session.sessionId())) {
      throw fail(ErrorCode.CERT_EXTENSION_MISMATCH,
          "certificate's session id differs from the evidence's");
    }
    if (extensions.threshold() != session.threshold()
        || extensions.parties() != session.parties().size()
        || !extensions.protocol().equals(session.protocol())
        || key.algorithm() != session.algorithm()) {
      throw fail(ErrorCode.CERT_EXTENSION_MISMATCH, "certificate says " + extensions.threshold()
          + "-of-" + extensions.parties() + " " + extensions.protocol() + " ("
          + key.algorithm().id() + "), evidence says " + session.threshold() + "-of-"
          + session.parties().size() + " " + session.protocol() + " ("
          + session.algorithm().id() + ")");
    }
    if (!MessageDigest.isEqual(extensions.evidenceDigest(), session.digest())) {
      throw fail(ErrorCode.CERT_EVIDENCE_DIGEST_MISMATCH,
          "certificate's evidence digest differs from SHA-256 of the evidence's session part");
    }
  }

  private TeePolicy checkPolicyHash(MayflyExtensions extensions, SessionEvidence session)
      throws CertVerificationException {
    TeePolicy policy;
    try {
      policy = TeePolicy.parseJson(
          new String(session.teePolicyDocument(), StandardCharsets.UTF_8));
    } catch (AttestationException e) {
      throw fail(ErrorCode.CERT_EVIDENCE_MALFORMED, "evidence's TEE policy document", e);
    }
    if (!MessageDigest.isEqual(policy.hash(), session.teePolicyHash())) {
      throw fail(ErrorCode.CERT_POLICY_HASH_MISMATCH,
          "evidence's TEE policy document does not hash to the policy hash it states");
    }
    if (!MessageDigest.isEqual(extensions.teePolicyHash(), session.teePolicyHash())) {
      throw fail(ErrorCode.CERT_POLICY_HASH_MISMATCH,
          "certificate's TEE policy hash differs from the evidence's");
    }
    byte[] pin = options.teePolicyHash().orElse(null);
    if (pin != null && !MessageDigest.isEqual(pin, extensions.teePolicyHash())) {
      throw fail(ErrorCode.CERT_POLICY_HASH_MISMATCH,
          "certificate's TEE policy hash differs from the pinned one");
    }
    return policy;
  }

  private ApprovedQuorum checkApprovals(MayflyExtensions extensions, SessionEvidence session,
      X509Certificate leaf) throws CertVerificationException {
    ApprovedQuorum quorum;
    try {
      ApprovalPolicy policy = ApprovalPolicy.parseJson(session.approvalPolicy());
      Optional<byte[]> pinned = options.approvalPolicyDigest();
      if (pinned.isPresent() && !MessageDigest.isEqual(pinned.get(), policy.digest())) {
        throw fail(ErrorCode.CERT_APPROVAL_POLICY_MISMATCH, "the evidence records approval policy "
            + HexFormat.of().formatHex(policy.digest()) + ", the pinned one is "
            + HexFormat.of().formatHex(pinned.get()));
      }
      quorum = ApprovalVerifier.create(policy).verify(session.approvals(),
          session.artifacts(), session.teePolicyHash(), leaf.getNotBefore().toInstant());
    } catch (ApprovalException e) {
      throw new CertVerificationException(e.code(), "approvals: " + e.getMessage(), e.culprits(), e);
    }
    if (!MessageDigest.isEqual(quorum.approvalsDigest(), extensions.approvalsDigest())) {
      throw fail(ErrorCode.CERT_APPROVALS_DIGEST_MISMATCH,
          "certificate's approvals digest differs from the digest of the evidence's approvals");
    }
    return quorum;
  }

  private Map<PartyId, VerifiedReport> checkParties(SessionEvidence session,
      TeePolicy teePolicy, EvidenceDocument evidence) throws CertVerificationException {
    SnpVerifier verifier = SnpVerifier.create(options.snpOptions());
    PolicyValidator validator = PolicyValidator.create(teePolicy);
    Map<PartyId, VerifiedReport> reports = new TreeMap<>();
    Map<String, PartyId> chips = new HashMap<>();
    for (PartyEvidence party : session.parties()) {
      byte[] expected = ReportDataBinding.party(session.sessionId(), party.partyId(),
          party.identityPublicKey(), party.hpkePublicKey(), session.teePolicyHash());
      VerifiedReport report = verifyReport(verifier, party.evidence(), party.partyId(), null,
          evidence.simulated());
      if (!MessageDigest.isEqual(report.reportData(), expected)) {
        throw new CertVerificationException(ErrorCode.CERT_REPORT_DATA_MISMATCH,
            party.partyId() + "'s report does not bind its session keys, session and policy",
            List.of(party.partyId()), null);
      }
      validate(validator, report, expected, party.partyId(), null);
      if (!report.isChipIdMasked()) {
        PartyId earlier = chips.putIfAbsent(HexFormat.of().formatHex(report.chipId()),
            party.partyId());
        if (earlier != null) {
          throw new CertVerificationException(ErrorCode.CERT_DUPLICATE_CHIP_ID,
              party.partyId() + " reports the same CHIP_ID as " + earlier,
              List.of(earlier, party.partyId()), null);
        }
      }
      reports.put(party.partyId(), report);
    }
    return reports;
  }

  private void checkReceipts(SessionEvidence session, TeePolicy teePolicy,
      CompletionEvidence completion, Map<PartyId, VerifiedReport> hellos)
      throws CertVerificationException {
    SnpVerifier verifier = SnpVerifier.create(options.snpOptions());
    PolicyValidator validator = PolicyValidator.create(teePolicy);
    for (Map.Entry<PartyId, VerifiedReport> hello : hellos.entrySet()) {
      PartyId id = hello.getKey();
      DestructionReceipt receipt = completion.receipt(id).orElseThrow(() -> new
          CertVerificationException(ErrorCode.CERT_DESTRUCTION_RECEIPT_INVALID,
              id + " has no destruction receipt", List.of(id), null));
      byte[] expected = ReportDataBinding.destroyed(
          session.sessionId(), id, completion.transcriptHash());
      VerifiedReport report = verifyReport(verifier, receipt.evidence(), id,
          ErrorCode.CERT_DESTRUCTION_RECEIPT_INVALID, session.simulated());
      if (!MessageDigest.isEqual(report.reportData(), expected)) {
        throw new CertVerificationException(ErrorCode.CERT_DESTRUCTION_RECEIPT_INVALID,
            id + "'s destruction receipt is not bound to this session's transcript",
            List.of(id), null);
      }
      if (!MessageDigest.isEqual(hello.getValue().chipId(), report.chipId())) {
        throw new CertVerificationException(ErrorCode.CERT_DESTRUCTION_RECEIPT_INVALID,
            id + "'s destruction receipt comes from another chip than its hello",
            List.of(id), null);
      }
      validate(validator, report, expected, id, ErrorCode.CERT_DESTRUCTION_RECEIPT_INVALID);
    }
    if (completion.receipts().size() != hellos.size()) {
      throw fail(ErrorCode.CERT_DESTRUCTION_RECEIPT_INVALID,
          "evidence has receipts of parties that are not in the session");
    }
  }

  private static VerifiedReport verifyReport(SnpVerifier verifier, Evidence evidence,
      PartyId party, @Nullable ErrorCode code, boolean labelledSimulated)
      throws CertVerificationException {
    VerifiedReport report;
    try {
      report = verifier.verify(evidence);
    } catch (AttestationException e) {
      throw blame(code, e, party);
    }
    if (report.isSimulated() && !labelledSimulated) {
      throw new CertVerificationException(ErrorCode.CERT_EVIDENCE_TAMPERED,
          party + "'s report is simulated but the evidence is labelled SEV-SNP",
          List.of(party), null);
    }
    return report;
  }

  private static void validate(PolicyValidator validator, VerifiedReport report,
      byte[] reportData, PartyId party, @Nullable ErrorCode code)
      throws CertVerificationException {
    try {
      validator.validate(report, ReportExpectations.reportData(reportData));
    } catch (AttestationException e) {
      throw blame(code, e, party);
    }
  }

  private static CertVerificationException blame(
      @Nullable ErrorCode code, MayflyException e, PartyId party) {
    return new CertVerificationException(code != null ? code : e.code(),
        party + ": " + e.getMessage(), List.of(party), e);
  }

  private static CertVerificationException fail(ErrorCode code, String message) {
    return new CertVerificationException(code, message);
  }

  private static CertVerificationException fail(ErrorCode code, String message, Throwable cause) {
    return new CertVerificationException(code, message, cause);
  }
}

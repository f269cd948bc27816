package dev.mayfly.ceremony;

import static java.util.Objects.requireNonNull;

import dev.mayfly.approval.ApprovedQuorum;
import dev.mayfly.cert.CertMintingException;
import dev.mayfly.cert.bundle.SigstoreBundles;
import dev.mayfly.cert.evidence.PartyEvidence;
import dev.mayfly.cert.evidence.SessionEvidence;
import dev.mayfly.cert.jar.JarSigningPlan;
import dev.mayfly.cert.mint.CertificateProfile;
import dev.mayfly.cert.mint.CertificateTemplates;
import dev.mayfly.cert.mint.GroupPublicKey;
import dev.mayfly.cert.mint.IssuanceMode;
import dev.mayfly.common.ArtifactDigest;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What one session signs, built by every party itself from the agreed proposal, the admitted
 * hellos and the group key (DESIGN.md section 1, "Agreement on what is signed"): the session
 * evidence, the certificate profile, and the documents in signing order, each by its {@link Kind}
 * and the index of the artifact it belongs to.
 * Once the signatures are agreed, {@link #signed} puts each signature with its document and builds
 * the certificate (or the certification request) once.
 */
final class SessionDocuments {
  /** The kinds of document, in signing order. */
  enum Kind {
    /** The self-attested certificate's TBSCertificate. */
    CERTIFICATE("certificate"),
    /** The CA-issued mode's CertificationRequestInfo. */
    CERTIFICATION_REQUEST("certification request"),
    /** The artifact bytes (raw mode). */
    ARTIFACT("artifact"),
    /** The DSSE pre-authentication encoding of the in-toto statement naming the artifact. */
    STATEMENT("statement"),
    /** A JAR's signature-block signed attributes ({@code JarSigningPlan.toBeSigned()}). */
    JAR_SIGNATURE("JAR signed attributes");

    private final String label;

    Kind(String label) {
      this.label = label;
    }

    String label() {
      return label;
    }
  }

  private final SessionProposal proposal;
  private final SessionEvidence evidence;
  private final CertificateProfile profile;
  private final List<Document> documents;
  private final List<byte @Nullable []> statements;

  private SessionDocuments(SessionProposal proposal, SessionEvidence evidence,
      CertificateProfile profile, List<Document> documents, List<byte @Nullable []> statements) {
    this.proposal = proposal;
    this.evidence = evidence;
    this.profile = profile;
    this.documents = List.copyOf(documents);
    this.statements = statements;
  }

  /**
   * Builds the evidence, the profile and the documents of a session: the certificate (or
   * certification request) first, then, for each artifact in proposal order, its raw bytes (raw
   * mode), its statement (statement mode, or a protocol that signs both) and, for a JAR signed in
   * the JAR format, the signed attributes of its signature block.
   *
   * @param artifacts the artifact bytes in raw mode, in proposal order; ignored otherwise
   * @param jarPlans per artifact, the JAR signing plan this party computed from the bytes it was
   *     given (see {@link #jarPlans}), or null for an artifact not signed as a JAR
   */
  static SessionDocuments build(SessionProposal proposal, ThresholdProtocol protocol,
      GroupPublicKey groupKey, List<PartyEvidence> parties, boolean simulated,
      byte[] teePolicyJson, byte[] policyPin, List<byte[]> artifacts,
      List<@Nullable JarSigningPlan> jarPlans) {
    byte[] sessionId = proposal.sessionId().bytes();
    SessionEvidence evidence = SessionEvidence.builder()
        .simulated(simulated)
        .sessionId(sessionId)
        .algorithm(proposal.algorithm())
        .protocol(protocol.name())
        .threshold(proposal.threshold())
        .startTime(proposal.startTime())
        .artifacts(proposal.artifacts())
        .teePolicy(teePolicyJson, policyPin)
        .approvalPolicy(proposal.approvalPolicy().toJsonBytes())
        .approvals(proposal.approvals())
        .parties(parties)
        .build();
    CertificateProfile profile = CertificateProfile.builder()
        .sessionId(sessionId)
        .startTime(proposal.startTime())
        .validity(proposal.certificateValidity())
        .maxValidity(proposal.certificateValidity())
        .groupKey(groupKey)
        .teePolicyHash(policyPin)
        .evidenceDigest(evidence.digest())
        .approvalsDigest(ApprovedQuorum.approvalsDigestOf(proposal.approvals()))
        .threshold(proposal.threshold(), proposal.partyCount())
        .protocol(protocol.name())
        .simulated(evidence.simulated())
        .build();
    List<Document> documents = new ArrayList<>();
    if (proposal.issuance() == IssuanceMode.SELF_ATTESTED) {
      documents.add(Document.of(Kind.CERTIFICATE, CertificateTemplates.tbsCertificate(profile)));
    } else {
      documents.add(Document.of(Kind.CERTIFICATION_REQUEST,
          CertificateTemplates.certificationRequestInfo(profile)));
    }
    boolean raw = proposal.artifactMode() == ArtifactMode.RAW;
    if (raw && artifacts.size() != proposal.artifactCount()) {
      throw new IllegalArgumentException(artifacts.size() + " artifacts' bytes for "
          + proposal.artifactCount() + " artifacts");
    }
    List<byte @Nullable []> statements = new ArrayList<>();
    for (int i = 0; i < proposal.artifactCount(); i++) {
      ArtifactDigest artifact = proposal.artifacts().get(i);
      if (raw) {
        documents.add(Document.of(Kind.ARTIFACT, i, requireNonNull(artifacts.get(i), "artifact")));
      }
      byte[] statement = null;
      if (!raw || protocol.signsStatementInRawMode()) {
        statement = SigstoreBundles.artifactStatement(artifact.name(), artifact.sha256(),
            sessionId);
        documents.add(Document.of(Kind.STATEMENT, i,
            SigstoreBundles.statementPreAuthEncoding(statement)));
      }
      statements.add(statement);
      if (proposal.jarSigningParameters(i).isPresent()) {
        JarSigningPlan plan = requireNonNull(jarPlans.get(i), "JAR signing plan");
        documents.add(Document.of(Kind.JAR_SIGNATURE, i, plan.toBeSigned()));
      }
    }
    return new SessionDocuments(proposal, evidence, profile, documents,
        java.util.Collections.unmodifiableList(statements));
  }

  /**
   * The JAR signing plan of every artifact the proposal signs in the JAR format (null for the
   * others), computed from the given bytes with the proposal's parameters.
   *
   * @throws CertMintingException the JAR's refusal code ({@code CERT_JAR_MALFORMED}, {@code
   *     CERT_JAR_ALREADY_SIGNED}, ...)
   */
  static List<@Nullable JarSigningPlan> jarPlans(SessionProposal proposal, List<byte[]> artifacts)
      throws CertMintingException {
    List<@Nullable JarSigningPlan> plans = new ArrayList<>();
    for (int i = 0; i < proposal.artifactCount(); i++) {
      java.util.Optional<dev.mayfly.cert.jar.JarSigningParameters> parameters =
          proposal.jarSigningParameters(i);
      plans.add(parameters.isPresent() && i < artifacts.size()
          ? JarSigningPlan.create(artifacts.get(i), parameters.get(),
              proposal.artifacts().get(i).name()) : null);
    }
    return java.util.Collections.unmodifiableList(plans);
  }

  /** The documents in signing order. */
  List<Document> all() {
    return documents;
  }

  SessionEvidence evidence() {
    return evidence;
  }

  CertificateProfile profile() {
    return profile;
  }

  /**
   * The signatures, each put with its document by the document's kind and artifact index, for an
   * agreed list in signing order.
   */
  Signed signed(List<byte[]> signatures) {
    if (signatures.size() != documents.size()) {
      throw new IllegalArgumentException(
          signatures.size() + " signatures for " + documents.size() + " documents");
    }
    Map<Kind, byte[]> certificate = new EnumMap<>(Kind.class);
    List<Map<Kind, byte[]>> perArtifact = new ArrayList<>();
    for (int i = 0; i < proposal.artifactCount(); i++) {
      perArtifact.add(new EnumMap<>(Kind.class));
    }
    for (int i = 0; i < documents.size(); i++) {
      Document document = documents.get(i);
      Map<Kind, byte[]> target = document.artifact() == Document.NO_ARTIFACT ? certificate
          : perArtifact.get(document.artifact());
      if (target.put(document.kind(), signatures.get(i).clone()) != null) {
        throw new IllegalStateException("two " + document.name() + " documents");
      }
    }
    return new Signed(certificate, perArtifact);
  }

  /** The agreed signatures of this session's documents. */
  final class Signed {
    private final Map<Kind, byte[]> certificate;
    private final List<Map<Kind, byte[]>> perArtifact;

    private Signed(Map<Kind, byte[]> certificate, List<Map<Kind, byte[]>> perArtifact) {
      this.certificate = certificate;
      this.perArtifact = perArtifact;
    }

    /** The signature over the certificate or the certification request. */
    byte[] certificateSignature() {
      return certificate.getOrDefault(Kind.CERTIFICATE, certificate.get(Kind.CERTIFICATION_REQUEST))
          .clone();
    }

    /** The self-attested certificate, built from the TBS and its signature. */
    Optional<X509Certificate> certificate() {
      return document(Kind.CERTIFICATE).map(d -> {
        try {
          return CertificateTemplates.assembleCertificate(d.bytes(),
              certificate.get(Kind.CERTIFICATE));
        } catch (CertMintingException e) {
          throw new IllegalStateException("a certificate built and signed here does not encode", e);
        }
      });
    }

    /** The CA-issued mode's signed PKCS #10 request (DER). */
    Optional<byte[]> certificationRequest() {
      return document(Kind.CERTIFICATION_REQUEST).map(d ->
          CertificateTemplates.assembleCertificationRequest(d.bytes(),
              proposal.algorithm(), certificate.get(Kind.CERTIFICATION_REQUEST)));
    }

    /** Per artifact, in proposal order, what was signed for it. */
    List<ArtifactSignatures> artifacts() {
      List<ArtifactSignatures> out = new ArrayList<>();
      for (int i = 0; i < perArtifact.size(); i++) {
        Map<Kind, byte[]> signatures = perArtifact.get(i);
        byte[] statementSignature = signatures.get(Kind.STATEMENT);
        byte[] signature = signatures.containsKey(Kind.ARTIFACT) ? signatures.get(Kind.ARTIFACT)
            : statementSignature;
        out.add(new ArtifactSignatures(proposal.artifacts().get(i),
            requireNonNull(signature, "artifact or statement signature"), statements.get(i),
            statementSignature, signatures.get(Kind.JAR_SIGNATURE)));
      }
      return List.copyOf(out);
    }
  }

  private Optional<Document> document(Kind kind) {
    return documents.stream().filter(d -> d.kind() == kind).findFirst();
  }
}

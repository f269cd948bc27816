package dev.mayfly.ceremony;

import static java.util.Objects.requireNonNull;

import dev.mayfly.approval.ApprovedQuorum;
import dev.mayfly.cert.CertMintingException;
import dev.mayfly.cert.bundle.SigstoreBundles;
import dev.mayfly.cert.evidence.PartyEvidence;
import dev.mayfly.cert.evidence.SessionEvidence;
import dev.mayfly.cert.mint.CertificateProfile;
import dev.mayfly.cert.mint.CertificateTemplates;
import dev.mayfly.cert.mint.GroupPublicKey;
import dev.mayfly.cert.mint.IssuanceMode;
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
 * evidence, the certificate profile, and the documents in signing order, each by its {@link Kind}.
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
    STATEMENT("statement");

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
  private final byte @Nullable [] statement;

  private SessionDocuments(SessionProposal proposal, SessionEvidence evidence,
      CertificateProfile profile, List<Document> documents, byte @Nullable [] statement) {
    this.proposal = proposal;
    this.evidence = evidence;
    this.profile = profile;
    this.documents = List.copyOf(documents);
    this.statement = statement;
  }

  /**
   * Builds the evidence, the profile and the documents of a session.
   *
   * @param artifact the artifact bytes in raw mode; ignored otherwise
   */
  static SessionDocuments build(SessionProposal proposal, ThresholdProtocol protocol,
      GroupPublicKey groupKey, List<PartyEvidence> parties, boolean simulated,
      byte[] teePolicyJson, byte[] policyPin, byte @Nullable [] artifact) {
    byte[] sessionId = proposal.sessionId().bytes();
    SessionEvidence evidence = SessionEvidence.builder()
        .simulated(simulated)
        .sessionId(sessionId)
        .algorithm(proposal.algorithm())
        .protocol(protocol.name())
        .threshold(proposal.threshold())
        .startTime(proposal.startTime())
        .artifact(proposal.artifactName(), proposal.artifactSha256())
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
    if (proposal.artifactMode() == ArtifactMode.RAW) {
      documents.add(Document.of(Kind.ARTIFACT, requireNonNull(artifact, "artifact")));
    }
    byte[] statement = null;
    if (proposal.artifactMode() == ArtifactMode.STATEMENT || protocol.signsStatementInRawMode()) {
      statement = SigstoreBundles.artifactStatement(
          proposal.artifactName(), proposal.artifactSha256(), sessionId);
      documents.add(Document.of(Kind.STATEMENT, SigstoreBundles.statementPreAuthEncoding(statement)));
    }
    return new SessionDocuments(proposal, evidence, profile, documents, statement);
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

  /** The signatures, by the kind of document they sign, for an agreed list in signing order. */
  Signed signed(List<byte[]> signatures) {
    if (signatures.size() != documents.size()) {
      throw new IllegalArgumentException(
          signatures.size() + " signatures for " + documents.size() + " documents");
    }
    Map<Kind, byte[]> byKind = new EnumMap<>(Kind.class);
    for (int i = 0; i < documents.size(); i++) {
      byKind.put(documents.get(i).kind(), signatures.get(i).clone());
    }
    return new Signed(byKind);
  }

  /** The agreed signatures of this session's documents. */
  final class Signed {
    private final Map<Kind, byte[]> signatures;

    private Signed(Map<Kind, byte[]> signatures) {
      this.signatures = signatures;
    }

    /** The signature over the certificate or the certification request. */
    byte[] certificateSignature() {
      return signatures.getOrDefault(Kind.CERTIFICATE, signatures.get(Kind.CERTIFICATION_REQUEST))
          .clone();
    }

    /** The self-attested certificate, built from the TBS and its signature. */
    Optional<X509Certificate> certificate() {
      return document(Kind.CERTIFICATE).map(d -> {
        try {
          return CertificateTemplates.assembleCertificate(d.bytes(),
              signatures.get(Kind.CERTIFICATE));
        } catch (CertMintingException e) {
          throw new IllegalStateException("a certificate built and signed here does not encode", e);
        }
      });
    }

    /** The CA-issued mode's signed PKCS #10 request (DER). */
    Optional<byte[]> certificationRequest() {
      return document(Kind.CERTIFICATION_REQUEST).map(d ->
          CertificateTemplates.assembleCertificationRequest(d.bytes(),
              proposal.algorithm(), signatures.get(Kind.CERTIFICATION_REQUEST)));
    }

    /** The signature for the {@code .sig} file: over the artifact, or the statement. */
    byte[] artifactSignature() {
      byte[] signature = signatures.containsKey(Kind.ARTIFACT) ? signatures.get(Kind.ARTIFACT)
          : signatures.get(Kind.STATEMENT);
      return requireNonNull(signature, "artifact or statement signature").clone();
    }

    /** The statement, if the session signs one. */
    Optional<byte[]> statement() {
      return Optional.ofNullable(statement).map(byte[]::clone);
    }

    /** The signature over the statement, if the session signs one. */
    Optional<byte[]> statementSignature() {
      return Optional.ofNullable(signatures.get(Kind.STATEMENT)).map(byte[]::clone);
    }
  }

  private Optional<Document> document(Kind kind) {
    return documents.stream().filter(d -> d.kind() == kind).findFirst();
  }
}

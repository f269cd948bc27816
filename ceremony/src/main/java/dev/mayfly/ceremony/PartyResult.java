package dev.mayfly.ceremony;

import dev.mayfly.cert.evidence.DestructionReceipt;
import dev.mayfly.cert.evidence.SessionEvidence;
import dev.mayfly.cert.mint.CertificateProfile;
import dev.mayfly.cert.mint.GroupPublicKey;
import dev.mayfly.common.PartyId;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What one party holds at the end of a successful ceremony: only public values. Every honest
 * party of a session ends with equal results (same key, certificate, signatures, evidence and
 * receipts); {@link BundleAssembler} turns one into the output files.
 *
 * <p>Immutable; arrays are copied in and out.
 *
 * @since 0.1.0
 */
public final class PartyResult {
  private final SessionProposal proposal;
  private final PartyId self;
  private final GroupPublicKey groupKey;
  private final SessionEvidence sessionEvidence;
  private final CertificateProfile certificateProfile;
  private final byte[] certificateSignature;
  private final @Nullable X509Certificate certificate;
  private final byte @Nullable [] certificationRequest;
  private final byte[] artifactSignature;
  private final byte @Nullable [] statement;
  private final byte @Nullable [] statementSignature;
  private final byte[] transcriptHash;
  private final List<DestructionReceipt> receipts;
  private final long droppedFrames;

  PartyResult(SessionProposal proposal, PartyId self, GroupPublicKey groupKey,
      SessionEvidence sessionEvidence, CertificateProfile certificateProfile,
      byte[] certificateSignature, @Nullable X509Certificate certificate,
      byte @Nullable [] certificationRequest, byte[] artifactSignature,
      byte @Nullable [] statement, byte @Nullable [] statementSignature, byte[] transcriptHash,
      List<DestructionReceipt> receipts, long droppedFrames) {
    this.proposal = proposal;
    this.self = self;
    this.groupKey = groupKey;
    this.sessionEvidence = sessionEvidence;
    this.certificateProfile = certificateProfile;
    this.certificateSignature = certificateSignature.clone();
    this.certificate = certificate;
    this.certificationRequest = certificationRequest == null ? null : certificationRequest.clone();
    this.artifactSignature = artifactSignature.clone();
    this.statement = statement == null ? null : statement.clone();
    this.statementSignature = statementSignature == null ? null : statementSignature.clone();
    this.transcriptHash = transcriptHash.clone();
    this.receipts = List.copyOf(receipts);
    this.droppedFrames = droppedFrames;
  }

  public SessionProposal proposal() {
    return proposal;
  }

  /** The party that produced this result. */
  public PartyId party() {
    return self;
  }

  /** The group public key (the key that existed only as shares and is now destroyed). */
  public GroupPublicKey groupKey() {
    return groupKey;
  }

  /** The evidence fixed before minting; its digest is in the certificate. */
  public SessionEvidence sessionEvidence() {
    return sessionEvidence;
  }

  /** The certificate profile every party built and signed (TBSCertificate or CSR info). */
  public CertificateProfile certificateProfile() {
    return certificateProfile;
  }

  /**
   * The group's signature over the profile's TBSCertificate (self-attested) or
   * CertificationRequestInfo (CA-issued).
   */
  public byte[] certificateSignature() {
    return certificateSignature.clone();
  }

  /** The self-attested certificate; empty in CA-issued mode (see {@link #certificationRequest()}). */
  public Optional<X509Certificate> certificate() {
    return Optional.ofNullable(certificate);
  }

  /** The PKCS #10 request signed by the group key (DER), in CA-issued mode. */
  public Optional<byte[]> certificationRequest() {
    return Optional.ofNullable(certificationRequest).map(byte[]::clone);
  }

  /**
   * The raw signature for the {@code .sig} file: over the artifact bytes in {@link
   * ArtifactMode#RAW}, over the statement's DSSE pre-authentication encoding in {@link
   * ArtifactMode#STATEMENT}.
   */
  public byte[] artifactSignature() {
    return artifactSignature.clone();
  }

  /** The in-toto statement naming the artifact (Ed25519 sessions and statement mode). */
  public Optional<byte[]> statement() {
    return Optional.ofNullable(statement).map(byte[]::clone);
  }

  /** The signature over {@link #statement()}'s DSSE pre-authentication encoding. */
  public Optional<byte[]> statementSignature() {
    return Optional.ofNullable(statementSignature).map(byte[]::clone);
  }

  /** The agreed transcript hash the destruction receipts bind. */
  public byte[] transcriptHash() {
    return transcriptHash.clone();
  }

  /** Every party's verified destruction receipt, ascending by party. */
  public List<DestructionReceipt> receipts() {
    return receipts;
  }

  /**
   * How many frames this party dropped as junk (bytes no admitted key signed): a local
   * diagnostic of relay or network tampering, not part of the agreed result.
   */
  public long droppedFrames() {
    return droppedFrames;
  }

  /** Whether the session ran on simulated attestation (output must be labelled SIMULATED). */
  public boolean simulated() {
    return sessionEvidence.simulated();
  }

  @Override
  public String toString() {
    return "PartyResult[" + self + ", " + proposal + (simulated() ? ", SIMULATED" : "") + "]";
  }
}

package dev.mayfly.ceremony;

import static java.util.Objects.requireNonNull;

import dev.mayfly.ceremony.internal.Messages;
import dev.mayfly.cert.CertMintingException;
import dev.mayfly.cert.evidence.DestructionReceipt;
import dev.mayfly.cert.evidence.PartyEvidence;
import dev.mayfly.cert.evidence.SessionEvidence;
import dev.mayfly.cert.jar.JarSigningPlan;
import dev.mayfly.cert.mint.CertificateProfile;
import dev.mayfly.cert.mint.GroupPublicKey;
import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.PartyId;
import dev.mayfly.common.ProtocolException;
import dev.mayfly.common.bytes.ByteReader;
import dev.mayfly.common.bytes.ByteWriter;
import dev.mayfly.common.bytes.MalformedBytesException;
import dev.mayfly.snp.validate.TeePolicy;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What one party holds at the end of a successful ceremony: only public values. Every honest
 * party of a session ends with equal results (same key, certificate, signatures, evidence and
 * receipts); {@link BundleAssembler} turns one into the output files.
 *
 * <p>A party process sends its result to the signing client as {@link #encode()}; the client
 * rebuilds it with {@link #decode}, which trusts only the group key and the signatures it is sent
 * and checks both (docs/ceremony.md, "Result encoding").
 *
 * <p>Immutable; arrays are copied in and out.
 *
 * @since 0.1.0
 */
public final class PartyResult {
  private static final int ENCODING_VERSION = 2;
  private static final int MAX_KEY_BYTES = 256;
  private static final int MAX_DOCUMENTS = Messages.MAX_DOCUMENTS;
  private static final int MAX_SIGNATURE_BYTES = 128;

  private final SessionProposal proposal;
  private final PartyId self;
  private final GroupPublicKey groupKey;
  private final SessionEvidence sessionEvidence;
  private final CertificateProfile certificateProfile;
  private final byte[] certificateSignature;
  private final @Nullable X509Certificate certificate;
  private final byte @Nullable [] certificationRequest;
  private final List<ArtifactSignatures> artifacts;
  private final byte[] transcriptHash;
  private final List<DestructionReceipt> receipts;
  private final long droppedFrames;

  PartyResult(SessionProposal proposal, PartyId self, GroupPublicKey groupKey,
      SessionEvidence sessionEvidence, CertificateProfile certificateProfile,
      byte[] certificateSignature, @Nullable X509Certificate certificate,
      byte @Nullable [] certificationRequest, List<ArtifactSignatures> artifacts,
      byte[] transcriptHash, List<DestructionReceipt> receipts, long droppedFrames) {
    this.proposal = proposal;
    this.self = self;
    this.groupKey = groupKey;
    this.sessionEvidence = sessionEvidence;
    this.certificateProfile = certificateProfile;
    this.certificateSignature = certificateSignature.clone();
    this.certificate = certificate;
    this.certificationRequest = certificationRequest == null ? null : certificationRequest.clone();
    this.artifacts = List.copyOf(artifacts);
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
   * What was signed for each artifact, in the proposal's artifact order.
   *
   * @since 0.2.0
   */
  public List<ArtifactSignatures> artifacts() {
    return artifacts;
  }

  /**
   * The first artifact's raw signature (the only one of a one-artifact session); see {@link
   * ArtifactSignatures#signature()}.
   */
  public byte[] artifactSignature() {
    return artifacts.get(0).signature();
  }

  /** The first artifact's in-toto statement; see {@link ArtifactSignatures#statement()}. */
  public Optional<byte[]> statement() {
    return artifacts.get(0).statement();
  }

  /** The signature over {@link #statement()}'s DSSE pre-authentication encoding. */
  public Optional<byte[]> statementSignature() {
    return artifacts.get(0).statementSignature();
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

  /**
   * The public parts of this result, for the signing client (docs/ceremony.md, "Result
   * encoding"): the group key, whether attestation was simulated, every party's hello evidence,
   * the signatures in document order, the transcript hash, the destruction receipts. Nothing
   * secret; the proposal is not included (the client made it).
   */
  public byte[] encode() {
    ByteWriter out = new ByteWriter(16 * 1024);
    out.u8(ENCODING_VERSION).u16(self.value());
    out.lengthPrefixed(groupKey.subjectPublicKeyInfo());
    out.u8(sessionEvidence.simulated() ? 1 : 0);
    List<PartyEvidence> parties = sessionEvidence.parties();
    out.u16(parties.size());
    for (PartyEvidence party : parties) {
      out.u16(party.partyId().value()).bytes(party.identityPublicKey())
          .bytes(party.hpkePublicKey());
      Messages.writeEvidence(out, party.evidence());
    }
    List<byte[]> signatures = new ArrayList<>();
    signatures.add(certificateSignature);
    for (ArtifactSignatures artifact : artifacts) {
      if (proposal.artifactMode() == ArtifactMode.RAW) {
        signatures.add(artifact.signature());
      }
      artifact.statementSignature().ifPresent(signatures::add);
      artifact.jarSignature().ifPresent(signatures::add);
    }
    out.u16(signatures.size());
    signatures.forEach(out::lengthPrefixed);
    out.bytes(transcriptHash);
    out.u16(receipts.size());
    for (DestructionReceipt receipt : receipts) {
      out.u16(receipt.partyId().value());
      Messages.writeEvidence(out, receipt.evidence());
    }
    out.u64(droppedFrames);
    return out.toByteArray();
  }

  /**
   * Rebuilds the result party {@code from} sent as {@link #encode()}, the way every party builds
   * it: the session evidence, the certificate profile and every signed document are made here from
   * the caller's own {@code proposal}, {@code teePolicy} (whose hash the proposal pins) and {@code
   * artifact}, with the group key and hello evidence the party sent; each signature must verify
   * under that group key over the document built here. What this does not check (the hello
   * evidence, the receipts) the bundle verifier checks afterwards.
   *
   * @param artifact the artifact's bytes of a one-artifact session; required in {@link
   *     ArtifactMode#RAW}, ignored otherwise
   * @throws ProtocolException {@code PARTY_RESPONSE_INVALID} naming {@code from}: bytes that do
   *     not decode, another party, group key algorithm or party list than the proposal's, or a
   *     signature that does not verify
   * @throws IllegalArgumentException if {@code teePolicy} is not the proposal's, a JAR the
   *     proposal signs cannot be planned (see {@code JarSigningPlan.create}), or the artifact is
   *     missing in raw mode
   */
  public static PartyResult decode(byte[] encoded, SessionProposal proposal, TeePolicy teePolicy,
      byte @Nullable [] artifact, PartyId from) throws ProtocolException {
    return decode(encoded, proposal, teePolicy,
        artifact == null ? List.of() : List.of(artifact), from);
  }

  /**
   * Rebuilds the result of a session of several artifacts; see {@link #decode(byte[],
   * SessionProposal, TeePolicy, byte[], PartyId)}.
   *
   * @param artifacts every artifact's bytes, in the proposal's order; required in {@link
   *     ArtifactMode#RAW} (a signature over other bytes does not verify), ignored otherwise
   * @since 0.2.0
   */
  public static PartyResult decode(byte[] encoded, SessionProposal proposal, TeePolicy teePolicy,
      List<byte[]> artifacts, PartyId from) throws ProtocolException {
    requireNonNull(encoded, "encoded");
    requireNonNull(proposal, "proposal");
    requireNonNull(teePolicy, "teePolicy");
    requireNonNull(from, "from");
    byte[] pin = teePolicy.hash();
    if (!MessageDigest.isEqual(pin, proposal.teePolicyHash())) {
      throw new IllegalArgumentException("the TEE policy is not the one the proposal pins");
    }
    requireNonNull(artifacts, "artifacts");
    if (proposal.artifactMode() == ArtifactMode.RAW) {
      if (artifacts.size() != proposal.artifactCount()) {
        throw new IllegalArgumentException("raw mode needs the bytes of all "
            + proposal.artifactCount() + " artifacts, got " + artifacts.size());
      }
    }
    ThresholdProtocol protocol = ThresholdProtocol.of(proposal.algorithm());
    List<@Nullable JarSigningPlan> jarPlans;
    try {
      jarPlans = SessionDocuments.jarPlans(proposal, artifacts);
    } catch (CertMintingException e) {
      throw new IllegalArgumentException("a JAR the proposal signs cannot be signed: "
          + e.getMessage(), e);
    }
    try {
      ByteReader in = new ByteReader(encoded);
      int version = in.u8("version");
      if (version != ENCODING_VERSION) {
        throw new MalformedBytesException("version " + version + ", expected "
            + ENCODING_VERSION);
      }
      PartyId party = PartyId.of(in.u16("party"));
      if (!party.equals(from)) {
        throw new MalformedBytesException("the result is " + party + "'s, not " + from + "'s");
      }
      GroupPublicKey key = GroupPublicKey.parse(in.lengthPrefixed(MAX_KEY_BYTES, "group key"));
      if (key.algorithm() != proposal.algorithm()) {
        throw new MalformedBytesException("the group key is " + key.algorithm().id()
            + ", the proposal's algorithm " + proposal.algorithm().id());
      }
      int simulated = in.u8("simulated");
      if (simulated > 1) {
        throw new MalformedBytesException("simulated flag " + simulated);
      }
      int count = in.u16("party count");
      if (count != proposal.partyCount()) {
        throw new MalformedBytesException(count + " parties' evidence, the proposal has "
            + proposal.partyCount() + " parties");
      }
      List<PartyEvidence> parties = new ArrayList<>();
      for (PartyId expected : proposal.partyIds()) {
        PartyId id = PartyId.of(in.u16("party"));
        if (!id.equals(expected)) {
          throw new MalformedBytesException("evidence of " + id + " where " + expected
              + "'s belongs");
        }
        parties.add(PartyEvidence.of(id, in.bytes(32, "identity key"), in.bytes(32, "HPKE key"),
            Messages.readEvidence(in)));
      }
      int signatureCount = in.u16("signature count");
      if (signatureCount > MAX_DOCUMENTS) {
        throw new MalformedBytesException(signatureCount + " signatures");
      }
      List<byte[]> signatures = new ArrayList<>();
      for (int i = 0; i < signatureCount; i++) {
        signatures.add(in.lengthPrefixed(MAX_SIGNATURE_BYTES, "signature"));
      }
      byte[] transcript = in.bytes(32, "transcript hash");
      int receiptCount = in.u16("receipt count");
      if (receiptCount != proposal.partyCount()) {
        throw new MalformedBytesException(receiptCount + " receipts, the proposal has "
            + proposal.partyCount() + " parties");
      }
      List<DestructionReceipt> receipts = new ArrayList<>();
      for (PartyId expected : proposal.partyIds()) {
        PartyId id = PartyId.of(in.u16("receipt party"));
        if (!id.equals(expected)) {
          throw new MalformedBytesException("receipt of " + id + " where " + expected
              + "'s belongs");
        }
        receipts.add(DestructionReceipt.of(id, Messages.readEvidence(in)));
      }
      long dropped = in.u64("dropped frames");
      in.expectEnd("party result");
      SessionDocuments documents = SessionDocuments.build(proposal, protocol, key, parties,
          simulated == 1, teePolicy.toJson().getBytes(StandardCharsets.UTF_8), pin,
          proposal.artifactMode() == ArtifactMode.RAW ? artifacts : List.of(), jarPlans);
      List<Document> all = documents.all();
      if (signatures.size() != all.size()) {
        throw new MalformedBytesException(signatures.size() + " signatures for " + all.size()
            + " documents");
      }
      for (int i = 0; i < all.size(); i++) {
        protocol.verify(key, all.get(i).bytes(), signatures.get(i));
      }
      SessionDocuments.Signed signed = documents.signed(signatures);
      return new PartyResult(proposal, party, key, documents.evidence(), documents.profile(),
          signed.certificateSignature(), signed.certificate().orElse(null),
          signed.certificationRequest().orElse(null), signed.artifacts(), transcript, receipts,
          dropped);
    } catch (MalformedBytesException | IllegalArgumentException | IllegalStateException e) {
      throw invalid(from, "does not decode: " + e.getMessage(), e);
    } catch (ProtocolException e) {
      throw invalid(from, "carries a signature that does not verify under its group key: "
          + e.getMessage(), e);
    }
  }

  private static ProtocolException invalid(PartyId from, String detail, Exception cause) {
    return new ProtocolException(ErrorCode.PARTY_RESPONSE_INVALID,
        "the result of " + from + " " + detail, List.of(from), cause);
  }

  @Override
  public String toString() {
    return "PartyResult[" + self + ", " + proposal + (simulated() ? ", SIMULATED" : "") + "]";
  }
}

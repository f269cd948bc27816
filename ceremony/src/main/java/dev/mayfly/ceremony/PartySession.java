package dev.mayfly.ceremony;

import static java.util.Objects.requireNonNull;

import dev.mayfly.approval.ApprovalVerifier;
import dev.mayfly.approval.ApprovedQuorum;
import dev.mayfly.ceremony.internal.HpkeKeyPair;
import dev.mayfly.ceremony.internal.Messages;
import dev.mayfly.ceremony.internal.SecretLedger;
import dev.mayfly.ceremony.internal.Transcript;
import dev.mayfly.cert.evidence.DestructionReceipt;
import dev.mayfly.cert.evidence.PartyEvidence;
import dev.mayfly.cert.evidence.ReportDataBinding;
import dev.mayfly.cert.evidence.SessionEvidence;
import dev.mayfly.cert.mint.CertificateProfile;
import dev.mayfly.cert.mint.CertificateTemplates;
import dev.mayfly.cert.mint.GroupPublicKey;
import dev.mayfly.cert.mint.IssuanceMode;
import dev.mayfly.cert.bundle.SigstoreBundles;
import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.MayflyException;
import dev.mayfly.common.PartyId;
import dev.mayfly.common.ProtocolException;
import dev.mayfly.snp.AttestationException;
import dev.mayfly.snp.abi.AttestationReport;
import dev.mayfly.snp.evidence.Evidence;
import dev.mayfly.snp.evidence.EvidenceProvider;
import dev.mayfly.snp.validate.PolicyValidator;
import dev.mayfly.snp.validate.ReportExpectations;
import dev.mayfly.snp.validate.TeePolicy;
import dev.mayfly.snp.verify.SnpVerifier;
import dev.mayfly.snp.verify.VerifiedReport;
import dev.mayfly.transport.Envelope;
import dev.mayfly.transport.IdentityKeyPair;
import dev.mayfly.transport.PeerAbortedException;
import dev.mayfly.transport.PeerDirectory;
import dev.mayfly.transport.RoundSchedule;
import dev.mayfly.transport.RoundTag;
import dev.mayfly.transport.SessionChannel;
import dev.mayfly.transport.Transport;
import dev.mayfly.transport.VerifiedEnvelope;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * One party's run of one ceremony: the engine behind {@link CeremonyParty#run()}. Single use,
 * single thread. The round structure and every check are described in docs/ceremony.md.
 */
final class PartySession {
  private static final System.Logger LOG = System.getLogger(PartySession.class.getName());

  static final RoundTag HELLO = RoundTag.of("hello", 1);
  static final RoundTag HELLO_ECHO = RoundTag.of("hello-echo", 1);
  static final RoundTag DONE = RoundTag.of("done", 1);
  static final RoundTag DONE_ECHO = RoundTag.of("done-echo", 1);
  static final RoundTag ABORT = RoundTag.of("abort", 1);

  private final SessionProposal proposal;
  private final PartyId self;
  private final Transport transport;
  private final TeePolicy teePolicy;
  private final EvidenceProvider evidenceProvider;
  private final byte @Nullable [] artifact;
  private final CeremonyOptions options;
  private final SecureRandom random;
  private final ProgressListener listener;
  private final SecretLedger ledger;
  private final Consumer<IdentityKeyPair> identityKeyHook;
  private final PayloadTamper tamper;

  private final byte[] sessionId;
  private final String sessionHex;
  private final List<PartyId> parties;
  private final Set<PartyId> peers;
  private final byte[] policyPin;
  private final ThresholdProtocol protocol;
  private final boolean signer;
  private final SnpVerifier snpVerifier;
  private final PolicyValidator policyValidator;
  private final long startNanos = System.nanoTime();
  private final Transcript transcript;

  private CeremonyPhase phase = CeremonyPhase.SETUP;
  private long phaseDeadline;
  private @Nullable SessionIo io;
  private @Nullable IdentityKeyPair identity;
  private @Nullable HpkeKeyPair hpke;
  private final SortedMap<PartyId, PeerHello> hellos = new TreeMap<>();
  private final Map<PartyId, byte[]> hpkeKeys = new TreeMap<>();

  /** A party's verified hello. */
  private record PeerHello(PartyId party, byte[] identityKey, byte[] hpkeKey, Evidence evidence,
      byte[] chipId, boolean chipIdMasked, boolean simulated) {}

  PartySession(SessionProposal proposal, PartyId self, Transport transport, TeePolicy teePolicy,
      EvidenceProvider evidenceProvider, byte @Nullable [] artifact, CeremonyOptions options,
      SecureRandom random, ProgressListener listener, SecretLedger ledger,
      Consumer<IdentityKeyPair> identityKeyHook, PayloadTamper tamper) {
    this.proposal = proposal;
    this.self = self;
    this.transport = transport;
    this.teePolicy = teePolicy;
    this.evidenceProvider = evidenceProvider;
    this.artifact = artifact;
    this.options = options;
    this.random = random;
    this.listener = listener;
    this.ledger = ledger;
    this.identityKeyHook = identityKeyHook;
    this.tamper = tamper;
    this.sessionId = proposal.sessionId().bytes();
    this.sessionHex = proposal.sessionId().toHex();
    this.parties = proposal.partyIds();
    TreeSet<PartyId> others = new TreeSet<>(parties);
    others.remove(self);
    this.peers = others;
    this.policyPin = teePolicy.hash();
    this.protocol = ThresholdProtocol.of(proposal.algorithm());
    this.signer = proposal.signers().contains(self);
    this.snpVerifier = SnpVerifier.create(options.snpVerifyOptions());
    this.policyValidator = PolicyValidator.create(teePolicy);
    this.transcript = new Transcript(proposal.hash());
  }

  PartyResult run() throws CeremonyException {
    try {
      hello();
      ThresholdProtocol.GroupKey key = dkg();
      Signed signed = sign(key);
      return destroy(signed);
    } catch (CeremonyException e) {
      throw abort(e);
    } catch (PeerAbortedException e) {
      throw abort(adopt(e));
    } catch (MayflyException e) {
      throw abort(new CeremonyException(e.code(), phase, e.detail(), e.culprits(), e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw abort(new CeremonyException(ErrorCode.CEREMONY_INTERRUPTED, phase,
          self + " was interrupted", List.of(), e));
    } finally {
      protocol.abandon();
      ledger.destroyAll();
    }
  }

  // ------------------------------------------------------------------------------------ hello

  private void hello() throws MayflyException, InterruptedException {
    enter(CeremonyPhase.SETUP);
    IdentityKeyPair id = ledger.track(IdentityKeyPair.generate(random));
    identity = id;
    identityKeyHook.accept(id);
    HpkeKeyPair box = ledger.track(HpkeKeyPair.generate());
    hpke = box;
    byte[] identityKey = id.publicKey().encoded();
    byte[] hpkeKey = box.publicKey();
    Evidence own;
    try {
      own = evidenceProvider.getEvidence(
          ReportDataBinding.party(sessionId, self, identityKey, hpkeKey, policyPin));
    } catch (AttestationException e) {
      throw new CeremonyException(e.code(), phase,
          self + " could not obtain its own attestation evidence: " + e.detail(),
          List.of(self), e);
    }
    PeerDirectory directory = PeerDirectory.create(Set.copyOf(parties));
    directory.pin(self, id.publicKey());
    SessionChannel ch = SessionChannel.builder()
        .transport(transport)
        .identityKey(id)
        .sessionId(proposal.sessionId())
        .policyHash(policyPin)
        .directory(directory)
        .schedule(schedule())
        .abortTag(ABORT)
        .build();
    SessionIo sessionIo = new SessionIo(self, sessionId, peers, ch, box, hpkeKeys, tamper,
        transcript, ledger, random, () -> phase, this::remaining);
    io = sessionIo;
    // The hello goes out before the local checks so that a misconfigured party is named by
    // its peers (policy pin, proposal) instead of merely falling silent.
    Envelope ownHello = sessionIo.broadcast(HELLO,
        Messages.hello(new Messages.Hello(proposal.hash(), identityKey, hpkeKey, own)));
    AttestationReport ownReport = parseOwnReport(own);
    hellos.put(self, new PeerHello(self, identityKey, hpkeKey, own, ownReport.chipId(),
        ownReport.isChipIdMasked(), false));
    setupChecks();
    complete("local checks passed");

    enter(CeremonyPhase.HELLO);
    SortedMap<PartyId, VerifiedEnvelope> received = ch.collectSelfSigned(HELLO, peers,
        remaining(), envelope -> Messages.carriedIdentityKey(envelope.payload()));
    // Pin the keys the hellos were signed with, so the echo round can be checked, but read
    // nothing else of a hello before every party confirmed it saw the same one.
    for (VerifiedEnvelope envelope : received.values()) {
      directory.pin(envelope.sender(), envelope.signerKey());
    }
    sessionIo.agree(HELLO, HELLO_ECHO, Optional.of(ownHello), received);
    for (VerifiedEnvelope envelope : received.values()) {
      PeerHello peer = verifyHello(envelope);
      hellos.put(peer.party(), peer);
      hpkeKeys.put(peer.party(), peer.hpkeKey());
    }
    checkChips();
    complete("every peer attested");
  }

  private AttestationReport parseOwnReport(Evidence own) throws CeremonyException {
    try {
      return AttestationReport.parse(own.reportBytes());
    } catch (AttestationException e) {
      throw new CeremonyException(e.code(), phase,
          self + "'s own evidence does not parse: " + e.detail(), List.of(self), e);
    }
  }

  private void setupChecks() throws MayflyException {
    if (!MessageDigest.isEqual(proposal.teePolicyHash(), policyPin)) {
      throw new CeremonyException(ErrorCode.CEREMONY_POLICY_PIN_MISMATCH, phase,
          "the proposal pins TEE policy " + hex(proposal.teePolicyHash()) + ", " + self
              + " is configured with " + hex(policyPin), List.of(), null);
    }
    Instant now = options.clock().instant();
    Duration skew = Duration.between(proposal.startTime(), now).abs();
    if (skew.compareTo(options.clockSkewTolerance().plusSeconds(1)) > 0) {
      throw new CeremonyException(ErrorCode.CEREMONY_CLOCK_SKEW, phase,
          "the proposal starts at " + proposal.startTime() + ", " + self + "'s clock says " + now
              + " (" + skew.toSeconds() + " s apart, at most " + options.clockSkewTolerance()
              .toSeconds() + " s allowed)", List.of(), null);
    }
    if (proposal.artifactMode() == ArtifactMode.RAW) {
      byte[] bytes = requireNonNull(artifact, "artifact");
      if (!MessageDigest.isEqual(sha256(bytes), proposal.artifactSha256())) {
        throw new CeremonyException(ErrorCode.CEREMONY_ARTIFACT_MISMATCH, phase,
            "the artifact given to " + self + " has SHA-256 " + hex(sha256(bytes))
                + ", the proposal approves " + hex(proposal.artifactSha256()), List.of(), null);
      }
    }
    ApprovedQuorum quorum = ApprovalVerifier.create(proposal.approvalPolicy()).verify(
        proposal.approvals(), proposal.artifactName(), proposal.artifactSha256(), policyPin, now);
    LOG.log(System.Logger.Level.DEBUG, () -> sessionHex + " " + self + ": " + quorum.counted().size()
        + " approvals counted, " + quorum.discounted().size() + " discounted");
  }

  private PeerHello verifyHello(VerifiedEnvelope envelope) throws CeremonyException {
    PartyId peer = envelope.sender();
    Messages.Hello hello = Messages.parseHello(envelope.payload(), peer);
    if (!MessageDigest.isEqual(hello.identityKey(), envelope.signerKey().encoded())) {
      throw new CeremonyException(ErrorCode.CEREMONY_MALFORMED_MESSAGE, phase,
          peer + "'s hello carries another identity key than the one it signed with",
          List.of(peer), null);
    }
    if (!MessageDigest.isEqual(hello.proposalHash(), proposal.hash())) {
      throw new CeremonyException(ErrorCode.CEREMONY_PROPOSAL_MISMATCH, phase,
          peer + " runs proposal " + hex(hello.proposalHash()) + ", " + self + " runs "
              + proposal.hashHex(), List.of(peer), null);
    }
    try {
      VerifiedReport report = snpVerifier.verify(hello.evidence());
      policyValidator.validate(report, ReportExpectations.reportData(ReportDataBinding.party(
          sessionId, peer, hello.identityKey(), hello.hpkeKey(), policyPin)));
      return new PeerHello(peer, hello.identityKey(), hello.hpkeKey(), hello.evidence(),
          report.chipId(), report.isChipIdMasked(), report.isSimulated());
    } catch (AttestationException e) {
      throw new CeremonyException(e.code(), phase,
          peer + "'s attestation is refused: " + e.detail(), List.of(peer), e);
    }
  }

  private void checkChips() throws CeremonyException {
    for (PeerHello hello : hellos.values()) {
      Optional<byte[]> pinned = options.pinnedChip(hello.party());
      if (pinned.isPresent() && !MessageDigest.isEqual(pinned.get(), hello.chipId())) {
        throw new CeremonyException(ErrorCode.CEREMONY_CHIP_MISMATCH, phase,
            hello.party() + " runs on chip " + hex(hello.chipId()).substring(0, 16)
                + "..., its slot is pinned to " + hex(pinned.get()).substring(0, 16) + "...",
            List.of(hello.party()), null);
      }
    }
    if (!options.requireDistinctChips()) {
      return;
    }
    Map<String, List<PartyId>> byChip = new LinkedHashMap<>();
    for (PeerHello hello : hellos.values()) {
      if (!hello.chipIdMasked()) {
        byChip.computeIfAbsent(hex(hello.chipId()), c -> new ArrayList<>()).add(hello.party());
      }
    }
    for (List<PartyId> sharing : byChip.values()) {
      if (sharing.size() > 1) {
        throw new CeremonyException(ErrorCode.CEREMONY_DUPLICATE_CHIP, phase,
            "parties " + sharing + " run on one chip", sharing, null);
      }
    }
  }

  // ------------------------------------------------------------------------------------ DKG

  private ThresholdProtocol.GroupKey dkg() throws MayflyException, InterruptedException {
    enter(CeremonyPhase.DKG);
    ThresholdProtocol.GroupKey key =
        protocol.generateKey(requireNonNull(io), parties, proposal.threshold());
    complete("group key " + hex(key.publicKey().rawBytes()).substring(0, 16) + "...");
    return key;
  }

  /** The rounds this party receives, in order. */
  private RoundSchedule schedule() {
    List<RoundTag> rounds = new ArrayList<>(List.of(HELLO, HELLO_ECHO, KeyGeneration.DKG_1,
        KeyGeneration.DKG_1_ECHO, KeyGeneration.DKG_2));
    rounds.addAll(protocol.signRounds(signer));
    rounds.addAll(List.of(DONE, DONE_ECHO));
    return RoundSchedule.of(rounds);
  }

  // ------------------------------------------------------------------------------------ sign

  /** The signatures of the documents, in document order, and what they were over. */
  private record Signed(ThresholdProtocol.GroupKey key, SessionEvidence evidence,
      CertificateProfile profile, List<Document> documents, List<byte[]> signatures) {}

  private Signed sign(ThresholdProtocol.GroupKey key) throws MayflyException, InterruptedException {
    enter(CeremonyPhase.SIGN);
    SessionEvidence evidence = sessionEvidence();
    CertificateProfile profile = profile(key.publicKey(), evidence);
    List<Document> documents = documents(profile);
    List<byte[]> signatures =
        protocol.sign(requireNonNull(io), key, proposal.signers(), documents);
    complete(signatures.isEmpty() ? "signers signed " + documents.size() + " documents"
        : documents.size() + " signatures verified");
    return new Signed(key, evidence, profile, documents, signatures);
  }

  private SessionEvidence sessionEvidence() {
    List<PartyEvidence> evidence = new ArrayList<>();
    boolean simulated = false;
    for (PeerHello hello : hellos.values()) {
      evidence.add(PartyEvidence.of(hello.party(), hello.identityKey(), hello.hpkeKey(),
          hello.evidence()));
      simulated |= hello.simulated();
    }
    return SessionEvidence.builder()
        .simulated(simulated || options.snpVerifyOptions().allowsSimulatedEvidence())
        .sessionId(sessionId)
        .algorithm(proposal.algorithm())
        .protocol(protocol.name())
        .threshold(proposal.threshold())
        .startTime(proposal.startTime())
        .artifact(proposal.artifactName(), proposal.artifactSha256())
        .teePolicy(teePolicy.toJson().getBytes(StandardCharsets.UTF_8), policyPin)
        .approvalPolicy(proposal.approvalPolicy().toJsonBytes())
        .approvals(proposal.approvals())
        .parties(evidence)
        .build();
  }

  private CertificateProfile profile(GroupPublicKey groupKey, SessionEvidence evidence) {
    return CertificateProfile.builder()
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
  }

  private List<Document> documents(CertificateProfile profile) {
    List<Document> documents = new ArrayList<>();
    if (proposal.issuance() == IssuanceMode.SELF_ATTESTED) {
      documents.add(Document.of("certificate", CertificateTemplates.tbsCertificate(profile)));
    } else {
      documents.add(Document.of("certification request",
          CertificateTemplates.certificationRequestInfo(profile)));
    }
    if (proposal.artifactMode() == ArtifactMode.RAW) {
      documents.add(Document.of("artifact", requireNonNull(artifact)));
    }
    if (hasStatement()) {
      documents.add(Document.of("statement",
          SigstoreBundles.statementPreAuthEncoding(statement())));
    }
    return documents;
  }

  /** Whether the session signs the DSSE statement naming the artifact. */
  private boolean hasStatement() {
    return proposal.artifactMode() == ArtifactMode.STATEMENT || protocol.signsStatementInRawMode();
  }

  private byte[] statement() {
    return SigstoreBundles.artifactStatement(
        proposal.artifactName(), proposal.artifactSha256(), sessionId);
  }

  // ------------------------------------------------------------------------------------ destroy

  private PartyResult destroy(Signed signed) throws MayflyException, InterruptedException {
    enter(CeremonyPhase.DESTROY);
    SessionIo sessionIo = requireNonNull(io);
    ledger.destroy(signed.key().share());
    protocol.abandon();
    byte[] transcriptHash = transcript.hash();
    Evidence receipt;
    try {
      receipt = evidenceProvider.getEvidence(
          ReportDataBinding.destroyed(sessionId, self, transcriptHash));
    } catch (AttestationException e) {
      throw new CeremonyException(e.code(), phase,
          self + " could not obtain its destruction receipt: " + e.detail(),
          List.of(self), e);
    }
    Envelope own = sessionIo.broadcast(DONE,
        Messages.done(new Messages.Done(signed.signatures(), receipt)));
    SortedMap<PartyId, VerifiedEnvelope> done = sessionIo.collect(DONE, peers);
    sessionIo.agree(DONE, DONE_ECHO, Optional.of(own), done);
    List<byte[]> signatures = signed.signatures().isEmpty() ? null : signed.signatures();
    List<DestructionReceipt> receipts = new ArrayList<>();
    receipts.add(DestructionReceipt.of(self, receipt));
    for (VerifiedEnvelope envelope : done.values()) {
      PartyId peer = envelope.sender();
      Messages.Done theirs = Messages.parseDone(envelope.payload(), peer);
      signatures = agree(signed, peer, theirs.signatures(), signatures);
      verifyReceipt(peer, theirs.receipt(), transcriptHash);
      receipts.add(DestructionReceipt.of(peer, theirs.receipt()));
    }
    if (signatures == null) {
      throw new IllegalStateException("no party computed the signatures");
    }
    receipts.sort((a, b) -> a.partyId().compareTo(b.partyId()));
    requireNonNull(identity).destroy();
    requireNonNull(hpke).destroy();

    List<Document> documents = signed.documents();
    X509Certificate certificate = null;
    byte[] request = null;
    if (proposal.issuance() == IssuanceMode.SELF_ATTESTED) {
      certificate = CertificateTemplates.assembleCertificate(documents.get(0).bytes(),
          signatures.get(0));
    } else {
      try {
        request = CertificateTemplates.assembleCertificationRequest(documents.get(0).bytes(),
            proposal.algorithm(), signatures.get(0)).getEncoded();
      } catch (java.io.IOException e) {
        throw new IllegalStateException("a certification request built here does not encode", e);
      }
    }
    byte[] statementSignature = hasStatement() ? signatures.get(signatures.size() - 1) : null;
    byte[] artifactSignature = proposal.artifactMode() == ArtifactMode.RAW
        ? signatures.get(1) : requireNonNull(statementSignature);
    complete("shares destroyed, " + receipts.size() + " receipts verified");
    return new PartyResult(proposal, self, signed.key().publicKey(), signed.evidence(),
        signed.profile(), signatures.get(0), certificate, request, artifactSignature,
        hasStatement() ? statement() : null, statementSignature, transcriptHash, receipts);
  }

  /**
   * Checks the signatures {@code peer} ended with against those agreed so far (this party's own,
   * or the first signer's, which a party that did not compute them verifies itself).
   */
  private @Nullable List<byte[]> agree(Signed signed, PartyId peer, List<byte[]> theirs,
      @Nullable List<byte[]> agreed) throws CeremonyException {
    boolean computes = protocol.computesSignatures(proposal.signers().contains(peer));
    if (theirs.isEmpty() != !computes) {
      throw new CeremonyException(ErrorCode.CEREMONY_SIGNATURE_MISMATCH, phase, peer
          + (computes ? " ended without the signatures" : " sent signatures it cannot have"),
          List.of(peer), null);
    }
    if (theirs.isEmpty()) {
      return agreed;
    }
    if (agreed == null) {
      for (int i = 0; i < signed.documents().size(); i++) {
        try {
          protocol.verify(signed.key().publicKey(), signed.documents().get(i).bytes(),
              theirs.get(i));
        } catch (ProtocolException | IndexOutOfBoundsException e) {
          throw new CeremonyException(ErrorCode.CEREMONY_SIGNATURE_MISMATCH, phase,
              peer + "'s " + signed.documents().get(i).name() + " signature does not verify",
              List.of(peer), e);
        }
      }
      return theirs;
    }
    boolean same = agreed.size() == theirs.size();
    for (int i = 0; same && i < agreed.size(); i++) {
      same = MessageDigest.isEqual(agreed.get(i), theirs.get(i));
    }
    if (!same) {
      throw new CeremonyException(ErrorCode.CEREMONY_SIGNATURE_MISMATCH, phase,
          peer + " ended with other signatures than " + self, List.of(peer), null);
    }
    return agreed;
  }

  private void verifyReceipt(PartyId peer, Evidence receipt, byte[] transcriptHash)
      throws CeremonyException {
    try {
      VerifiedReport report = snpVerifier.verify(receipt);
      policyValidator.validate(report, ReportExpectations.reportData(
          ReportDataBinding.destroyed(sessionId, peer, transcriptHash)));
      if (!MessageDigest.isEqual(report.chipId(), hellos.get(peer).chipId())) {
        throw new CeremonyException(ErrorCode.CEREMONY_RECEIPT_INVALID, phase,
            peer + "'s receipt comes from another chip than its hello", List.of(peer), null);
      }
    } catch (AttestationException e) {
      throw new CeremonyException(ErrorCode.CEREMONY_RECEIPT_INVALID, phase,
          peer + "'s destruction receipt is refused: " + e.getMessage(),
          List.of(peer), e);
    }
  }

  // ------------------------------------------------------------------------------------ abort

  private CeremonyException adopt(PeerAbortedException e) {
    PartyId reporter = e.reporter();
    try {
      Messages.Abort abort = Messages.parseAbort(e.abortEnvelope().payload(), reporter, phase);
      ErrorCode code = ErrorCode.valueOf(abort.codeName());
      CeremonyPhase at = CeremonyPhase.valueOf(abort.phaseName());
      if (code == ErrorCode.TRANSPORT_TIMEOUT && !e.awaited().isEmpty()) {
        // A timeout is only a claim about silence, and the party whose messages are late may
        // time out first, blaming everyone else. Every party blames whom it waits for itself.
        return new CeremonyException(code, phase, reporter + " timed out, and " + self
            + " is still waiting for " + e.awaited(), e.awaited(), e);
      }
      return new CeremonyException(code, at, reporter + " aborted: " + abort.text(),
          abort.culprits(), reporter, e);
    } catch (CeremonyException malformed) {
      return malformed;
    } catch (IllegalArgumentException unknown) {
      return new CeremonyException(ErrorCode.CEREMONY_MALFORMED_MESSAGE, phase,
          reporter + " announced an abort with an unknown code or phase", List.of(reporter), e);
    }
  }

  private CeremonyException abort(CeremonyException e) {
    SessionIo sessionIo = io;
    IdentityKeyPair id = identity;
    if (e.reporter().isEmpty() && sessionIo != null && id != null && !id.isDestroyed()) {
      try {
        sessionIo.broadcast(ABORT, Messages.abort(new Messages.Abort(e.code().name(),
            e.culprits(), e.phase().name(), e.detail())));
      } catch (MayflyException | RuntimeException ignored) {
        // Best effort: peers that do not hear the announcement reach their own deadline.
      }
    }
    emit(e.phase(), ProgressEvent.Kind.ABORTED, e.code(), e.culprits(), e.detail());
    return e;
  }

  // ------------------------------------------------------------------------------------ helpers







  private void enter(CeremonyPhase next) {
    phase = next;
    phaseDeadline = System.nanoTime() + options.phaseTimeout(next).toNanos();
    emit(next, ProgressEvent.Kind.STARTED, null, List.of(), "");
  }

  private void complete(String detail) {
    emit(phase, ProgressEvent.Kind.COMPLETED, null, List.of(), detail);
  }

  private Duration remaining() {
    return Duration.ofNanos(Math.max(0, phaseDeadline - System.nanoTime()));
  }

  private void emit(CeremonyPhase at, ProgressEvent.Kind kind, @Nullable ErrorCode code,
      List<PartyId> culprits, String detail) {
    ProgressEvent event = new ProgressEvent(sessionHex, self, at, kind,
        Duration.ofNanos(System.nanoTime() - startNanos), code, culprits, detail);
    System.Logger.Level level = kind == ProgressEvent.Kind.ABORTED
        ? System.Logger.Level.WARNING : System.Logger.Level.INFO;
    LOG.log(level, () -> "mayfly session " + sessionHex.substring(0, 16) + " " + self + " "
        + at + " " + kind + (code == null ? "" : " " + code + " culprits " + culprits)
        + (detail.isEmpty() ? "" : ": " + detail));
    try {
      listener.onEvent(event);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "progress listener failed", e);
    }
  }

  private static MessageDigest sha256Digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from the JDK", e);
    }
  }

  static byte[] sha256(byte[] bytes) {
    return sha256Digest().digest(bytes);
  }



  private static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }
}

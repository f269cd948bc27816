package dev.mayfly.ceremony;

import static dev.mayfly.ceremony.RoundPlan.HELLO;
import static dev.mayfly.ceremony.RoundPlan.HELLO_ECHO;
import static java.util.Objects.requireNonNull;

import dev.mayfly.ceremony.internal.HpkeKeyPair;
import dev.mayfly.ceremony.internal.Messages;
import dev.mayfly.ceremony.internal.SecretLedger;
import dev.mayfly.ceremony.internal.SessionHooks;
import dev.mayfly.ceremony.internal.Transcript;
import dev.mayfly.cert.evidence.ReportDataBinding;
import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.PartyId;
import dev.mayfly.snp.AttestationException;
import dev.mayfly.snp.abi.AttestationReport;
import dev.mayfly.snp.evidence.Evidence;
import dev.mayfly.snp.evidence.EvidenceProvider;
import dev.mayfly.snp.validate.PolicyValidator;
import dev.mayfly.snp.validate.TeePolicy;
import dev.mayfly.snp.verify.SnpVerifier;
import dev.mayfly.transport.Envelope;
import dev.mayfly.transport.IdentityKeyPair;
import dev.mayfly.transport.PeerAbortedException;
import dev.mayfly.transport.PeerDirectory;
import dev.mayfly.transport.RoundTag;
import dev.mayfly.transport.SessionChannel;
import dev.mayfly.transport.Transport;
import dev.mayfly.transport.VerifiedEnvelope;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * One party's run of one ceremony: the orchestrator behind {@link CeremonyParty#run()}. It walks
 * the phases (set-up and pins, hello, key generation, signing, destruction) and hands each part
 * to its own class: {@link ProposalCheck} (the proposal against the pins), {@link PeerAttestation}
 * (who the peers are), {@link KeyGeneration} and the {@link ThresholdProtocol}, {@link
 * SessionDocuments} (what is signed), {@link Completion} (the done round) and, on any failure,
 * {@link AbortAgreement} (the record every honest party agrees on). Single use, single thread.
 */
final class PartySession {
  private static final System.Logger LOG = System.getLogger(PartySession.class.getName());

  private final SessionProposal proposal;
  private final PartyId self;
  private final Transport transport;
  private final TeePolicy teePolicy;
  private final byte[] approvalPolicyDigest;
  private final CeremonyLimits limits;
  private final EvidenceProvider evidenceProvider;
  private final List<byte[]> artifacts;
  /** Per artifact, the JAR signing plan this party computed, or null; set by the local checks. */
  private List<dev.mayfly.cert.jar.@Nullable JarSigningPlan> jarPlans = List.of();
  private final CeremonyOptions options;
  private final SecureRandom random;
  private final ProgressListener listener;
  private final SecretLedger ledger;
  private final SessionHooks hooks;

  private final String sessionHex;
  private final List<PartyId> parties;
  private final Set<PartyId> peers;
  private final byte[] policyPin;
  private final ThresholdProtocol protocol;
  private final RoundPlan plan;
  private final SnpVerifier snpVerifier;
  private final PolicyValidator policyValidator;
  private final Transcript transcript;
  private final long startNanos = System.nanoTime();

  private CeremonyPhase phase = CeremonyPhase.SETUP;
  private @Nullable IdentityKeyPair identity;
  private @Nullable HpkeKeyPair hpke;
  private @Nullable PeerDirectory directory;
  private @Nullable SessionChannel channel;
  private @Nullable PeerAttestation attestation;
  private @Nullable SessionIo io;
  private @Nullable Envelope ownHello;
  private final Map<PartyId, byte[]> hpkeKeys = new TreeMap<>();

  PartySession(SessionProposal proposal, PartyId self, Transport transport, TeePolicy teePolicy,
      byte[] approvalPolicyDigest, CeremonyLimits limits, EvidenceProvider evidenceProvider,
      List<byte[]> artifacts, CeremonyOptions options, SecureRandom random,
      ProgressListener listener, SecretLedger ledger, SessionHooks hooks) {
    this.proposal = proposal;
    this.self = self;
    this.transport = transport;
    this.teePolicy = teePolicy;
    this.approvalPolicyDigest = approvalPolicyDigest.clone();
    this.limits = limits;
    this.evidenceProvider = evidenceProvider;
    this.artifacts = artifacts;
    this.options = options;
    this.random = random;
    this.listener = listener;
    this.ledger = ledger;
    this.hooks = hooks;
    this.sessionHex = proposal.sessionId().toHex();
    this.parties = proposal.partyIds();
    TreeSet<PartyId> others = new TreeSet<>(parties);
    others.remove(self);
    this.peers = others;
    this.policyPin = teePolicy.hash();
    this.protocol = ThresholdProtocol.of(proposal.algorithm());
    this.plan = RoundPlan.of(parties, proposal.signers(), protocol,
        RoundPlan.maxPayloadBytes(proposal.algorithm(), proposal.documentCount()));
    this.snpVerifier = SnpVerifier.create(options.snpVerifyOptions());
    this.policyValidator = PolicyValidator.create(teePolicy);
    this.transcript = new Transcript(proposal.hash());
  }

  PartyResult run() throws CeremonyException {
    try {
      setUp();
      hello();
      ThresholdProtocol.GroupKey key = generateKey();
      SessionDocuments documents = documents(key);
      List<byte[]> signatures = sign(key, documents);
      return destroy(key, documents, signatures);
    } catch (SessionFault fault) {
      throw abort(fault.complaints(), null, fault);
    } catch (PeerAbortedException announced) {
      throw abort(awaited(announced), announced.abortEnvelope(), announced);
    } catch (RuntimeException defect) {
      // A defect of this engine (input that should have been refused with its own code): still
      // an orderly abort, with every secret destroyed, not an unchecked exception to the caller.
      LOG.log(System.Logger.Level.ERROR, () -> "mayfly session " + sessionHex.substring(0, 16)
          + " " + self + ": internal error in " + phase, defect);
      throw abort(List.of(Complaint.report(ErrorCode.CEREMONY_INTERNAL_ERROR, List.of(), null,
          List.of(), self + " failed unexpectedly in " + phase + ": "
              + defect.getClass().getSimpleName())), null, defect);
    } finally {
      protocol.abandon();
      ledger.destroyAll();
    }
  }

  // ------------------------------------------------------------------------------ set-up

  /**
   * Session keys, own evidence and own hello (sealed, not sent), the channel; then the proposal
   * against the pins. A refusal is announced (with the hello inside) but the hello never goes out.
   */
  private void setUp() throws SessionFault {
    enter(CeremonyPhase.SETUP);
    IdentityKeyPair id = ledger.register(IdentityKeyPair.generate(random));
    identity = id;
    hooks.identityKeyMade(id);
    HpkeKeyPair box = ledger.register(HpkeKeyPair.generate());
    hpke = box;
    byte[] identityKey = id.publicKey().encoded();
    byte[] hpkeKey = box.publicKey();
    Evidence own;
    try {
      own = evidenceProvider.getEvidence(ReportDataBinding.party(
          proposal.sessionId().bytes(), self, identityKey, hpkeKey, policyPin));
    } catch (AttestationException e) {
      throw localFault(e.code(), self + " could not obtain its own attestation evidence: "
          + e.detail(), e);
    }
    PeerDirectory peers = PeerDirectory.create(Set.copyOf(parties));
    peers.pin(self, id.publicKey());
    directory = peers;
    PeerAttestation attested = new PeerAttestation(proposal, self, policyPin, snpVerifier,
        policyValidator, peers, limits, options.requireDistinctChips());
    attestation = attested;
    SessionChannel ch = SessionChannel.builder()
        .transport(transport)
        .identityKey(id)
        .sessionId(proposal.sessionId())
        .policyHash(policyPin)
        .directory(peers)
        .schedule(plan.scheduleOf(self))
        .abortTags(RoundPlan.ABORT_TAGS)
        .admission(attested)
        .build();
    channel = ch;
    Messages.Hello hello = new Messages.Hello(proposal.hash(), identityKey, hpkeKey, own);
    Envelope sealed = ch.sealBroadcast(HELLO, hooks.outgoing(HELLO, Messages.hello(hello)));
    ownHello = sealed;
    io = new SessionIo(self, proposal.sessionId().bytes(), this.peers, ch, box, hpkeKeys, hooks,
        transcript, ledger, random, plan);
    io.enter(CeremonyPhase.SETUP, options.phaseTimeout(CeremonyPhase.SETUP));
    attested.addOwn(sealed, hello, ownHardware(own), options.snpVerifyOptions()
        .allowsSimulatedEvidence(), ownHostData(own));
    ProposalCheck.againstPins(proposal, self, policyPin, approvalPolicyDigest, limits);
    LOG.log(System.Logger.Level.DEBUG, () -> sessionHex + " " + self + ": proposal within pins");
  }

  /** This party's hardware id from its own report (its hello is not verified by itself). */
  private byte @Nullable [] ownHardware(Evidence own) throws SessionFault {
    AttestationReport report = parseOwnReport(own);
    if (!report.isChipIdMasked()) {
      return report.chipId();
    }
    try {
      return PeerAttestation.hardwareId(snpVerifier.verify(own));
    } catch (AttestationException e) {
      throw localFault(e.code(), self + "'s own evidence does not verify: " + e.detail(), e);
    }
  }

  private byte[] ownHostData(Evidence own) throws SessionFault {
    return parseOwnReport(own).hostData();
  }

  private AttestationReport parseOwnReport(Evidence own) throws SessionFault {
    try {
      return AttestationReport.parse(own.reportBytes());
    } catch (AttestationException e) {
      throw localFault(e.code(), self + "'s own evidence does not parse: " + e.detail(), e);
    }
  }

  // ------------------------------------------------------------------------------ hello

  private void hello() throws SessionFault, PeerAbortedException {
    SessionIo sessionIo = requireNonNull(io);
    try {
      requireNonNull(channel).broadcastSealed(requireNonNull(ownHello));
    } catch (dev.mayfly.transport.TransportException e) {
      throw localFault(e.code(), self + " could not send its hello: " + e.getMessage(), e);
    }
    ProposalCheck.local(proposal, self, options.clock().instant(),
        options.clockSkewTolerance(), artifacts);
    jarPlans = ProposalCheck.jarPlans(proposal, self, artifacts);
    complete("local checks passed");

    enter(CeremonyPhase.HELLO);
    PeerAttestation attested = requireNonNull(attestation);
    SortedMap<PartyId, VerifiedEnvelope> received;
    try {
      received = sessionIo.collect(HELLO, peers);
    } catch (SessionFault fault) {
      throw withRefusals(fault, attested);
    }
    sessionIo.agree(HELLO, HELLO_ECHO, Optional.of(requireNonNull(ownHello)), received, () -> {
      attested.checkRound(received);
      return null;
    });
    hpkeKeys.putAll(attested.hpkeKeys());
    complete("every peer attested");
  }

  /**
   * What this party was still waiting for when a peer's announcement stopped it, as its report
   * (its own view of who was silent; the hello round says why a party's hello was refused).
   */
  private List<Complaint> awaited(PeerAbortedException announced) {
    if (announced.awaited().isEmpty() || io == null || io.currentRound().isEmpty()) {
      return List.of();
    }
    RoundTag round = io.currentRound().get();
    SessionFault waiting = new SessionFault(Complaint.report(ErrorCode.TRANSPORT_TIMEOUT,
        announced.awaited(), round, List.of(), self + " was still waiting for "
            + announced.awaited() + " in " + round + " when the session stopped"));
    return round.equals(HELLO) && attestation != null
        ? withRefusals(waiting, attestation).complaints() : waiting.complaints();
  }

  /**
   * A timeout of the hello round, told per party: why a party's hello was refused, if one came
   * (an attestation code, reported without blame: anybody can send a hello for any party).
   */
  private static SessionFault withRefusals(SessionFault fault, PeerAttestation attested) {
    Complaint timeout = fault.complaint();
    if (timeout.code() != ErrorCode.TRANSPORT_TIMEOUT) {
      return fault;
    }
    List<Complaint> reports = new ArrayList<>();
    List<PartyId> silent = new ArrayList<>();
    for (PartyId party : timeout.accused()) {
      Optional<ErrorCode> refused = attested.refusal(party);
      if (refused.isPresent()) {
        reports.add(Complaint.report(refused.get(), List.of(party), HELLO, List.of(),
            "the only hello for " + party + " was refused: " + refused.get()));
      } else {
        silent.add(party);
      }
    }
    if (!silent.isEmpty()) {
      reports.add(Complaint.report(ErrorCode.TRANSPORT_TIMEOUT, silent, HELLO, List.of(),
          timeout.text()));
    }
    return new SessionFault(reports, fault);
  }

  // ------------------------------------------------------------------------------ key, signing

  private ThresholdProtocol.GroupKey generateKey() throws SessionFault, PeerAbortedException {
    enter(CeremonyPhase.DKG);
    ThresholdProtocol.GroupKey key =
        protocol.generateKey(requireNonNull(io), parties, proposal.threshold());
    complete("group key " + HexFormat.of().formatHex(key.publicKey().rawBytes()).substring(0, 16)
        + "...");
    return key;
  }

  private SessionDocuments documents(ThresholdProtocol.GroupKey key) {
    PeerAttestation attested = requireNonNull(attestation);
    return SessionDocuments.build(proposal, protocol, key.publicKey(), attested.evidence(),
        attested.anySimulated() || options.snpVerifyOptions().allowsSimulatedEvidence(),
        teePolicy.toJson().getBytes(StandardCharsets.UTF_8), policyPin,
        proposal.artifactMode() == ArtifactMode.RAW ? artifacts : List.of(), jarPlans);
  }

  private List<byte[]> sign(ThresholdProtocol.GroupKey key, SessionDocuments documents)
      throws SessionFault, PeerAbortedException {
    enter(CeremonyPhase.SIGN);
    List<byte[]> signatures =
        protocol.sign(requireNonNull(io), key, proposal.signers(), documents.all());
    complete(signatures.isEmpty() ? "signers signed " + documents.all().size() + " documents"
        : documents.all().size() + " signatures verified");
    return signatures;
  }

  // ------------------------------------------------------------------------------ destruction

  private PartyResult destroy(ThresholdProtocol.GroupKey key, SessionDocuments documents,
      List<byte[]> signatures) throws SessionFault, PeerAbortedException {
    enter(CeremonyPhase.DESTROY);
    ledger.destroy(key.share());
    protocol.abandon();
    byte[] transcriptHash = transcript.hash();
    Evidence receipt;
    try {
      receipt = evidenceProvider.getEvidence(ReportDataBinding.destroyed(
          proposal.sessionId().bytes(), self, transcriptHash));
    } catch (AttestationException e) {
      throw localFault(e.code(), self + " could not obtain its destruction receipt: "
          + e.detail(), e);
    }
    Completion.Agreed agreed = new Completion(requireNonNull(io), protocol, proposal.signers(),
        snpVerifier, policyValidator, requireNonNull(attestation), proposal.sessionId().bytes())
        .run(key, documents.all(), signatures, receipt, transcriptHash);
    requireNonNull(identity).destroy();
    requireNonNull(hpke).destroy();
    SessionDocuments.Signed signed = documents.signed(agreed.signatures());
    complete("shares destroyed, " + agreed.receipts().size() + " receipts verified");
    return new PartyResult(proposal, self, key.publicKey(), documents.evidence(),
        documents.profile(), signed.certificateSignature(), signed.certificate().orElse(null),
        signed.certificationRequest().orElse(null), signed.artifacts(),
        transcriptHash, agreed.receipts(), requireNonNull(channel).droppedCount());
  }

  // ------------------------------------------------------------------------------ abort

  /**
   * Stops: announces, judges the round under way while its state is alive, destroys every
   * protocol secret, then takes part in the rest of the abort agreement with the identity key
   * alone.
   */
  private CeremonyException abort(List<Complaint> own, @Nullable VerifiedEnvelope trigger,
      Exception cause) {
    SessionIo sessionIo = io;
    Optional<RoundTag> round = sessionIo == null ? Optional.empty() : sessionIo.currentRound();
    if (attestation != null) {
      List<Complaint> all = new ArrayList<>(own);
      attestation.contestedSlots().stream().filter(c -> !all.contains(c)).forEach(all::add);
      own = all;
    }
    // Once the announcement is out (it must not wait for anything slow): the round under way,
    // judged on this party's own view, to judge other parties' proofs about it; then every
    // protocol secret is destroyed, before the agreement listens.
    Runnable afterAnnouncing = () -> {
      if (sessionIo != null) {
        sessionIo.runPendingCheck();
      }
      protocol.abandon();
      if (hpke != null) {
        ledger.destroy(hpke);
      }
    };
    boolean canListen = own.stream().noneMatch(c -> c.code() == ErrorCode.CEREMONY_INTERRUPTED
        || c.code() == ErrorCode.TRANSPORT_CLOSED);
    OutcomeRecord record;
    SessionChannel ch = channel;
    Envelope hello = ownHello;
    if (ch == null || hello == null || identity == null || identity.isDestroyed()) {
      afterAnnouncing.run();
      record = ownRecord(own);
    } else {
      try {
        record = new AbortAgreement(self, parties, proposal.threshold(), policyPin, plan, ch,
            requireNonNull(directory), requireNonNull(attestation), sessionIo, hello,
            options.abortWindow(), hooks).run(own, trigger, phase, round.orElse(null), canListen,
                afterAnnouncing);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        record = ownRecord(own.isEmpty() ? List.of(Complaint.report(
            ErrorCode.CEREMONY_INTERRUPTED, List.of(), null, List.of(),
            self + " was interrupted")) : own);
      } catch (RuntimeException defect) {
        afterAnnouncing.run(); // idempotent: the secrets are gone whatever failed
        LOG.log(System.Logger.Level.ERROR, () -> "mayfly session " + sessionHex.substring(0, 16)
            + " " + self + ": internal error in the abort agreement", defect);
        List<Complaint> all = new ArrayList<>(own);
        all.add(Complaint.report(ErrorCode.CEREMONY_INTERNAL_ERROR, List.of(), null, List.of(),
            self + " failed unexpectedly in the abort agreement"));
        record = ownRecord(all);
      }
    }
    String detail = own.isEmpty() ? "a peer announced an abort" : own.get(0).text();
    emit(record.phase(), ProgressEvent.Kind.ABORTED, record.code(), record.culprits(), detail);
    return new CeremonyException(record, detail + " (record " + record + ")",
        ch == null ? 0 : ch.droppedCount(), cause);
  }

  /** The record of a party that cannot take part in the agreement: its own complaints alone. */
  private OutcomeRecord ownRecord(List<Complaint> own) {
    List<OutcomeRecord.Report> reports = new ArrayList<>();
    List<OutcomeRecord.Proof> proofs = new ArrayList<>();
    for (Complaint c : own) {
      if (c.kind() == Complaint.Kind.PROOF) {
        proofs.add(new OutcomeRecord.Proof(c.code(), c.culprit(), c.roundName()));
      } else {
        reports.add(new OutcomeRecord.Report(self, c.code(), c.accused(), c.roundName()));
      }
    }
    ErrorCode code = own.isEmpty() ? ErrorCode.TRANSPORT_PEER_ABORTED : own.get(0).code();
    return new OutcomeRecord(code, phase, proofs, reports);
  }

  private SessionFault localFault(ErrorCode code, String text, @Nullable Throwable cause) {
    Complaint complaint = Complaint.report(code, List.of(), null, List.of(), text);
    return cause == null ? new SessionFault(complaint) : new SessionFault(complaint, cause);
  }

  // ------------------------------------------------------------------------------ progress

  private void enter(CeremonyPhase next) {
    phase = next;
    if (io != null) {
      io.enter(next, options.phaseTimeout(next));
    }
    emit(next, ProgressEvent.Kind.STARTED, null, List.of(), "");
  }

  private void complete(String detail) {
    emit(phase, ProgressEvent.Kind.COMPLETED, null, List.of(), detail);
  }

  private void emit(CeremonyPhase at, ProgressEvent.Kind kind, @Nullable ErrorCode code,
      List<PartyId> culprits, String detail) {
    ProgressEvent event = new ProgressEvent(sessionHex, self, at, kind,
        Duration.ofNanos(System.nanoTime() - startNanos), code, culprits, detail);
    System.Logger.Level level = kind == ProgressEvent.Kind.ABORTED
        ? System.Logger.Level.WARNING : System.Logger.Level.DEBUG;
    LOG.log(level, () -> "mayfly session " + sessionHex.substring(0, 16) + " " + self + " "
        + at + " " + kind + (code == null ? "" : " " + code + " culprits " + culprits)
        + (detail.isEmpty() ? "" : ": " + detail));
    try {
      listener.onEvent(event);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "progress listener failed", e);
    }
  }
}

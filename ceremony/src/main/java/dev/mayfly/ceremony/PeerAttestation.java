package dev.mayfly.ceremony;

import static dev.mayfly.ceremony.RoundPlan.HELLO;
import static java.util.Objects.requireNonNull;

import dev.mayfly.ceremony.internal.Messages;
import dev.mayfly.cert.evidence.PartyEvidence;
import dev.mayfly.cert.evidence.ReportDataBinding;
import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.PartyId;
import dev.mayfly.common.ProtocolException;
import dev.mayfly.snp.AttestationException;
import dev.mayfly.snp.abi.SigningKey;
import dev.mayfly.snp.evidence.Evidence;
import dev.mayfly.snp.validate.PolicyValidator;
import dev.mayfly.snp.validate.ReportExpectations;
import dev.mayfly.snp.verify.SnpVerifier;
import dev.mayfly.snp.verify.VerifiedReport;
import dev.mayfly.transport.Envelope;
import dev.mayfly.transport.IdentityPublicKey;
import dev.mayfly.transport.PeerAdmission;
import dev.mayfly.transport.PeerDirectory;
import dev.mayfly.transport.TransportException;
import dev.mayfly.transport.VerifiedEnvelope;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Who the peers of a session are: each party's hello, admitted only once its attestation report
 * verifies, satisfies the local TEE policy and binds the hello's keys to this session and party
 * (DESIGN.md section 4); then the hardware rules over every admitted hello.
 *
 * <p>It is the inbox's {@link PeerAdmission}: a hello (or an abort announcement, which carries its
 * author's hello) from a party with no pinned key is checked here before anything it signed is
 * read. A hello that fails (the slot pins included) is junk: anybody can make one for any party, so
 * it proves nothing about the party; the reason is kept, and becomes this party's report if no
 * valid hello from that party ever arrives. Two valid hellos with different keys for one slot
 * prove nothing about the party either (the host or relay can start a second genuine party VM
 * and ask it for a hello for that slot): the first is kept and the slot reported as contested.
 * Where a party runs (distinct chips, verifiable chips) is likewise reported, never proven: it is
 * the host's doing.
 *
 * <p>Single thread (the inbox's collecting thread).
 */
final class PeerAttestation implements PeerAdmission {
  /** A party's admitted hello, with its identity key decoded once (decoding is a square root). */
  record PeerHello(PartyId party, Envelope envelope, Messages.Hello hello,
      IdentityPublicKey identityKey, @Nullable VerifiedReport report,
      byte @Nullable [] hardwareId, boolean simulated, byte[] hostData) {}

  private final SessionProposal proposal;
  private final PartyId self;
  private final byte[] policyPin;
  private final SnpVerifier verifier;
  private final PolicyValidator validator;
  private final PeerDirectory directory;
  private final CeremonyLimits limits;
  private final boolean requireDistinctChips;
  private final SortedMap<PartyId, PeerHello> hellos = new TreeMap<>();
  private final Map<PartyId, ErrorCode> refusals = new TreeMap<>();
  private final Map<String, ErrorCode> refusedDigests = new LinkedHashMap<>();
  private final TreeSet<PartyId> contested = new TreeSet<>();
  /** Attested hellos for a slot that another attested hello holds, by envelope digest. */
  private final Map<String, PeerHello> contesting = new LinkedHashMap<>();
  /**
   * The most contesting hellos kept per slot (each one cost the host a genuine attested party VM
   * for that slot): per slot, so that hellos for one slot cannot crowd out another's.
   */
  private static final int MAX_CONTESTING_PER_SLOT = 16;
  private final Map<PartyId, Integer> contestingPerSlot = new TreeMap<>();

  PeerAttestation(SessionProposal proposal, PartyId self, byte[] policyPin, SnpVerifier verifier,
      PolicyValidator validator, PeerDirectory directory, CeremonyLimits limits,
      boolean requireDistinctChips) {
    this.proposal = proposal;
    this.self = self;
    this.policyPin = policyPin.clone();
    this.verifier = verifier;
    this.validator = validator;
    this.directory = directory;
    this.limits = limits;
    this.requireDistinctChips = requireDistinctChips;
  }

  /** Records this party's own hello (its report is its own; it is not verified here). */
  void addOwn(Envelope envelope, Messages.Hello hello, byte @Nullable [] hardwareId,
      boolean simulated, byte[] hostData) {
    hellos.put(self, new PeerHello(self, envelope, hello,
        IdentityPublicKey.create(hello.identityKey()), null, hardwareId, simulated, hostData));
  }

  /** Every admitted hello, the own one included, ascending by party. */
  SortedMap<PartyId, PeerHello> hellos() {
    return hellos;
  }

  /** The HPKE keys of the admitted peers. */
  Map<PartyId, byte[]> hpkeKeys() {
    Map<PartyId, byte[]> keys = new TreeMap<>();
    hellos.forEach((party, peer) -> keys.put(party, peer.hello().hpkeKey()));
    return keys;
  }

  /** Why the last refused hello of {@code party} was refused, if one was. */
  Optional<ErrorCode> refusal(PartyId party) {
    return Optional.ofNullable(refusals.get(party));
  }

  /** The evidence of every admitted party, for the session evidence document. */
  List<PartyEvidence> evidence() {
    List<PartyEvidence> evidence = new ArrayList<>();
    hellos.forEach((party, peer) -> evidence.add(PartyEvidence.of(party,
        peer.hello().identityKey(), peer.hello().hpkeKey(), peer.hello().evidence())));
    return evidence;
  }

  /** Whether any admitted hello (the own one included) was simulated. */
  boolean anySimulated() {
    return hellos.values().stream().anyMatch(PeerHello::simulated);
  }

  // ------------------------------------------------------------------------------ admission

  @Override
  public Optional<IdentityPublicKey> admit(Envelope unverified) throws TransportException {
    Optional<Envelope> carried = carriedHello(unverified);
    if (carried.isEmpty()) {
      return Optional.empty();
    }
    Envelope helloEnvelope = carried.get();
    PartyId sender = unverified.sender();
    boolean announcing = !unverified.tag().equals(HELLO);
    // Another VM's announcement for this party's own slot counts as any contesting one does.
    if (!helloEnvelope.sender().equals(sender) || (sender.equals(self) && !announcing)) {
      return Optional.empty();
    }
    PeerHello existing = hellos.get(sender);
    if (sender.equals(self) && existing == null) {
      return Optional.empty(); // this party's own hello is not recorded yet: nothing to contest
    }
    if (existing != null && MessageDigest.isEqual(existing.envelope().digest(),
        helloEnvelope.digest())) {
      return sender.equals(self) ? Optional.empty() : Optional.of(existing.identityKey());
    }
    String digest = HexFormat.of().formatHex(helloEnvelope.digest());
    PeerHello known = contesting.get(digest);
    if (known != null) {
      return announcing ? Optional.of(known.identityKey()) : Optional.empty();
    }
    PeerHello admitted = verify(helloEnvelope);
    if (admitted == null) {
      return Optional.empty();
    }
    if (existing != null) {
      if (Arrays.equals(existing.hello().identityKey(), admitted.hello().identityKey())) {
        // The same key: its holder made two hellos; the hello round's check shows it if the
        // other one is the hello that round delivers.
        return Optional.empty();
      }
      contested.add(sender);
      if (contestingPerSlot.getOrDefault(sender, 0) >= MAX_CONTESTING_PER_SLOT) {
        return Optional.empty();
      }
      contestingPerSlot.merge(sender, 1, Integer::sum);
      contesting.put(digest, admitted);
      // The second attested key of the slot counts for that key's abort messages only (never in
      // a round, never against the admitted key's holder): so the party the host displaced, a
      // genuine party too, is heard in the agreement as every other party is (docs/ceremony.md).
      return announcing ? Optional.of(admitted.identityKey()) : Optional.empty();
    }
    directory.pin(sender, admitted.identityKey());
    hellos.put(sender, admitted);
    return Optional.of(admitted.identityKey());
  }

  /**
   * The key an abort message (announcement or relay) verifies under, if any: its sender's admitted
   * key; or the key of the hello it carries, checked as {@link #admit} checks it, which admits it
   * if the slot is free and otherwise vouches for it as contesting the slot.
   */
  Optional<IdentityPublicKey> abortKey(Envelope abortMessage) {
    Optional<IdentityPublicKey> pinned = directory.key(abortMessage.sender());
    if (pinned.isPresent() && abortMessage.signatureVerifies(pinned.get())) {
      return pinned;
    }
    try {
      return admit(abortMessage).filter(abortMessage::signatureVerifies);
    } catch (TransportException e) {
      return Optional.empty();
    }
  }

  /**
   * This party's reports of slots claimed by two attested hellos with different keys, if any:
   * always part of what it announces when the session stops.
   */
  List<Complaint> contestedSlots() {
    if (contested.isEmpty()) {
      return List.of();
    }
    return List.of(Complaint.report(ErrorCode.CEREMONY_SLOT_CONTESTED, List.copyOf(contested),
        HELLO, List.of(), "two attested hellos with different keys claim " + contested));
  }

  /** The hello envelope that vouches for {@code envelope}'s sender: itself, or the one it carries. */
  private static Optional<Envelope> carriedHello(Envelope envelope) {
    if (envelope.tag().equals(HELLO)) {
      return Optional.of(envelope);
    }
    if (envelope.tag().equals(RoundPlan.ABORT) || envelope.tag().equals(RoundPlan.ABORT_RELAY)) {
      Optional<byte[]> bytes = Messages.carriedHello(envelope.payload());
      if (bytes.isPresent()) {
        try {
          Envelope hello = Envelope.decode(bytes.get());
          return hello.tag().equals(HELLO) ? Optional.of(hello) : Optional.empty();
        } catch (TransportException e) {
          return Optional.empty();
        }
      }
    }
    return Optional.empty();
  }

  /**
   * Checks a hello completely; returns the admitted hello, or null (the reason kept) when it
   * proves nothing.
   */
  private @Nullable PeerHello verify(Envelope envelope) {
    String digest = HexFormat.of().formatHex(envelope.digest());
    ErrorCode known = refusedDigests.get(digest);
    if (known != null) {
      return null;
    }
    PartyId sender = envelope.sender();
    ErrorCode refused;
    try {
      return check(envelope);
    } catch (AttestationException e) {
      refused = e.code();
    } catch (ProtocolException | TransportException e) {
      refused = e.code();
    }
    refusals.put(sender, refused);
    if (refusedDigests.size() < 1024) {
      refusedDigests.put(digest, refused);
    }
    return null;
  }

  private PeerHello check(Envelope envelope)
      throws AttestationException, ProtocolException, TransportException {
    PartyId sender = envelope.sender();
    if (!envelope.isBroadcast() || !directory.isMember(sender)
        || envelope.encode().length > Messages.MAX_HELLO_BYTES) {
      throw new ProtocolException(ErrorCode.CEREMONY_MALFORMED_MESSAGE,
          "a hello must be a broadcast of a member of at most " + Messages.MAX_HELLO_BYTES
              + " bytes");
    }
    Messages.Hello hello = Messages.parseHello(envelope.payload());
    // Session, policy hash and signature under the carried key; the attestation below binds
    // that key to this session and party.
    // The receiving party named in the check is only the one a broadcast cannot come from: for a
    // hello claiming this party's own slot, any other member.
    PartyId receiver = !sender.equals(self) ? self : proposal.partyIds().stream()
        .filter(p -> !p.equals(self)).findFirst().orElseThrow();
    PeerDirectory carried = PeerDirectory.create(java.util.Set.of(receiver, sender));
    VerifiedEnvelope checked = dev.mayfly.transport.EnvelopeVerifier.create(
        proposal.sessionId(), receiver, policyPin, carried)
        .verifySelfSigned(envelope, sender, hello.identityKey());
    VerifiedReport report = verifier.verify(hello.evidence());
    validator.validate(report, ReportExpectations.reportData(ReportDataBinding.party(
        proposal.sessionId().bytes(), sender, hello.identityKey(), hello.hpkeKey(), policyPin)));
    byte[] hardware = hardwareId(report);
    Optional<CeremonyLimits.SlotPin> pin = limits.slotPin(sender);
    if (pin.isPresent() && !pin.get().matches(hardware, report.report().hostData())) {
      throw new ProtocolException(ErrorCode.CEREMONY_CHIP_MISMATCH, sender
          + "'s hello does not come from the hardware its slot is pinned to (" + pin.get() + ")");
    }
    return new PeerHello(sender, checked.envelope(), hello, checked.signerKey(), report, hardware,
        report.isSimulated(), report.report().hostData());
  }

  /**
   * The hardware a verified report comes from: the VCEK's hwID (equal to CHIP_ID, or its first 8
   * bytes on Turin, whenever CHIP_ID is not masked), or an unmasked CHIP_ID; null when neither
   * says (a VLEK with a masked CHIP_ID).
   */
  static byte @Nullable [] hardwareId(VerifiedReport report) {
    Optional<byte[]> hwId = report.endorsementKeyExtensions().hwId();
    if (report.signingKey() == SigningKey.VCEK && hwId.isPresent()) {
      return hwId.get();
    }
    return report.isChipIdMasked() ? null : report.chipId();
  }

  // ------------------------------------------------------------------------------ the round

  /**
   * The hello round's public check, once its echoes agree (every party holds the same hello-round
   * envelopes): each is the admitted hello (another one under the same key, admitted earlier from
   * an announcement, is its signer's provable equivocation); every peer runs this proposal; the
   * hardware is known unless every slot is pinned; no two parties share hardware.
   *
   * @throws SessionFault a proof of a party that signed two hellos; or this party's reports of
   *     hardware placement and of peers that run another proposal
   */
  void checkRound(SortedMap<PartyId, VerifiedEnvelope> received) throws SessionFault {
    List<Complaint> proofs = new ArrayList<>();
    for (VerifiedEnvelope envelope : received.values()) {
      PeerHello peer = requireNonNull(hellos.get(envelope.sender()), "admitted hello");
      if (!MessageDigest.isEqual(peer.envelope().digest(), envelope.envelope().digest())) {
        proofs.add(Complaint.proof(ErrorCode.TRANSPORT_EQUIVOCATION, peer.party(), HELLO,
            List.of(peer.envelope(), envelope.envelope()), peer.party()
                + " signed two different hellos"));
      }
    }
    if (!proofs.isEmpty()) {
      throw new SessionFault(proofs, null);
    }
    List<Complaint> reports = new ArrayList<>(contestedSlots());
    TreeSet<PartyId> unverifiable = new TreeSet<>();
    for (PeerHello peer : hellos.values()) {
      if (peer.hardwareId() == null && !limits.pinsEverySlot(proposal.partyIds())) {
        unverifiable.add(peer.party());
      }
    }
    if (!unverifiable.isEmpty()) {
      reports.add(Complaint.report(ErrorCode.CEREMONY_CHIP_UNVERIFIABLE,
          List.copyOf(unverifiable), HELLO, List.of(), "the reports of " + unverifiable
              + " are VLEK-signed with CHIP_ID masked, so nothing tells their chips apart, and"
              + " not every slot is pinned"));
    }
    if (requireDistinctChips) {
      Map<String, List<PartyId>> byChip = new LinkedHashMap<>();
      for (PeerHello peer : hellos.values()) {
        if (peer.hardwareId() != null) {
          byChip.computeIfAbsent(HexFormat.of().formatHex(peer.hardwareId()),
              c -> new ArrayList<>()).add(peer.party());
        }
      }
      for (List<PartyId> sharing : byChip.values()) {
        if (sharing.size() > 1) {
          reports.add(Complaint.report(ErrorCode.CEREMONY_DUPLICATE_CHIP, List.copyOf(sharing),
              HELLO, List.of(), "parties " + sharing + " run on one chip"));
        }
      }
    }
    TreeSet<PartyId> otherProposal = new TreeSet<>();
    for (VerifiedEnvelope envelope : received.values()) {
      PeerHello peer = requireNonNull(hellos.get(envelope.sender()), "admitted hello");
      if (!MessageDigest.isEqual(peer.hello().proposalHash(), proposal.hash())) {
        otherProposal.add(peer.party());
      }
    }
    if (!otherProposal.isEmpty()) {
      reports.add(Complaint.report(ErrorCode.CEREMONY_PROPOSAL_MISMATCH,
          List.copyOf(otherProposal), HELLO, List.of(), "parties " + otherProposal
              + " run another proposal than " + self + "'s " + proposal.hashHex()));
    }
    if (!reports.isEmpty()) {
      throw new SessionFault(reports, null);
    }
  }

  /**
   * Whether {@code later} (a destruction receipt) comes from the machine of {@code party}'s
   * hello: the same hardware id; or, where the reports name no chip (VLEK, CHIP_ID masked), the
   * same endorsement key certificate and HOST_DATA, the most that such reports tie together.
   */
  boolean sameMachine(PartyId party, VerifiedReport later) {
    PeerHello peer = hellos.get(party);
    if (peer == null) {
      return false;
    }
    byte[] hardware = hardwareId(later);
    if (peer.hardwareId() != null || hardware != null) {
      return peer.hardwareId() != null && hardware != null
          && Arrays.equals(peer.hardwareId(), hardware);
    }
    return peer.report() != null && Arrays.equals(peer.report().endorsementKeyCertificate(),
        later.endorsementKeyCertificate()) && Arrays.equals(peer.hostData(),
        later.report().hostData());
  }
}

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
 * read. A hello that fails is junk: anybody can make one for any party, so it proves nothing
 * about the party; the reason is kept, and becomes this party's report if no valid hello from
 * that party ever arrives. Two valid hellos with different keys for one party are that party's
 * provable equivocation.
 *
 * <p>Single thread (the inbox's collecting thread).
 */
final class PeerAttestation implements PeerAdmission {
  /** A party's admitted hello. */
  record PeerHello(PartyId party, Envelope envelope, Messages.Hello hello,
      @Nullable VerifiedReport report, byte @Nullable [] hardwareId, boolean simulated,
      byte[] hostData) {
    IdentityPublicKey identityKey() {
      return IdentityPublicKey.create(hello.identityKey());
    }
  }

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
    hellos.put(self, new PeerHello(self, envelope, hello, null, hardwareId, simulated, hostData));
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
    if (!helloEnvelope.sender().equals(sender) || sender.equals(self)) {
      return Optional.empty();
    }
    PeerHello existing = hellos.get(sender);
    if (existing != null && MessageDigest.isEqual(existing.envelope().digest(),
        helloEnvelope.digest())) {
      return Optional.of(existing.identityKey());
    }
    PeerHello admitted = verify(helloEnvelope);
    if (admitted == null) {
      return Optional.empty();
    }
    if (existing != null) {
      throw new TransportException(ErrorCode.TRANSPORT_EQUIVOCATION, sender
          + " sent two attested hellos with different keys", sender,
          List.of(existing.envelope(), helloEnvelope));
    }
    directory.pin(sender, admitted.identityKey());
    hellos.put(sender, admitted);
    return Optional.of(admitted.identityKey());
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
    if (!envelope.isBroadcast() || !directory.isMember(sender)) {
      throw new ProtocolException(ErrorCode.CEREMONY_MALFORMED_MESSAGE,
          "a hello must be a broadcast of a member");
    }
    Messages.Hello hello = Messages.parseHello(envelope.payload());
    // Session, policy hash and signature under the carried key; the attestation below binds
    // that key to this session and party.
    PeerDirectory carried = PeerDirectory.create(java.util.Set.of(self, sender));
    VerifiedEnvelope checked = dev.mayfly.transport.EnvelopeVerifier.create(
        proposal.sessionId(), self, policyPin, carried)
        .verifySelfSigned(envelope, sender, hello.identityKey());
    VerifiedReport report = verifier.verify(hello.evidence());
    validator.validate(report, ReportExpectations.reportData(ReportDataBinding.party(
        proposal.sessionId().bytes(), sender, hello.identityKey(), hello.hpkeKey(), policyPin)));
    return new PeerHello(sender, checked.envelope(), hello, report, hardwareId(report),
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
   * The hello round's public check, once its echoes agree (every party holds the same hellos):
   * every peer runs this proposal; slot pins hold; the hardware is known unless every slot is
   * pinned; no two parties share hardware.
   *
   * @throws SessionFault proofs naming the parties whose hellos break a hardware rule; or this
   *     party's report of the peers that run another proposal
   */
  void checkRound(SortedMap<PartyId, VerifiedEnvelope> received) throws SessionFault {
    List<Complaint> proofs = new ArrayList<>();
    for (PeerHello peer : hellos.values()) {
      Optional<CeremonyLimits.SlotPin> pin = limits.slotPin(peer.party());
      if (pin.isPresent() && !pin.get().matches(peer.hardwareId(), peer.hostData())) {
        proofs.add(Complaint.proof(ErrorCode.CEREMONY_CHIP_MISMATCH, peer.party(), HELLO,
            List.of(peer.envelope()), peer.party() + " is not on the hardware its slot is pinned"
                + " to (" + pin.get() + ")"));
      } else if (peer.hardwareId() == null && !limits.pinsEverySlot(proposal.partyIds())) {
        proofs.add(Complaint.proof(ErrorCode.CEREMONY_CHIP_UNVERIFIABLE, peer.party(), HELLO,
            List.of(peer.envelope()), peer.party() + "'s report is VLEK-signed with CHIP_ID masked,"
                + " so nothing tells its chip apart, and not every slot is pinned"));
      }
    }
    if (requireDistinctChips) {
      Map<String, List<PeerHello>> byChip = new LinkedHashMap<>();
      for (PeerHello peer : hellos.values()) {
        if (peer.hardwareId() != null) {
          byChip.computeIfAbsent(HexFormat.of().formatHex(peer.hardwareId()),
              c -> new ArrayList<>()).add(peer);
        }
      }
      for (List<PeerHello> sharing : byChip.values()) {
        if (sharing.size() > 1) {
          List<Envelope> shown = sharing.stream().map(PeerHello::envelope).toList();
          List<PartyId> parties = sharing.stream().map(PeerHello::party).toList();
          for (PeerHello peer : sharing) {
            proofs.add(Complaint.proof(ErrorCode.CEREMONY_DUPLICATE_CHIP, peer.party(), HELLO,
                shown, "parties " + parties + " run on one chip"));
          }
        }
      }
    }
    if (!proofs.isEmpty()) {
      throw new SessionFault(proofs, null);
    }
    TreeSet<PartyId> otherProposal = new TreeSet<>();
    for (VerifiedEnvelope envelope : received.values()) {
      PeerHello peer = requireNonNull(hellos.get(envelope.sender()), "admitted hello");
      if (!MessageDigest.isEqual(peer.hello().proposalHash(), proposal.hash())) {
        otherProposal.add(peer.party());
      }
    }
    if (!otherProposal.isEmpty()) {
      throw new SessionFault(Complaint.report(ErrorCode.CEREMONY_PROPOSAL_MISMATCH,
          List.copyOf(otherProposal), HELLO, List.of(), "parties " + otherProposal
              + " run another proposal than " + self + "'s " + proposal.hashHex()));
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

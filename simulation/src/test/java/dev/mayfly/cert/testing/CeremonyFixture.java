package dev.mayfly.cert.testing;

import dev.mayfly.approval.ApprovalPolicy;
import dev.mayfly.approval.ApprovalSigner;
import dev.mayfly.approval.ApprovalStatement;
import dev.mayfly.approval.ApprovedQuorum;
import dev.mayfly.approval.ApproverSet;
import dev.mayfly.approval.keys.ApproverSigningKey;
import dev.mayfly.approval.keys.KeyAlgorithm;
import dev.mayfly.cert.bundle.SigstoreBundle;
import dev.mayfly.cert.bundle.SigstoreBundles;
import dev.mayfly.cert.bundle.TrustedRoot;
import dev.mayfly.cert.evidence.CompletionEvidence;
import dev.mayfly.cert.evidence.DestructionReceipt;
import dev.mayfly.cert.evidence.EvidenceDocument;
import dev.mayfly.cert.evidence.PartyEvidence;
import dev.mayfly.cert.evidence.ReportDataBinding;
import dev.mayfly.cert.evidence.SessionEvidence;
import dev.mayfly.cert.internal.Crypto;
import dev.mayfly.cert.mint.CertificateMinter;
import dev.mayfly.cert.mint.CertificateProfile;
import dev.mayfly.cert.mint.GroupKeyAlgorithm;
import dev.mayfly.cert.mint.MintedCertificate;
import dev.mayfly.cert.mint.SigningFunction;
import dev.mayfly.cert.tsa.TimestampVerifier;
import dev.mayfly.cert.tsa.Timestamper;
import dev.mayfly.cert.tsa.VerifiedTimestamp;
import dev.mayfly.common.MayflyException;
import dev.mayfly.common.PartyId;
import dev.mayfly.simulation.cert.TestCertificateAuthority;
import dev.mayfly.simulation.cert.TestTimestampAuthority;
import dev.mayfly.simulation.snp.SimulatedAuthority;
import dev.mayfly.simulation.snp.SimulatedChip;
import dev.mayfly.simulation.snp.SimulatedEvidenceProvider;
import dev.mayfly.snp.abi.Product;
import dev.mayfly.snp.abi.TcbVersion;
import dev.mayfly.snp.evidence.Evidence;
import dev.mayfly.snp.validate.TeePolicy;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;

/**
 * Runs the minting and bundling half of a ceremony in one process, with simulated SEV-SNP
 * evidence, real approvals, a test CA and a test TSA, so that verifier tests start from genuine
 * output. Knobs make one thing wrong at a time. Not thread-safe; one instance per test.
 */
public final class CeremonyFixture {
  /** The measurement every honest simulated party reports. */
  public static final byte[] MEASUREMENT = filled(48, 0x5A);

  private static final SimulatedAuthority AUTHORITY = SimulatedAuthority.generate(Product.GENOA);
  private static final List<SimulatedChip> CHIPS = List.of(
      AUTHORITY.newChip(filled(64, 1), TcbVersion.of(3, 0, 8, 115)),
      AUTHORITY.newChip(filled(64, 2), TcbVersion.of(3, 0, 8, 115)),
      AUTHORITY.newChip(filled(64, 3), TcbVersion.of(3, 0, 8, 115)));
  private static final TestCertificateAuthority CA = TestCertificateAuthority.generate();

  private final Random random;
  /** Start of the session: a minute ago, whole seconds. */
  public final Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(60);

  public GroupKeyAlgorithm algorithm = GroupKeyAlgorithm.ED25519;
  public SigningFunction signer;
  public boolean caIssued;
  public boolean simulatedLabel = true;
  public boolean timestamp = true;
  /** Whether the completion part records the TSA chain. */
  public boolean recordTsaChain;
  /** Offset of the TSA's clock from {@link #start}. */
  public Duration timestampOffset = Duration.ofSeconds(30);
  public int approvals = 2;
  public boolean expiredApprovals;
  public byte[] approvalsDigestOverride;
  public byte[] sessionId;
  /** Party whose hello report binds a wrong HPKE key, or 0. */
  public int wrongReportDataParty;
  /** Party whose hello report comes with another measurement, or 0. */
  public int wrongMeasurementParty;
  /** Party that runs on party 1's chip, or 0. */
  public int sameChipParty;
  /** Party whose destruction receipt binds another transcript, or 0. */
  public int wrongReceiptParty;
  /** Party without a destruction receipt, or 0. */
  public int missingReceiptParty;
  /** Applied to the session part before the document is written (after minting). */
  public UnaryOperator<SessionEvidence> sessionAfterMinting = UnaryOperator.identity();

  public final TestTimestampAuthority tsa;
  private final SettableClock tsaClock = new SettableClock(Instant.now());
  public final TeePolicy teePolicy = TeePolicy.builder().products(List.of(Product.GENOA))
      .allowMeasurement(MEASUREMENT).build();
  public final ApprovalPolicy approvalPolicy;
  private final List<ApproverSigningKey> approvers = new ArrayList<>();

  public final byte[] artifact;
  public String artifactName = "app.bin";

  // Outputs of run().
  public MintedCertificate minted;
  public SigstoreBundle bundle;
  public EvidenceDocument evidence;
  public byte[] artifactSignature;

  /** A fixture seeded with {@code seed}. */
  public CeremonyFixture(long seed) {
    random = new Random(seed);
    sessionId = bytes(32);
    artifact = ("artifact of seed " + seed + "\n").getBytes(StandardCharsets.UTF_8);
    ApproverSet.Builder set = ApproverSet.builder();
    for (int i = 1; i <= 3; i++) {
      ApproverSigningKey key = ApproverSigningKey.generate(KeyAlgorithm.ED25519);
      approvers.add(key);
      set.approver("approver" + i, key.publicKey());
    }
    approvalPolicy = ApprovalPolicy.builder().approvers(set.build()).quorum(2).build();
    tsa = TestTimestampAuthority.generate(tsaClock, start.minus(Duration.ofDays(1)),
        start.plus(Duration.ofDays(30)));
  }

  /** The test CA all fixtures share. */
  public static TestCertificateAuthority ca() {
    return CA;
  }

  /** The trusted root with the test CA and this fixture's TSA. */
  public TrustedRoot trustedRoot() {
    return TrustedRoot.of(List.of(List.of(CA.rootCertificate())), List.of(tsa.chain()));
  }

  /** Runs minting, signing, timestamping and bundling. */
  public CeremonyFixture run() throws MayflyException {
    if (signer == null) {
      signer = PlainSigner.of(algorithm);
    }
    byte[] artifactSha256 = Crypto.sha256(artifact);
    byte[] policyHash = teePolicy.hash();
    List<byte[]> envelopes = new ArrayList<>();
    Instant notAfter = expiredApprovals ? start.minusSeconds(60) : start.plus(Duration.ofHours(1));
    for (int i = 0; i < approvals; i++) {
      envelopes.add(ApprovalSigner.create(approvers.get(i)).sign(ApprovalStatement.builder()
          .artifact(artifactName, artifactSha256).approverId("approver" + (i + 1))
          .changeRef("CHG-" + i).teePolicyHash(policyHash)
          .validity(start.minus(Duration.ofHours(1)), notAfter).build()).toJsonBytes());
    }
    List<PartyEvidence> parties = new ArrayList<>();
    List<SimulatedEvidenceProvider> providers = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      PartyId id = PartyId.of(i);
      byte[] identity = bytes(32);
      byte[] hpke = bytes(32);
      byte[] bound = ReportDataBinding.party(sessionId, id, identity,
          i == wrongReportDataParty ? bytes(32) : hpke, policyHash);
      SimulatedEvidenceProvider provider = SimulatedEvidenceProvider.builder(
          CHIPS.get(i == sameChipParty ? 0 : i - 1))
          .measurement(i == wrongMeasurementParty ? filled(48, 0x66) : MEASUREMENT).build();
      providers.add(provider);
      parties.add(PartyEvidence.of(id, identity, hpke, provider.getEvidence(bound)));
    }
    SessionEvidence session = SessionEvidence.builder()
        .simulated(simulatedLabel)
        .sessionId(sessionId)
        .algorithm(algorithm)
        .threshold(2)
        .startTime(start)
        .artifact(artifactName, artifactSha256)
        .teePolicy(teePolicy.toJson().getBytes(StandardCharsets.UTF_8), policyHash)
        .approvalPolicy(approvalPolicy.toJsonBytes())
        .approvals(envelopes)
        .parties(parties)
        .build();
    CertificateProfile profile = CertificateProfile.builder()
        .sessionId(sessionId).startTime(start).groupKey(signer.groupPublicKey())
        .teePolicyHash(policyHash).evidenceDigest(session.digest())
        .approvalsDigest(approvalsDigestOverride != null ? approvalsDigestOverride
            : ApprovedQuorum.approvalsDigestOf(envelopes))
        .threshold(2, 3).simulated(simulatedLabel).build();
    minted = (caIssued ? CertificateMinter.caIssued(CA) : CertificateMinter.selfAttested())
        .mint(profile, signer);

    artifactSignature = signer.sign(artifact);
    byte[] bundleSignature;
    byte[] statement = null;
    if (algorithm == GroupKeyAlgorithm.ED25519) {
      statement = SigstoreBundles.artifactStatement(artifactName, artifactSha256, sessionId);
      bundleSignature = signer.sign(SigstoreBundles.statementPreAuthEncoding(statement));
    } else {
      bundleSignature = artifactSignature;
    }
    List<byte[]> stamps = new ArrayList<>();
    if (timestamp) {
      tsaClock.set(start.plus(timestampOffset));
      VerifiedTimestamp stamp = Timestamper.create(tsa, TimestampVerifier.create(tsa.chain()))
          .timestamp(bundleSignature);
      stamps.add(stamp.response());
    }
    bundle = statement != null
        ? SigstoreBundle.dsseEnvelope(minted.leaf(), "application/vnd.in-toto+json", statement,
            bundleSignature, stamps)
        : SigstoreBundle.messageSignature(minted.leaf(), artifactSha256, bundleSignature, stamps);

    byte[] transcript = bytes(32);
    List<DestructionReceipt> receipts = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      if (i == missingReceiptParty) {
        continue;
      }
      byte[] bound = ReportDataBinding.destroyed(sessionId, PartyId.of(i),
          i == wrongReceiptParty ? bytes(32) : transcript);
      receipts.add(DestructionReceipt.of(PartyId.of(i),
          providers.get(i - 1).getEvidence(bound)));
    }
    List<byte[]> tsaChain = new ArrayList<>();
    if (recordTsaChain) {
      for (java.security.cert.X509Certificate certificate : tsa.chain()) {
        try {
          tsaChain.add(certificate.getEncoded());
        } catch (java.security.cert.CertificateEncodingException e) {
          throw new IllegalStateException(e);
        }
      }
    }
    evidence = EvidenceDocument.of(sessionAfterMinting.apply(session),
        CompletionEvidence.of(transcript, receipts, artifactSignature, tsaChain));
    return this;
  }

  /** {@code n} seeded random bytes. */
  public byte[] bytes(int n) {
    byte[] out = new byte[n];
    random.nextBytes(out);
    return out;
  }

  private static byte[] filled(int n, int value) {
    byte[] out = new byte[n];
    java.util.Arrays.fill(out, (byte) value);
    return out;
  }

  /** The bundle's JSON. */
  public byte[] bundleJson() {
    return bundle.toJsonBytes();
  }

  /** The evidence document's JSON. */
  public byte[] evidenceJson() {
    return evidence.toJsonBytes();
  }

  /** A fixed clock at {@code start + offset}. */
  public Clock clockAt(Duration offset) {
    return Clock.fixed(start.plus(offset), ZoneOffset.UTC);
  }
}

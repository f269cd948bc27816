package dev.mayfly.ceremony;

import static java.util.Objects.requireNonNull;

import dev.mayfly.approval.ApprovalPolicy;
import dev.mayfly.approval.ApprovalSigner;
import dev.mayfly.approval.ApprovalStatement;
import dev.mayfly.approval.ApproverSet;
import dev.mayfly.approval.keys.ApproverSigningKey;
import dev.mayfly.approval.keys.KeyAlgorithm;
import dev.mayfly.ceremony.internal.EngineAccess;
import dev.mayfly.ceremony.internal.Messages;
import dev.mayfly.ceremony.internal.SessionHooks;
import dev.mayfly.cert.mint.GroupKeyAlgorithm;
import dev.mayfly.cert.mint.IssuanceMode;
import dev.mayfly.common.PartyId;
import dev.mayfly.simulation.ceremony.LocalCeremony;
import dev.mayfly.simulation.snp.SimulatedAuthority;
import dev.mayfly.simulation.snp.SimulatedChip;
import dev.mayfly.simulation.snp.SimulatedEvidenceProvider;
import dev.mayfly.snp.abi.Product;
import dev.mayfly.snp.abi.TcbVersion;
import dev.mayfly.snp.validate.TeePolicy;
import dev.mayfly.snp.verify.SnpVerifyOptions;
import dev.mayfly.transport.Envelope;
import dev.mayfly.transport.ForwardingTransport;
import dev.mayfly.transport.Frame;
import dev.mayfly.transport.IdentityKeyPair;
import dev.mayfly.transport.RoundTag;
import dev.mayfly.transport.SessionId;
import dev.mayfly.transport.Transport;
import dev.mayfly.transport.TransportException;
import dev.mayfly.transport.memory.FaultPlan;
import dev.mayfly.transport.memory.InMemoryNetwork;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

/**
 * A review harness: every party of a ceremony in one JVM (as {@link LocalCeremony}), but one party
 * is a <b>rogue</b> the test controls completely. The rogue runs the ordinary {@link
 * CeremonyParty} code, and the test additionally holds its session identity key and its evidence
 * provider, sees every envelope it receives and sends, decides per recipient what of its own
 * traffic goes out ({@link Outbound}), and may sign and inject anything in its name at any time
 * (a {@link Script} runs on its own thread beside the parties). This is exactly the power of a
 * malicious party with root in its own confidential VM: its keys, its reports, its network
 * interface.
 *
 * <p>Tests only (review of issue 10).
 */
final class RogueHarness {
  /** Decides what the rogue sends to one recipient: forward it, change it, or drop it. */
  @FunctionalInterface
  interface Outbound {
    Outbound FORWARD = (envelope, to, ctx) -> ctx.deliver(to, envelope);

    void send(Envelope envelope, PartyId to, Ctx ctx) throws Exception;
  }

  /** Runs beside the parties, with the rogue's powers. */
  @FunctionalInterface
  interface Script {
    void run(Ctx ctx) throws Exception;
  }

  /** What the rogue and its script can use. */
  static final class Ctx {
    final InMemoryNetwork network;
    final SessionProposal proposal;
    final PartyId rogue;
    final SimulatedEvidenceProvider evidence;
    final AtomicReference<IdentityKeyPair> key = new AtomicReference<>();
    final List<Envelope> received = new CopyOnWriteArrayList<>();
    final List<Envelope> sent = new CopyOnWriteArrayList<>();
    final AtomicLong sequence = new AtomicLong(1L << 40);
    final List<String> log = new CopyOnWriteArrayList<>();

    Ctx(InMemoryNetwork network, SessionProposal proposal, PartyId rogue,
        SimulatedEvidenceProvider evidence) {
      this.network = network;
      this.proposal = proposal;
      this.rogue = rogue;
      this.evidence = evidence;
    }

    /** Delivers {@code envelope}'s bytes to {@code to} as the rogue. */
    void deliver(PartyId to, Envelope envelope) {
      network.inject(rogue, to, envelope.encode());
    }

    /** An envelope builder in the rogue's name with a fresh sequence number. */
    Envelope.Builder envelope(RoundTag tag) {
      return Envelope.builder().sessionId(proposal.sessionId()).tag(tag).sender(rogue)
          .broadcast().sequence(sequence.getAndIncrement())
          .policyHash(proposal.teePolicyHash());
    }

    IdentityKeyPair key() {
      return requireNonNull(key.get(), "the rogue's key is not made yet");
    }

    /** The rogue's own hello, once it sent it (or sealed it). */
    Envelope ownHello() {
      return await(() -> sent.stream().filter(e -> e.tag().equals(RoundPlan.HELLO)).findFirst(),
          Duration.ofSeconds(10)).orElseThrow();
    }

    /** Waits until {@code found} finds something, at most {@code timeout}. */
    static <T> Optional<T> await(java.util.function.Supplier<Optional<T>> found,
        Duration timeout) {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (System.nanoTime() < deadline) {
        Optional<T> value = found.get();
        if (value.isPresent()) {
          return value;
        }
        try {
          Thread.sleep(5);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return Optional.empty();
        }
      }
      return found.get();
    }

    /** The envelopes the rogue received that match {@code filter}. */
    List<Envelope> receivedWhere(Predicate<Envelope> filter) {
      return received.stream().filter(filter).toList();
    }

    /** A party's hello payload as the rogue received it. */
    Messages.Hello helloOf(PartyId party) throws Exception {
      Envelope hello = await(() -> received.stream().filter(e -> e.tag().equals(RoundPlan.HELLO)
          && e.sender().equals(party)).findFirst(), Duration.ofSeconds(10)).orElseThrow();
      return Messages.parseHello(hello.payload());
    }
  }

  /** What every party ended with. */
  static final class Outcome {
    final Map<PartyId, PartyResult> results = new TreeMap<>();
    final Map<PartyId, CeremonyException> aborts = new TreeMap<>();
    final Map<PartyId, Throwable> unexpected = new TreeMap<>();
    final Map<PartyId, List<String>> secretsAlive = new TreeMap<>();
    final PartyId rogue;
    final List<PartyId> parties;
    final Ctx ctx;

    Outcome(PartyId rogue, List<PartyId> parties, Ctx ctx) {
      this.rogue = rogue;
      this.parties = parties;
      this.ctx = ctx;
    }

    List<PartyId> honest() {
      return parties.stream().filter(p -> !p.equals(rogue)).toList();
    }

    OutcomeRecord record(PartyId party) {
      CeremonyException abort = aborts.get(party);
      if (abort == null) {
        throw new AssertionError(party + " did not abort: " + this);
      }
      return abort.record();
    }

    @Override
    public String toString() {
      StringBuilder out = new StringBuilder("Outcome[rogue " + rogue);
      for (PartyId party : parties) {
        out.append("\n  ").append(party).append(": ");
        if (results.containsKey(party)) {
          out.append("signed");
        } else if (aborts.containsKey(party)) {
          out.append(aborts.get(party).record());
        } else if (unexpected.containsKey(party)) {
          out.append("UNEXPECTED ").append(unexpected.get(party));
        } else {
          out.append("?");
        }
        out.append(" secretsAlive=").append(secretsAlive.get(party));
      }
      ctx.log.forEach(line -> out.append("\n  log: ").append(line));
      return out.append("]").toString();
    }
  }

  private int parties = 3;
  private int threshold = 2;
  private GroupKeyAlgorithm algorithm = GroupKeyAlgorithm.ED25519;
  // 5 s: in the full build these sessions share two cores with other modules' tests.
  private Duration phaseTimeout = Duration.ofSeconds(5);
  private Duration abortWindow = Duration.ofSeconds(1);
  private PartyId rogue = PartyId.of(3);
  private Outbound outbound = Outbound.FORWARD;
  private Script script = ctx -> { };
  private LocalCeremony.PayloadTamper tamper = LocalCeremony.PayloadTamper.NONE;
  private FaultPlan faults = FaultPlan.none();
  private CeremonyLimits limits = CeremonyLimits.defaults();

  static RogueHarness builder() {
    return new RogueHarness();
  }

  RogueHarness parties(int parties) {
    this.parties = parties;
    return this;
  }

  RogueHarness threshold(int threshold) {
    this.threshold = threshold;
    return this;
  }

  RogueHarness algorithm(GroupKeyAlgorithm algorithm) {
    this.algorithm = algorithm;
    return this;
  }

  RogueHarness phaseTimeout(Duration timeout) {
    this.phaseTimeout = timeout;
    return this;
  }

  RogueHarness abortWindow(Duration window) {
    this.abortWindow = window;
    return this;
  }

  RogueHarness rogue(PartyId rogue) {
    this.rogue = rogue;
    return this;
  }

  RogueHarness outbound(Outbound outbound) {
    this.outbound = outbound;
    return this;
  }

  RogueHarness script(Script script) {
    this.script = script;
    return this;
  }

  /** Rewrites the rogue's payloads before it signs them (as {@link LocalCeremony#tamper}). */
  RogueHarness tamper(LocalCeremony.PayloadTamper tamper) {
    this.tamper = tamper;
    return this;
  }

  /** Network faults (applied to every honest party's sends; the rogue's go through inject). */
  RogueHarness faults(String spec) {
    this.faults = FaultPlan.parse(spec);
    return this;
  }

  RogueHarness limits(CeremonyLimits limits) {
    this.limits = limits;
    return this;
  }

  private static final byte[] SAMPLE = CeremonyTestSupport.SAMPLE;

  Outcome run() throws Exception {
    SecureRandom random = new SecureRandom();
    Instant now = Instant.now();
    Clock clock = Clock.systemUTC();
    TeePolicy policy = TeePolicy.builder().products(List.of(Product.MILAN))
        .allowMeasurement(LocalCeremony.SIMULATED_MEASUREMENT).build();
    List<SimulatedChip> chips = new ArrayList<>();
    try (SimulatedAuthority authority = SimulatedAuthority.generate(Product.MILAN, random, now);
        InMemoryNetwork network = InMemoryNetwork.builder().parties(parties).faults(faults)
            .build()) {
      Map<PartyId, SimulatedEvidenceProvider> providers = new TreeMap<>();
      for (int i = 1; i <= parties; i++) {
        SimulatedChip chip = authority.newChip(chipId(i), TcbVersion.of(3, 0, 8, 115));
        chips.add(chip);
        providers.put(PartyId.of(i), SimulatedEvidenceProvider.builder(chip)
            .measurement(LocalCeremony.SIMULATED_MEASUREMENT).random(random).build());
      }
      SnpVerifyOptions snp = SnpVerifyOptions.builder().clock(clock)
          .allowSimulatedEvidenceInsecure().build();
      ApprovalPolicy approvalPolicy;
      List<byte[]> approvals = new ArrayList<>();
      try (ApproverSigningKey alice = ApproverSigningKey.generate(KeyAlgorithm.ED25519, random);
          ApproverSigningKey bob = ApproverSigningKey.generate(KeyAlgorithm.ED25519, random)) {
        approvalPolicy = ApprovalPolicy.builder().approvers(ApproverSet.builder()
            .approver("alice", alice.publicKey()).approver("bob", bob.publicKey()).build())
            .quorum(2).build();
        approvals.add(approve(alice, "alice", policy.hash(), now, random));
        approvals.add(approve(bob, "bob", policy.hash(), now, random));
      }
      List<PartyInfo> infos = new ArrayList<>();
      for (int i = 1; i <= parties; i++) {
        infos.add(PartyInfo.of(i));
      }
      byte[] sessionId = new byte[SessionId.LENGTH_BYTES];
      random.nextBytes(sessionId);
      SessionProposal proposal = SessionProposal.builder()
          .sessionId(SessionId.create(sessionId)).parties(infos).threshold(threshold)
          .algorithm(algorithm).artifact("sample-artifact.txt", Document.sha256(SAMPLE))
          .artifactMode(ArtifactMode.RAW).teePolicyHash(policy.hash())
          .approvalPolicy(approvalPolicy).approvals(approvals).startTime(now)
          .issuance(IssuanceMode.SELF_ATTESTED).build();
      Ctx ctx = new Ctx(network, proposal, rogue, providers.get(rogue));
      Map<PartyId, CeremonyParty> members = new TreeMap<>();
      for (PartyId id : proposal.partyIds()) {
        Transport transport = network.transport(id);
        if (id.equals(rogue)) {
          transport = new RogueTransport(transport, ctx, outbound);
        }
        CeremonyParty.Builder party = CeremonyParty.builder().proposal(proposal).self(id)
            .transport(transport).teePolicy(policy).approvalPolicy(approvalPolicy)
            .limits(limits).evidenceProvider(providers.get(id))
            .options(CeremonyOptions.builder().phaseTimeouts(phaseTimeout)
                .abortWindow(abortWindow).clock(clock).snpVerifyOptions(snp).build())
            .random(random).artifact(SAMPLE);
        if (id.equals(rogue)) {
          LocalCeremony.PayloadTamper t = tamper;
          EngineAccess.install(party, new SessionHooks() {
            @Override
            public void identityKeyMade(IdentityKeyPair key) {
              ctx.key.set(key);
            }

            @Override
            public byte[] outgoing(RoundTag tag, byte[] payload) {
              return t.tamper(tag, payload);
            }
          });
        }
        members.put(id, party.build());
      }
      Outcome outcome = new Outcome(rogue, proposal.partyIds(), ctx);
      ExecutorService pool = Executors.newFixedThreadPool(parties + 1, runnable -> {
        Thread thread = new Thread(runnable, "review-party");
        thread.setDaemon(true);
        return thread;
      });
      try {
        Map<PartyId, Future<PartyResult>> running = new TreeMap<>();
        members.forEach((id, party) -> running.put(id, pool.submit(party::run)));
        Future<?> scripted = pool.submit(() -> {
          try {
            script.run(ctx);
          } catch (Exception e) {
            ctx.log.add("script failed: " + e);
          }
          return null;
        });
        for (Map.Entry<PartyId, Future<PartyResult>> entry : running.entrySet()) {
          try {
            outcome.results.put(entry.getKey(), entry.getValue().get(120, TimeUnit.SECONDS));
          } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof CeremonyException abort) {
              outcome.aborts.put(entry.getKey(), abort);
            } else {
              outcome.unexpected.put(entry.getKey(), e.getCause());
            }
          }
        }
        scripted.get(30, TimeUnit.SECONDS);
      } finally {
        pool.shutdownNow();
      }
      members.forEach((id, party) -> outcome.secretsAlive.put(id, party.aliveSecretsForTest()));
      return outcome;
    } finally {
      chips.forEach(SimulatedChip::destroy);
    }
  }

  /** The rogue's transport: sees everything, and its own sends go through {@link Outbound}. */
  private static final class RogueTransport extends ForwardingTransport {
    private final Ctx ctx;
    private final Outbound outbound;

    RogueTransport(Transport inner, Ctx ctx, Outbound outbound) {
      super(inner);
      this.ctx = ctx;
      this.outbound = outbound;
    }

    @Override
    public void send(Envelope envelope) throws TransportException {
      ctx.sent.add(envelope);
      out(envelope, envelope.recipient().orElseThrow());
    }

    @Override
    public void broadcast(Envelope envelope) throws TransportException {
      ctx.sent.add(envelope);
      for (PartyId peer : peers()) {
        out(envelope, peer);
      }
    }

    private void out(Envelope envelope, PartyId to) {
      try {
        outbound.send(envelope, to, ctx);
      } catch (Exception e) {
        ctx.log.add("outbound failed: " + e);
      }
    }

    @Override
    public Frame receive(Duration timeout) throws TransportException, InterruptedException {
      Frame frame = super.receive(timeout);
      try {
        ctx.received.add(Envelope.decode(frame.bytes()));
      } catch (TransportException e) {
        // not an envelope
      }
      return frame;
    }
  }

  private static byte[] approve(ApproverSigningKey key, String approver, byte[] policyHash,
      Instant now, SecureRandom random) throws Exception {
    byte[] nonce = new byte[32];
    random.nextBytes(nonce);
    ApprovalStatement statement = ApprovalStatement.builder()
        .artifact("sample-artifact.txt", Document.sha256(SAMPLE))
        .approverId(approver)
        .changeRef("review://rogue-harness")
        .teePolicyHash(policyHash)
        .validity(now.minus(Duration.ofHours(3)), now.plus(Duration.ofHours(1)))
        .nonce(nonce)
        .build();
    return ApprovalSigner.create(key).sign(statement).toJsonBytes();
  }

  static byte[] chipId(int owner) {
    try {
      byte[] chip = MessageDigest.getInstance("SHA-384").digest(
          ("mayfly/v1/simulated-chip/" + owner).getBytes(StandardCharsets.UTF_8));
      byte[] id = new byte[64];
      System.arraycopy(chip, 0, id, 0, chip.length);
      System.arraycopy(chip, 0, id, chip.length, 64 - chip.length);
      return id;
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

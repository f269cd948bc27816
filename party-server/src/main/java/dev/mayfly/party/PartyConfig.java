package dev.mayfly.party;

import static java.util.Objects.requireNonNull;

import dev.mayfly.approval.ApprovalException;
import dev.mayfly.approval.ApprovalPolicy;
import dev.mayfly.ceremony.CeremonyLimits;
import dev.mayfly.cert.mint.GroupKeyAlgorithm;
import dev.mayfly.common.PartyId;
import dev.mayfly.party.internal.ConfigJson;
import dev.mayfly.snp.AttestationException;
import dev.mayfly.snp.validate.TeePolicy;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The configuration of one party process ({@code mayfly party serve --config FILE}), read strictly
 * from a JSON file documented key by key in docs/deployment.md: party id, listen addresses, peers,
 * the party-side pins (TEE policy, approval policy, ceremony limits), the evidence provider and the
 * deadlines. Unknown and duplicate keys are refused and every error names its key ({@link
 * ConfigException}, {@code CONFIG_INVALID}).
 *
 * <p>Immutable.
 *
 * @since 0.1.0
 */
public final class PartyConfig {
  /** The only format version. */
  public static final int VERSION = 1;

  /** Where a party's own attestation reports come from. */
  public enum EvidenceSource {
    /** Linux configfs-tsm on an SEV-SNP guest ({@code /sys/kernel/config/tsm/report}). */
    CONFIGFS_TSM,
    /**
     * A simulated chip under a simulated authority read from a file shared by the deployment's
     * processes. Proves nothing about hardware: demos and tests only.
     */
    SIMULATED_INSECURE
  }

  private final Path file;
  private final PartyId self;
  private final String name;
  private final InetSocketAddress listen;
  private final InetSocketAddress clientListen;
  private final Map<PartyId, InetSocketAddress> peers;
  private final TeePolicy teePolicy;
  private final ApprovalPolicy approvalPolicy;
  private final CeremonyLimits limits;
  private final EvidenceSource evidenceSource;
  private final Path configfsRoot;
  private final Path simulatedAuthorityFile;
  private final byte[] simulatedMeasurement;
  private final Duration phaseTimeout;
  private final Duration abortWindow;
  private final Duration clockSkew;
  private final Duration shutdownGrace;
  private final Duration callTimeout;
  private final int maxSessions;

  private PartyConfig(Path file, PartyId self, String name, InetSocketAddress listen,
      InetSocketAddress clientListen, Map<PartyId, InetSocketAddress> peers, TeePolicy teePolicy,
      ApprovalPolicy approvalPolicy, CeremonyLimits limits, EvidenceSource evidenceSource,
      Path configfsRoot, Path simulatedAuthorityFile, byte[] simulatedMeasurement,
      Duration phaseTimeout, Duration abortWindow, Duration clockSkew, Duration shutdownGrace,
      Duration callTimeout, int maxSessions) {
    this.file = file;
    this.self = self;
    this.name = name;
    this.listen = listen;
    this.clientListen = clientListen;
    this.peers = Collections.unmodifiableMap(new TreeMap<>(peers));
    this.teePolicy = teePolicy;
    this.approvalPolicy = approvalPolicy;
    this.limits = limits;
    this.evidenceSource = evidenceSource;
    this.configfsRoot = configfsRoot;
    this.simulatedAuthorityFile = simulatedAuthorityFile;
    this.simulatedMeasurement = simulatedMeasurement;
    this.phaseTimeout = phaseTimeout;
    this.abortWindow = abortWindow;
    this.clockSkew = clockSkew;
    this.shutdownGrace = shutdownGrace;
    this.callTimeout = callTimeout;
    this.maxSessions = maxSessions;
  }

  /**
   * Reads and checks {@code file}; files it names (policies, the simulated authority) are resolved
   * against its folder and read now.
   *
   * @throws ConfigException {@code CONFIG_INVALID} naming the key
   */
  public static PartyConfig read(Path file) throws ConfigException {
    requireNonNull(file, "file");
    return from(file, ConfigJson.read(file));
  }

  /** Parses {@code bytes} as if read from {@code file} (for the decoder's fuzz target). */
  static PartyConfig parse(byte[] bytes, Path file) throws ConfigException {
    return from(file, ConfigJson.parse(bytes, file.toString(), file.toAbsolutePath().getParent()));
  }

  private static PartyConfig from(Path file, ConfigJson.Obj root) throws ConfigException {
    root.integer("version", VERSION, VERSION);
    ConfigJson.Obj party = root.object("party");
    PartyId self = PartyId.of(party.integer("id", 1, PartyId.MAX));
    String name = party.optString("name").orElse("party-" + self.value());
    party.done();
    InetSocketAddress listen = resolved(root, "listen");
    InetSocketAddress clientListen = resolved(root, "clientListen");
    Map<PartyId, InetSocketAddress> peers = new TreeMap<>();
    for (ConfigJson.Obj peer : root.objects("peers", 1, 254)) {
      PartyId id = PartyId.of(peer.integer("id", 1, PartyId.MAX));
      if (id.equals(self)) {
        throw peer.error("id", "is this party's own id");
      }
      if (peers.put(id, peer.address("address", false)) != null) {
        throw peer.error("id", id + " is listed twice");
      }
      peer.done();
    }
    TeePolicy teePolicy = teePolicy(root);
    ApprovalPolicy approvalPolicy = approvalPolicy(root);
    CeremonyLimits limits = limits(root.optObject("limits"), peers.size() + 1);

    ConfigJson.Obj evidence = root.object("evidence");
    String provider = evidence.string("provider");
    EvidenceSource source;
    Path configfsRoot = Path.of("/sys/kernel/config/tsm/report");
    Path authorityFile = Path.of("");
    byte[] measurement = new byte[0];
    switch (provider) {
      case "configfs-tsm" -> {
        source = EvidenceSource.CONFIGFS_TSM;
        if (evidence.has("configfsRoot")) {
          configfsRoot = evidence.path("configfsRoot", true);
        }
      }
      case "simulated-insecure" -> {
        source = EvidenceSource.SIMULATED_INSECURE;
        authorityFile = evidence.path("simulatedAuthorityFileInsecure", true);
        Optional<byte[]> given = evidence.optHex("measurement", 48);
        if (given.isPresent()) {
          measurement = given.get();
        } else if (teePolicy.measurements().size() == 1) {
          measurement = teePolicy.measurements().get(0);
        } else {
          throw evidence.error("measurement", "is required when the TEE policy does not allow"
              + " exactly one measurement");
        }
      }
      default -> throw evidence.error("provider",
          "must be configfs-tsm or simulated-insecure, got '" + provider + "'");
    }
    evidence.done();

    ConfigJson.Obj deadlines = root.optObject("deadlines").orElse(null);
    Duration phase = seconds(deadlines, "phaseTimeoutSeconds", 60, 1, 3600);
    Duration abort = seconds(deadlines, "abortWindowSeconds", 10, 1, 600);
    Duration skew = seconds(deadlines, "clockSkewSeconds", 60, 0, 600);
    Duration grace = seconds(deadlines, "shutdownGraceSeconds", 30, 0, 3600);
    Duration call = seconds(deadlines, "callTimeoutSeconds", 5, 1, 600);
    if (deadlines != null) {
      deadlines.done();
    }
    int maxSessions = root.optInteger("maxConcurrentSessions", 1, 1024).orElse(32);
    root.done();
    return new PartyConfig(file, self, name, listen, clientListen, peers, teePolicy,
        approvalPolicy, limits, source, configfsRoot, authorityFile, measurement, phase, abort,
        skew, grace, call, maxSessions);
  }

  private static InetSocketAddress resolved(ConfigJson.Obj root, String key)
      throws ConfigException {
    InetSocketAddress address = root.address(key, true);
    InetSocketAddress bound = new InetSocketAddress(address.getHostString(), address.getPort());
    if (bound.isUnresolved()) {
      throw root.error(key, "host " + address.getHostString() + " does not resolve");
    }
    return bound;
  }

  /** Reads {@code approvalPolicy} (a file). */
  static ApprovalPolicy approvalPolicy(ConfigJson.Obj root) throws ConfigException {
    try {
      return ApprovalPolicy.parseJson(root.fileBytes("approvalPolicy"));
    } catch (ApprovalException e) {
      throw root.error("approvalPolicy", "is not an approval policy: " + e.getMessage(), e);
    }
  }

  /** Reads {@code teePolicy} (a file) and checks the optional {@code teePolicyHash} against it. */
  static TeePolicy teePolicy(ConfigJson.Obj root) throws ConfigException {
    TeePolicy policy;
    try {
      policy = TeePolicy.parseJson(new String(root.fileBytes("teePolicy"),
          StandardCharsets.UTF_8));
    } catch (AttestationException e) {
      throw root.error("teePolicy", "is not a TEE policy document: " + e.getMessage(), e);
    }
    Optional<byte[]> hash = root.optHex("teePolicyHash", 32);
    if (hash.isPresent() && !MessageDigest.isEqual(hash.get(), policy.hash())) {
      throw root.error("teePolicyHash", "is not the hash of the teePolicy file ("
          + policy.hashHex() + ")");
    }
    return policy;
  }

  private static CeremonyLimits limits(Optional<ConfigJson.Obj> given, int parties)
      throws ConfigException {
    CeremonyLimits.Builder limits = CeremonyLimits.builder();
    if (given.isEmpty()) {
      return limits.build();
    }
    ConfigJson.Obj obj = given.get();
    int maxParties = obj.optInteger("maxParties", 2, 255).orElse(CeremonyLimits.DEFAULT_MAX_PARTIES);
    limits.maxParties(maxParties);
    int minThreshold = obj.optInteger("minThreshold", 2, 255).orElse(2);
    if (minThreshold > maxParties) {
      throw obj.error("minThreshold", "is above maxParties " + maxParties);
    }
    limits.minThreshold(minThreshold);
    Optional<List<String>> algorithms = obj.optStrings("algorithms", 1, 2);
    if (algorithms.isPresent()) {
      Set<GroupKeyAlgorithm> allowed = EnumSet.noneOf(GroupKeyAlgorithm.class);
      for (String id : algorithms.get()) {
        try {
          allowed.add(GroupKeyAlgorithm.fromId(id));
        } catch (IllegalArgumentException e) {
          throw obj.error("algorithms", "must list ed25519 and/or ecdsa-p256, got '" + id + "'");
        }
      }
      limits.allowedAlgorithms(allowed);
    }
    Optional<ConfigJson.Obj> chips = obj.optObject("chipIds");
    if (chips.isPresent()) {
      ConfigJson.Obj pins = chips.get();
      for (int id = 1; id <= PartyId.MAX && id <= 255; id++) {
        String key = Integer.toString(id);
        if (pins.has(key)) {
          limits.pinChip(PartyId.of(id), pins.optHex(key, 64).orElseThrow());
        }
      }
      pins.done();
    }
    obj.done();
    return limits.build();
  }

  private static Duration seconds(ConfigJson.Obj obj, String key, int defaultSeconds, int min,
      int max) throws ConfigException {
    if (obj == null) {
      return Duration.ofSeconds(defaultSeconds);
    }
    return Duration.ofSeconds(obj.optInteger(key, min, max).orElse(defaultSeconds));
  }

  /** The file this was read from. */
  public Path file() {
    return file;
  }

  /** This party's id. */
  public PartyId self() {
    return self;
  }

  /** This party's display name (default {@code party-N}). */
  public String name() {
    return name;
  }

  /** Where the server for the peers listens (attested mutual TLS). */
  public InetSocketAddress listen() {
    return listen;
  }

  /** Where the server for the signing client listens (server-only attested TLS). */
  public InetSocketAddress clientListen() {
    return clientListen;
  }

  /** The peers and the addresses of their servers, ascending. */
  public Map<PartyId, InetSocketAddress> peers() {
    return peers;
  }

  /** Pin: the TEE policy. */
  public TeePolicy teePolicy() {
    return teePolicy;
  }

  /** Pin: the approval policy. */
  public ApprovalPolicy approvalPolicy() {
    return approvalPolicy;
  }

  /** Pin: the ceremony limits. */
  public CeremonyLimits limits() {
    return limits;
  }

  public EvidenceSource evidenceSource() {
    return evidenceSource;
  }

  /** The configfs-tsm report folder, for {@link EvidenceSource#CONFIGFS_TSM}. */
  public Path configfsRoot() {
    return configfsRoot;
  }

  /** The shared simulated authority, for {@link EvidenceSource#SIMULATED_INSECURE}. */
  public Path simulatedAuthorityFile() {
    return simulatedAuthorityFile;
  }

  /** The measurement simulated reports carry, for {@link EvidenceSource#SIMULATED_INSECURE}. */
  public byte[] simulatedMeasurement() {
    return simulatedMeasurement.clone();
  }

  /** The deadline of each ceremony phase; default 60 s. */
  public Duration phaseTimeout() {
    return phaseTimeout;
  }

  /** How long an aborting party collects announcements; default 10 s. */
  public Duration abortWindow() {
    return abortWindow;
  }

  /** Tolerated distance between the proposal's start time and the local clock; default 60 s. */
  public Duration clockSkew() {
    return clockSkew;
  }

  /** How long a stopping server lets sessions in flight finish before aborting them; 30 s. */
  public Duration shutdownGrace() {
    return shutdownGrace;
  }

  /**
   * The deadline of every call to a peer (one envelope); default 5 s. A send to a peer that is
   * down waits this long before it counts as lost, so it should stay well below the phase timeout.
   */
  public Duration callTimeout() {
    return callTimeout;
  }

  /** The most sessions run at once; default 32. */
  public int maxConcurrentSessions() {
    return maxSessions;
  }

  @Override
  public String toString() {
    return "PartyConfig[" + self + " (" + name + "), " + peers.size() + " peers, policy "
        + teePolicy.hashHex().substring(0, 16) + ", " + evidenceSource + "]";
  }
}

package dev.mayfly.party;

import static java.util.Objects.requireNonNull;

import dev.mayfly.approval.ApprovalPolicy;
import dev.mayfly.cert.mint.GroupKeyAlgorithm;
import dev.mayfly.common.PartyId;
import dev.mayfly.party.internal.ConfigJson;
import dev.mayfly.snp.validate.TeePolicy;
import java.io.ByteArrayInputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The configuration of the signing client ({@code mayfly sign --config FILE}), read strictly from
 * a JSON file documented key by key in docs/deployment.md: the parties and their client
 * addresses, threshold and algorithm, the expected TEE policy and approval policy (what the
 * parties and the output must be pinned to), the timestamp authority, deadlines. Unknown and
 * duplicate keys are refused and every error names its key ({@link ConfigException}).
 *
 * <p>Immutable.
 *
 * @since 0.1.0
 */
public final class SignConfig {
  /** The only format version. */
  public static final int VERSION = 1;

  /** A party as the client knows it. */
  public record Party(PartyId id, String name, InetSocketAddress address) {}

  private final Path file;
  private final Map<PartyId, Party> parties;
  private final int threshold;
  private final GroupKeyAlgorithm algorithm;
  private final TeePolicy teePolicy;
  private final ApprovalPolicy approvalPolicy;
  private final @Nullable URI tsaUrl;
  private final List<X509Certificate> tsaChain;
  private final Duration tsaTimeout;
  private final boolean testTsaInsecure;
  private final @Nullable Path simulatedAuthorityFile;
  private final Duration connectTimeout;
  private final Duration sessionTimeout;
  private final Duration certificateValidity;

  private SignConfig(Path file, Map<PartyId, Party> parties, int threshold,
      GroupKeyAlgorithm algorithm, TeePolicy teePolicy, ApprovalPolicy approvalPolicy,
      @Nullable URI tsaUrl, List<X509Certificate> tsaChain, Duration tsaTimeout,
      boolean testTsaInsecure, @Nullable Path simulatedAuthorityFile, Duration connectTimeout,
      Duration sessionTimeout, Duration certificateValidity) {
    this.file = file;
    this.parties = Collections.unmodifiableMap(new LinkedHashMap<>(parties));
    this.threshold = threshold;
    this.algorithm = algorithm;
    this.teePolicy = teePolicy;
    this.approvalPolicy = approvalPolicy;
    this.tsaUrl = tsaUrl;
    this.tsaChain = List.copyOf(tsaChain);
    this.tsaTimeout = tsaTimeout;
    this.testTsaInsecure = testTsaInsecure;
    this.simulatedAuthorityFile = simulatedAuthorityFile;
    this.connectTimeout = connectTimeout;
    this.sessionTimeout = sessionTimeout;
    this.certificateValidity = certificateValidity;
  }

  /**
   * Reads and checks {@code file}; files it names are resolved against its folder and read now.
   *
   * @throws ConfigException {@code CONFIG_INVALID} naming the key
   */
  public static SignConfig read(Path file) throws ConfigException {
    requireNonNull(file, "file");
    return from(file, ConfigJson.read(file));
  }

  /** Parses {@code bytes} as if read from {@code file} (for the decoder's fuzz target). */
  static SignConfig parse(byte[] bytes, Path file) throws ConfigException {
    return from(file, ConfigJson.parse(bytes, file.toString(), file.toAbsolutePath().getParent()));
  }

  private static SignConfig from(Path file, ConfigJson.Obj root) throws ConfigException {
    root.integer("version", VERSION, VERSION);
    Map<PartyId, Party> parties = new TreeMap<>();
    for (ConfigJson.Obj party : root.objects("parties", 2, 255)) {
      PartyId id = PartyId.of(party.integer("id", 1, PartyId.MAX));
      String name = party.optString("name").orElse("party-" + id.value());
      if (parties.values().stream().anyMatch(p -> p.name().equals(name))) {
        throw party.error("name", "'" + name + "' is used twice");
      }
      if (parties.put(id, new Party(id, name, party.address("address", false))) != null) {
        throw party.error("id", id + " is listed twice");
      }
      party.done();
    }
    int threshold = root.integer("threshold", 2, parties.size());
    GroupKeyAlgorithm algorithm;
    String algorithmId = root.optString("algorithm").orElse("ed25519");
    try {
      algorithm = GroupKeyAlgorithm.fromId(algorithmId);
    } catch (IllegalArgumentException e) {
      throw root.error("algorithm", "must be ed25519 or ecdsa-p256, got '" + algorithmId + "'");
    }
    TeePolicy teePolicy = PartyConfig.teePolicy(root);
    ApprovalPolicy approvalPolicy = PartyConfig.approvalPolicy(root);
    ConfigJson.Obj tsa = root.object("timestampAuthority");
    URI url = null;
    List<X509Certificate> chain = List.of();
    boolean testTsa = tsa.optBoolean("testAuthorityInsecure").orElse(false);
    Duration tsaTimeout = Duration.ofSeconds(tsa.optInteger("timeoutSeconds", 1, 600).orElse(30));
    if (testTsa) {
      if (tsa.has("url") || tsa.has("certificates")) {
        throw tsa.error("testAuthorityInsecure", "cannot be combined with url or certificates");
      }
    } else {
      String given = tsa.string("url");
      try {
        url = new URI(given);
      } catch (URISyntaxException e) {
        throw tsa.error("url", "is not a URI: " + e.getMessage(), e);
      }
      if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
        throw tsa.error("url", "must be an http or https URL, got '" + given + "'");
      }
      chain = certificates(tsa, "certificates");
    }
    tsa.done();
    Path simulated = null;
    Optional<ConfigJson.Obj> attestation = root.optObject("attestation");
    if (attestation.isPresent()) {
      if (attestation.get().has("simulatedAuthorityFileInsecure")) {
        simulated = attestation.get().path("simulatedAuthorityFileInsecure", true);
      }
      attestation.get().done();
    }
    Optional<ConfigJson.Obj> deadlines = root.optObject("deadlines");
    Duration connect = Duration.ofSeconds(30);
    Duration session = Duration.ofSeconds(600);
    if (deadlines.isPresent()) {
      connect = Duration.ofSeconds(deadlines.get().optInteger("connectTimeoutSeconds", 1, 3600)
          .orElse(30));
      session = Duration.ofSeconds(deadlines.get().optInteger("sessionTimeoutSeconds", 1, 86400)
          .orElse(600));
      deadlines.get().done();
    }
    Duration validity = Duration.ofSeconds(root.optInteger("certificateValiditySeconds", 1,
        24 * 3600).orElse(600));
    root.done();
    return new SignConfig(file, parties, threshold, algorithm, teePolicy, approvalPolicy, url,
        chain, tsaTimeout, testTsa, simulated, connect, session, validity);
  }

  private static List<X509Certificate> certificates(ConfigJson.Obj obj, String key)
      throws ConfigException {
    byte[] pem = obj.fileBytes(key);
    try {
      List<X509Certificate> out = new ArrayList<>();
      for (var cert : CertificateFactory.getInstance("X.509")
          .generateCertificates(new ByteArrayInputStream(pem))) {
        out.add((X509Certificate) cert);
      }
      if (out.isEmpty()) {
        throw obj.error(key, "names a file without certificates");
      }
      return out;
    } catch (CertificateException e) {
      throw obj.error(key, "names a file that is not PEM or DER X.509 certificates: "
          + e.getMessage(), e);
    }
  }

  public Path file() {
    return file;
  }

  /** The parties, ascending by id. */
  public Map<PartyId, Party> parties() {
    return parties;
  }

  public int threshold() {
    return threshold;
  }

  public GroupKeyAlgorithm algorithm() {
    return algorithm;
  }

  /** The TEE policy every party and the output must be pinned to. */
  public TeePolicy teePolicy() {
    return teePolicy;
  }

  /** The approval policy every party and the output must be pinned to. */
  public ApprovalPolicy approvalPolicy() {
    return approvalPolicy;
  }

  /** The RFC 3161 TSA's URL; empty with the test TSA. */
  public Optional<URI> timestampAuthorityUrl() {
    return Optional.ofNullable(tsaUrl);
  }

  /** The TSA's certificate chain, TSA first; empty with the test TSA. */
  public List<X509Certificate> timestampAuthorityChain() {
    return tsaChain;
  }

  public Duration timestampAuthorityTimeout() {
    return tsaTimeout;
  }

  /** Whether the in-process test TSA is used (insecure: its time proves nothing). */
  public boolean testTimestampAuthorityInsecure() {
    return testTsaInsecure;
  }

  /** The simulated authority whose root the parties' simulated evidence must end at, if any. */
  public Optional<Path> simulatedAuthorityFileInsecure() {
    return Optional.ofNullable(simulatedAuthorityFile);
  }

  public Duration connectTimeout() {
    return connectTimeout;
  }

  public Duration sessionTimeout() {
    return sessionTimeout;
  }

  public Duration certificateValidity() {
    return certificateValidity;
  }

  @Override
  public String toString() {
    return "SignConfig[" + threshold + "-of-" + parties.size() + " " + algorithm.id() + ", policy "
        + teePolicy.hashHex().substring(0, 16) + "]";
  }
}

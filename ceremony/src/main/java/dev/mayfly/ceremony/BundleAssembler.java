package dev.mayfly.ceremony;

import static java.util.Objects.requireNonNull;

import dev.mayfly.cert.CertMintingException;
import dev.mayfly.cert.bundle.SigstoreBundle;
import dev.mayfly.cert.bundle.SigstoreBundles;
import dev.mayfly.cert.bundle.TrustedRoot;
import dev.mayfly.cert.evidence.CompletionEvidence;
import dev.mayfly.cert.evidence.EvidenceDocument;
import dev.mayfly.cert.jar.JarSignatureAssembler;
import dev.mayfly.cert.jar.JarSigningParameters;
import dev.mayfly.cert.jar.JarSigningPlan;
import dev.mayfly.cert.mint.CertificateIssuer;
import dev.mayfly.cert.mint.CertificateMinter;
import dev.mayfly.cert.mint.GroupKeyAlgorithm;
import dev.mayfly.cert.mint.GroupPublicKey;
import dev.mayfly.cert.mint.IssuanceMode;
import dev.mayfly.cert.mint.MintedCertificate;
import dev.mayfly.cert.mint.SigningFunction;
import dev.mayfly.cert.tsa.Timestamper;
import dev.mayfly.cert.tsa.VerifiedTimestamp;
import dev.mayfly.common.ArtifactDigest;
import dev.mayfly.common.MayflyException;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;
import org.jspecify.annotations.Nullable;

/**
 * Turns a {@link PartyResult} into the ceremony's output files (DESIGN.md sections 5 and 8): the
 * certificate (self-attested, or issued by a CA from the group-signed request, once per session),
 * then per artifact an RFC 3161 timestamp over its bundle's signature, its Sigstore bundle and raw
 * signature (and, for a JAR the proposal signs in the JAR format, the signed JAR), and the shared
 * evidence document and key (docs/ceremony.md, "Releases").
 *
 * <p>Any party, or the host, may assemble: it needs only public data. The assembler checks what
 * it is given (the signatures verify under the group key, a CA's answer matches the agreed
 * profile, the timestamp covers the signature) and fails with a typed error otherwise.
 *
 * @since 0.1.0
 */
public final class BundleAssembler {
  /**
   * The default base name of the shared files of a session that signed several artifacts.
   *
   * @since 0.2.0
   */
  public static final String DEFAULT_RELEASE_NAME = "release";

  private final Timestamper timestamper;
  private final List<X509Certificate> timestampAuthorityChain;
  private final @Nullable CertificateIssuer issuer;
  private final List<X509Certificate> trustedCaRoots;

  private BundleAssembler(Builder b) {
    this.timestamper = requireNonNull(b.timestamper);
    this.timestampAuthorityChain = List.copyOf(b.timestampAuthorityChain);
    this.issuer = b.issuer;
    this.trustedCaRoots = List.copyOf(b.trustedCaRoots);
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Assembles the output of a one-artifact {@code result}; see {@link #assemble(PartyResult,
   * List, String)}.
   *
   * @param artifactBytes the artifact (its digest must be the proposal's)
   * @throws MayflyException a certificate, issuer or timestamp failure (their module's codes)
   * @throws IllegalArgumentException if the artifact is not the approved one, the session signed
   *     several artifacts, or a CA-issued result is assembled without an issuer
   */
  public CeremonyOutput assemble(PartyResult result, byte[] artifactBytes)
      throws MayflyException {
    requireNonNull(artifactBytes, "artifactBytes");
    return assemble(result, List.of(artifactBytes), DEFAULT_RELEASE_NAME);
  }

  /**
   * Assembles the output of {@code result} with the shared files named {@value
   * #DEFAULT_RELEASE_NAME} when the session signed several artifacts.
   *
   * @since 0.2.0
   */
  public CeremonyOutput assemble(PartyResult result, List<byte[]> artifacts)
      throws MayflyException {
    return assemble(result, artifacts, DEFAULT_RELEASE_NAME);
  }

  /**
   * Assembles the output of {@code result}: one certificate (minted once), then per artifact a
   * Sigstore bundle with its own RFC 3161 timestamp, then the shared evidence document.
   *
   * @param artifacts every artifact's bytes, in the proposal's order (each must have its digest)
   * @param releaseName the base name of the shared files when the session signed several
   *     artifacts (a plain file name); a one-artifact session uses the artifact's file name
   * @throws MayflyException a certificate, issuer or timestamp failure (their module's codes)
   * @throws IllegalArgumentException if the artifacts are not the approved ones, the release name
   *     is not a plain file name, or a CA-issued result is assembled without an issuer
   * @since 0.2.0
   */
  public CeremonyOutput assemble(PartyResult result, List<byte[]> artifacts, String releaseName)
      throws MayflyException {
    requireNonNull(result, "result");
    requireNonNull(artifacts, "artifacts");
    requireNonNull(releaseName, "releaseName");
    SessionProposal proposal = result.proposal();
    List<ArtifactDigest> listed = proposal.artifacts();
    if (artifacts.size() != listed.size()) {
      throw new IllegalArgumentException(artifacts.size() + " artifacts given, the session signed "
          + listed.size());
    }
    for (int i = 0; i < listed.size(); i++) {
      if (!listed.get(i).hasDigest(Document.sha256(artifacts.get(i)))) {
        throw new IllegalArgumentException(listed.size() == 1
            ? "the artifact is not the one the session signed"
            : "the bytes given for " + listed.get(i).name() + " are not the ones the session"
                + " signed");
      }
    }
    if (listed.size() > 1 && !releaseName.equals(baseName(releaseName))) {
      throw new IllegalArgumentException("the release name must be a plain file name, got "
          + releaseName);
    }
    MintedCertificate minted = mint(result);
    X509Certificate leaf = minted.leaf();
    GroupKeyAlgorithm algorithm = result.groupKey().algorithm();
    List<String> baseNames = baseNames(listed);
    String name = listed.size() == 1 ? baseNames.get(0) : releaseName;

    Map<String, byte[]> signatureFiles = new LinkedHashMap<>();
    Map<String, byte[]> bundleFiles = new LinkedHashMap<>();
    Map<String, byte[]> jarFiles = new LinkedHashMap<>();
    List<CeremonyOutput.Entry> entries = new ArrayList<>();
    List<byte[]> rawSignatures = new ArrayList<>();
    for (int i = 0; i < listed.size(); i++) {
      ArtifactSignatures signed = result.artifacts().get(i);
      SigstoreBundle bundle;
      if (algorithm == GroupKeyAlgorithm.ED25519 || signed.statement().isPresent()) {
        // Ed25519 bundles always carry the DSSE statement (DESIGN.md section 5), and so do
        // statement-mode sessions of either algorithm.
        byte[] statementSignature = signed.statementSignature().orElseThrow();
        VerifiedTimestamp timestamp = timestamper.timestamp(statementSignature);
        bundle = SigstoreBundles.dsseStatement(leaf, signed.statement().orElseThrow(),
            statementSignature, timestamp);
      } else {
        VerifiedTimestamp timestamp = timestamper.timestamp(signed.signature());
        bundle = SigstoreBundles.messageSignature(leaf, artifacts.get(i), signed.signature(),
            timestamp);
      }
      if (proposal.artifactMode() == ArtifactMode.RAW) {
        rawSignatures.add(signed.signature());
      }
      String base = baseNames.get(i);
      signatureFiles.put(base + ".sig", signed.signature());
      bundleFiles.put(base + ".sigstore.json", bundle.toJsonBytes());
      String jarName = null;
      Optional<JarSigningParameters> jar = proposal.jarSigningParameters(i);
      if (jar.isPresent()) {
        jarName = signedJarName(base);
        jarFiles.put(jarName, signedJar(minted, jar.get(), listed.get(i).name(),
            artifacts.get(i), signed.jarSignature().orElseThrow()));
      }
      entries.add(new CeremonyOutput.Entry(listed.get(i), base, jarName));
    }
    CompletionEvidence completion = CompletionEvidence.ofRelease(result.transcriptHash(),
        result.receipts(), rawSignatures, encoded(timestampAuthorityChain));
    EvidenceDocument evidence = EvidenceDocument.of(result.sessionEvidence(), completion);

    // In writing order: the signatures, the certificate and key, the bundles, the evidence.
    Map<String, byte[]> files = new LinkedHashMap<>();
    signatureFiles.forEach((file, bytes) -> put(files, file, bytes));
    put(files, name + ".crt.pem", pem("CERTIFICATE", encoded(minted.chain())));
    put(files, name + ".pub.pem",
        pem("PUBLIC KEY", List.of(result.groupKey().subjectPublicKeyInfo())));
    bundleFiles.forEach((file, bytes) -> put(files, file, bytes));
    put(files, name + ".mayfly.json", evidence.toJsonBytes());
    jarFiles.forEach((file, bytes) -> put(files, file, bytes));
    if (minted.mode() == IssuanceMode.CA_ISSUED) {
      List<List<X509Certificate>> cas = new ArrayList<>();
      List<X509Certificate> caChain = new ArrayList<>(minted.chain().subList(1,
          minted.chain().size()));
      caChain.addAll(trustedCaRoots.stream().filter(r -> !caChain.contains(r)).toList());
      if (!caChain.isEmpty()) {
        cas.add(caChain);
      }
      List<List<X509Certificate>> tsas = timestampAuthorityChain.isEmpty()
          ? List.of() : List.of(timestampAuthorityChain);
      put(files, CeremonyOutput.TRUSTED_ROOT, TrustedRoot.of(cas, tsas).toJsonBytes());
    }
    return new CeremonyOutput(name, files, entries);
  }

  /**
   * The JAR signed in the JAR format: the plan rebuilt from the approved bytes and the agreed
   * parameters, the group's signature over its signed attributes, an RFC 3161 timestamp over that
   * signature, and the minted chain followed by the trusted CA roots (jarsigner looks for a
   * certificate of the path in its keystore; docs/jar-signing.md).
   */
  private byte[] signedJar(MintedCertificate minted, JarSigningParameters parameters,
      String approvedName, byte[] jar, byte[] signature) throws MayflyException {
    JarSigningPlan plan = JarSigningPlan.create(jar, parameters, approvedName);
    VerifiedTimestamp timestamp = timestamper.timestamp(signature);
    List<X509Certificate> chain = new ArrayList<>(minted.chain());
    trustedCaRoots.stream().filter(root -> !chain.contains(root)).forEach(chain::add);
    return JarSignatureAssembler.assemble(plan, signature, chain, timestamp).bytes();
  }

  /** {@code NAME-signed.jar} for {@code NAME.jar}, {@code NAME-signed.jar} for other names. */
  static String signedJarName(String baseName) {
    String stem = baseName.regionMatches(true, baseName.length() - 4, ".jar", 0, 4)
        && baseName.length() > 4 ? baseName.substring(0, baseName.length() - 4) : baseName;
    return stem + "-signed.jar";
  }

  private static void put(Map<String, byte[]> files, String name, byte[] bytes) {
    if (files.putIfAbsent(name, bytes) != null) {
      throw new IllegalArgumentException("two output files would be named " + name
          + ": rename an artifact or choose another release name");
    }
  }

  /**
   * The base name of each artifact's files: its name's last path element; when two artifacts
   * share one, every artifact uses its whole name with each '/' and '\\' replaced by '_'.
   */
  private static List<String> baseNames(List<ArtifactDigest> artifacts) {
    List<String> plain = artifacts.stream().map(a -> baseName(a.name())).toList();
    if (Set.copyOf(plain).size() == plain.size()) {
      return plain;
    }
    return artifacts.stream().map(a -> baseName(a.name().replace('/', '_').replace('\\', '_')))
        .toList();
  }

  private MintedCertificate mint(PartyResult result) throws CertMintingException {
    SigningFunction replay = new ReplayedSignature(result.groupKey(), result.certificateSignature());
    if (result.proposal().issuance() == IssuanceMode.SELF_ATTESTED) {
      return CertificateMinter.selfAttested().mint(result.certificateProfile(), replay);
    }
    if (issuer == null) {
      throw new IllegalArgumentException("a CA-issued session needs an issuer to assemble");
    }
    return CertificateMinter.caIssued(issuer).mint(result.certificateProfile(), replay);
  }

  /**
   * The group's signature, made during the session, handed to the minter: it signs exactly the
   * bytes the parties signed (the minter rebuilds them from the same profile) and nothing else.
   */
  private static final class ReplayedSignature implements SigningFunction {
    private final GroupPublicKey key;
    private final byte[] signature;

    ReplayedSignature(GroupPublicKey key, byte[] signature) {
      this.key = key;
      this.signature = signature;
    }

    @Override
    public GroupPublicKey groupPublicKey() {
      return key;
    }

    @Override
    public byte[] sign(byte[] message) {
      return signature.clone();
    }
  }

  private static String baseName(String artifactName) {
    String name = Path.of(artifactName).getFileName().toString();
    return name.isEmpty() || name.startsWith(".") ? "artifact" + name : name;
  }

  private static List<byte[]> encoded(List<X509Certificate> chain) {
    List<byte[]> out = new ArrayList<>();
    for (X509Certificate certificate : chain) {
      try {
        out.add(certificate.getEncoded());
      } catch (CertificateEncodingException e) {
        throw new IllegalStateException("a parsed certificate does not encode", e);
      }
    }
    return out;
  }

  private static byte[] pem(String type, List<byte[]> ders) {
    StringWriter text = new StringWriter();
    try (PemWriter writer = new PemWriter(text)) {
      for (byte[] der : ders) {
        writer.writeObject(new PemObject(type, der));
      }
    } catch (IOException e) {
      throw new IllegalStateException("writing PEM to memory failed", e);
    }
    return text.toString().getBytes(StandardCharsets.US_ASCII);
  }

  @Override
  public String toString() {
    return "BundleAssembler[" + (issuer == null ? "self-attested" : "CA " + issuer) + "]";
  }

  /**
   * Builder for {@link BundleAssembler}; the timestamper is required.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private @Nullable Timestamper timestamper;
    private List<X509Certificate> timestampAuthorityChain = List.of();
    private @Nullable CertificateIssuer issuer;
    private List<X509Certificate> trustedCaRoots = List.of();

    private Builder() {}

    /** Gets and checks the RFC 3161 timestamp over the bundle's signature. Required. */
    public Builder timestamper(Timestamper timestamper) {
      this.timestamper = requireNonNull(timestamper, "timestamper");
      return this;
    }

    /**
     * The TSA's chain (TSA first): recorded in the evidence document and listed in {@code
     * trusted_root.json}.
     */
    public Builder timestampAuthorityChain(List<X509Certificate> chain) {
      this.timestampAuthorityChain = List.copyOf(requireNonNull(chain, "chain"));
      return this;
    }

    /** The CA for {@link IssuanceMode#CA_ISSUED} sessions, and its root(s) to list as trusted. */
    public Builder issuer(CertificateIssuer issuer, List<X509Certificate> roots) {
      this.issuer = requireNonNull(issuer, "issuer");
      this.trustedCaRoots = List.copyOf(requireNonNull(roots, "roots"));
      return this;
    }

    public BundleAssembler build() {
      if (timestamper == null) {
        throw new IllegalStateException("timestamper must be set");
      }
      return new BundleAssembler(this);
    }
  }

}

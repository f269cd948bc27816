package dev.mayfly.snp.verify;

import static java.util.Objects.requireNonNull;

import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.internal.Hex;
import dev.mayfly.common.internal.Sha256;
import dev.mayfly.snp.AttestationException;
import dev.mayfly.snp.abi.AttestationReport;
import dev.mayfly.snp.abi.Product;
import dev.mayfly.snp.abi.SigningKey;
import dev.mayfly.snp.abi.TcbLayout;
import dev.mayfly.snp.abi.TcbVersion;
import dev.mayfly.snp.evidence.Evidence;
import dev.mayfly.snp.internal.AmdCertificate;
import dev.mayfly.snp.internal.AmdCrl;
import dev.mayfly.snp.internal.EcdsaP384;
import dev.mayfly.snp.internal.EmbeddedChains;
import dev.mayfly.snp.kds.CertificateFetcher;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;

/**
 * Checks that an SEV-SNP attestation report is authentic: signed by a VCEK or VLEK that chains
 * to an AMD root, and bound to that key's chip and TCB.
 *
 * <p>Order of checks (the first failure throws; see docs/attestation.md):
 *
 * <ol>
 *   <li>strict parse of the report (SEV-SNP ABI §7.3) and the caller's product, if given;
 *   <li>the report is signed (MASK_CHIP_KEY clear, SIGNING_KEY not "none");
 *   <li>the endorsement certificate: supplied, or fetched when a fetcher is configured;
 *   <li>certificate shape (X.509 v3, RSASSA-PSS SHA-384 salt 48, P-384 leaf, no unknown critical
 *       extension) and the AMD extensions; the key kind (hwID: VCEK, cspID: VLEK) must match the
 *       report's SIGNING_KEY;
 *   <li>the chain: leaf issued by the ASK (VCEK) or ASVK (VLEK), that by the ARK, the ARK one of
 *       the pinned AMD roots (or a simulated root when opted in);
 *   <li>validity of every certificate at the injected clock; the CRL when given or required;
 *   <li>binding: hwID equals CHIP_ID (64 bytes, or the first 8 on Turin) unless CHIP_ID is
 *       masked; the certificate's SPLs equal REPORTED_TCB (not CURRENT_TCB), in the product's
 *       TCB layout;
 *   <li>the report's ECDSA P-384/SHA-384 signature over bytes 0x000-0x29F (r and s
 *       little-endian).
 * </ol>
 *
 * <p>The binding checks run before the signature so that a report paired with another chip's
 * certificate gets a precise code; every check must pass either way.
 *
 * <p>Thread-safe. A verified chain (by the SHA-256 of its certificates) is cached per verifier,
 * so later reports of the same chip cost one ECDSA verification plus the per-call checks;
 * validity times and CRLs are still checked on every call.
 *
 * @since 0.1.0
 */
public final class SnpVerifier {
  /**
   * The marker a simulated ARK carries in its subject CN: a chain that ends at a self-signed root
   * whose CN contains it (in any case) and that is not a pinned AMD ARK is simulated evidence,
   * refused with {@code SNP_SIMULATED_EVIDENCE_REFUSED} unless the verifier was built with {@link
   * SnpVerifyOptions.Builder#allowSimulatedEvidenceInsecure()}. The {@code mayfly-simulation}
   * module, which makes simulated roots for demos and tests, names them with it.
   *
   * <p><b>Security:</b> the marker only lets the verifier tell simulated evidence apart and say
   * so; it proves nothing. A root without it that is not a pinned AMD ARK is refused all the
   * same ({@code SNP_ROOT_UNTRUSTED}).
   *
   * @since 0.1.0
   */
  public static final String SIMULATED_ROOT_MARKER = "SIMULATED";

  private static final int MAX_CACHED_CHAINS = 1024;

  private final SnpVerifyOptions options;
  private final Map<String, VerifiedChain> chainCache = new ConcurrentHashMap<>();

  private SnpVerifier(SnpVerifyOptions options) {
    this.options = options;
  }

  /** A verifier with {@code options}. */
  public static SnpVerifier create(SnpVerifyOptions options) {
    return new SnpVerifier(requireNonNull(options, "options"));
  }

  /** The options this verifier uses. */
  public SnpVerifyOptions options() {
    return options;
  }

  /**
   * Verifies {@code evidence} (report plus chain).
   *
   * @throws AttestationException with the code of the first failed check
   */
  public VerifiedReport verify(Evidence evidence) throws AttestationException {
    requireNonNull(evidence, "evidence");
    return verify(evidence.reportBytes(), evidence.certificateChain());
  }

  /**
   * Verifies a report with its chain, leaf first: {@code [VCEK]}, {@code [VCEK, ASK]} or {@code
   * [VCEK, ASK, ARK]} (VLEK and ASVK likewise), DER. Missing intermediates and roots come from
   * the embedded AMD roots; an empty chain asks the fetcher for the VCEK.
   *
   * @throws AttestationException with the code of the first failed check
   */
  public VerifiedReport verify(byte[] reportBytes, List<byte[]> certificateChainDer)
      throws AttestationException {
    requireNonNull(reportBytes, "reportBytes");
    requireNonNull(certificateChainDer, "certificateChainDer");
    AttestationReport report = AttestationReport.parse(reportBytes);
    if (options.product().isPresent()) {
      report = report.withProduct(options.product().get());
    }
    if (report.signerInfo().chipKeyMasked() || report.signerInfo().signingKey() == SigningKey.NONE) {
      throw new AttestationException(ErrorCode.SNP_SIGNATURE_INVALID,
          "report is not signed (MASK_CHIP_KEY set or SIGNING_KEY none)");
    }
    if (certificateChainDer.size() > 3) {
      throw new AttestationException(ErrorCode.SNP_CERT_SHAPE_INVALID,
          "chain has " + certificateChainDer.size() + " certificates, expected 1 to 3");
    }
    List<byte[]> chain = new ArrayList<>(certificateChainDer);
    if (chain.isEmpty()) {
      chain.add(fetchEndorsementKey(report));
    }
    VerifiedChain verified = chain(report, chain);

    if (report.product().isEmpty()) {
      report = report.withProduct(verified.product());
    } else if (report.product().get() != verified.product()) {
      throw new AttestationException(ErrorCode.SNP_PRODUCT_MISMATCH,
          "report is from " + report.product().get().kdsName() + ", chain is "
              + verified.product().kdsName());
    }
    Instant now = options.clock().instant();
    verified.checkValidity(now);
    checkRevocation(verified, now);
    checkBinding(report, verified);
    if (!EcdsaP384.verify(verified.leafKey(), report.signedBytes(), report.signatureR(),
        report.signatureS())) {
      throw new AttestationException(ErrorCode.SNP_SIGNATURE_INVALID,
          "report signature does not verify under the " + verified.extensions().keyKind());
    }
    return new VerifiedReport(report, verified.product(), verified.extensions(),
        verified.leaf().der(), verified.simulated(), now);
  }

  private byte[] fetchEndorsementKey(AttestationReport report) throws AttestationException {
    CertificateFetcher fetcher = options.certificateFetcher().orElseThrow(() ->
        new AttestationException(ErrorCode.SNP_CERT_MISSING,
            "no VCEK/VLEK supplied and no certificate fetcher configured (offline)"));
    if (report.signerInfo().signingKey() != SigningKey.VCEK) {
      throw new AttestationException(ErrorCode.SNP_CERT_MISSING,
          "no VLEK supplied; VLEKs are not published by the AMD KDS");
    }
    if (report.isChipIdMasked()) {
      throw new AttestationException(ErrorCode.SNP_CERT_MISSING,
          "no VCEK supplied and CHIP_ID is masked, so it cannot be fetched");
    }
    Product product = report.product().orElseThrow(() -> new AttestationException(
        ErrorCode.SNP_PRODUCT_UNKNOWN, "product unknown: cannot fetch the VCEK"));
    byte[] chipId = report.chipId();
    byte[] hwId = product == Product.TURIN ? Arrays.copyOf(chipId, 8) : chipId;
    return fetcher.fetchVcek(product, hwId, report.reportedTcb());
  }

  private VerifiedChain chain(AttestationReport report, List<byte[]> chain)
      throws AttestationException {
    String key = cacheKey(report, chain);
    VerifiedChain cached = chainCache.get(key);
    if (cached != null) {
      checkKind(report, cached.extensions());
      return cached;
    }
    VerifiedChain built = buildChain(report, chain);
    if (chainCache.size() >= MAX_CACHED_CHAINS) {
      chainCache.clear();
    }
    chainCache.put(key, built);
    return built;
  }

  private static String cacheKey(AttestationReport report, List<byte[]> chain) {
    MessageDigest sha = Sha256.newDigest();
    for (byte[] der : chain) {
      sha.update(Sha256.hash(der));
    }
    return report.product().map(Product::name).orElse("-") + ":" + chain.size() + ":"
        + Hex.encode(sha.digest());
  }


  private static void checkKind(AttestationReport report, AmdKeyExtensions extensions)
      throws AttestationException {
    SigningKey reportKey = report.signerInfo().signingKey();
    if (extensions.keyKind() != reportKey) {
      throw new AttestationException(ErrorCode.SNP_SIGNING_KEY_MISMATCH,
          "report says it is signed by a " + reportKey + ", the certificate is a "
              + extensions.keyKind());
    }
  }

  private VerifiedChain buildChain(AttestationReport report, List<byte[]> chain)
      throws AttestationException {
    AmdCertificate leaf = AmdCertificate.parse(chain.get(0), "VCEK/VLEK");
    Extensions rawExtensions = leaf.extensions().orElseThrow(() -> new AttestationException(
        ErrorCode.SNP_CERT_EXTENSION_INVALID, "VCEK/VLEK has no extensions"));
    leaf.checkCommonShape("VCEK/VLEK");
    AmdKeyExtensions extensions = AmdKeyExtensions.from(rawExtensions);
    String leafRole = extensions.keyKind().name();
    ECPublicKeyParameters leafKey = leaf.p384PublicKey(leafRole);
    checkKind(report, extensions);

    Product product = resolveProduct(report, extensions, leaf);
    if (extensions.keyKind() == SigningKey.VCEK) {
      int expected = product == Product.TURIN ? 8 : 64;
      int actual = extensions.hwId().orElseThrow().length;
      if (actual != expected) {
        throw new AttestationException(ErrorCode.SNP_CERT_EXTENSION_INVALID,
            "hwID is " + actual + " bytes, " + product.kdsName() + " uses " + expected);
      }
    }
    boolean vcek = extensions.keyKind() == SigningKey.VCEK;
    String intermediateRole = vcek ? "ASK" : "ASVK";
    // The embedded AMD certificates are loaded (and checked) only when the chain uses them:
    // whether a certificate is one of them is answered by their pinned SHA-256.
    AmdCertificate intermediate = chain.size() > 1
        ? AmdCertificate.parse(chain.get(1), intermediateRole)
        : vcek ? EmbeddedChains.of(product).ask() : EmbeddedChains.of(product).asvk();
    AmdCertificate root = chain.size() > 2 ? AmdCertificate.parse(chain.get(2), "ARK")
        : EmbeddedChains.of(product).ark();

    boolean embeddedPair = intermediate.hasSha256(vcek
            ? EmbeddedChains.askSha256(product) : EmbeddedChains.asvkSha256(product))
        && root.hasSha256(EmbeddedChains.arkSha256(product));
    if (embeddedPair) {
      EmbeddedChains.of(product); // the pinned pair passed its shape and signature checks
    } else {
      intermediate.checkCommonShape(intermediateRole);
      root.checkCommonShape("ARK");
    }
    leaf.checkIssuedBy(intermediate, leafRole, intermediateRole);
    if (!embeddedPair) {
      intermediate.checkIssuedBy(root, intermediateRole, "ARK");
    }
    boolean simulated = checkRoot(root, product);
    return new VerifiedChain(product, leaf, intermediate, root, leafKey, extensions, simulated);
  }

  private Product resolveProduct(AttestationReport report, AmdKeyExtensions extensions,
      AmdCertificate leaf) throws AttestationException {
    Optional<Product> fromReport = report.product();
    Optional<Product> fromCert = extensions.product().or(() -> productFromIssuer(leaf));
    if (fromReport.isPresent() && fromCert.isPresent() && fromReport.get() != fromCert.get()) {
      throw new AttestationException(ErrorCode.SNP_PRODUCT_MISMATCH,
          "report is from " + fromReport.get().kdsName() + ", certificate names "
              + fromCert.get().kdsName());
    }
    return fromReport.or(() -> fromCert).orElseThrow(() -> new AttestationException(
        ErrorCode.SNP_PRODUCT_UNKNOWN,
        "product unknown: the report has no CPUID and neither caller nor certificate names it"));
  }

  private static Optional<Product> productFromIssuer(AmdCertificate leaf) {
    String cn = leaf.issuerCommonName();
    int dash = cn.lastIndexOf('-');
    return dash < 0 ? Optional.empty() : Product.fromName(cn.substring(dash + 1));
  }

  /** Returns whether the root is simulated; throws unless it is trusted. */
  private boolean checkRoot(AmdCertificate root, Product product) throws AttestationException {
    if (root.hasSha256(EmbeddedChains.arkSha256(product))) {
      if (!options.trustedRoots().trusts(product)) {
        throw new AttestationException(ErrorCode.SNP_ROOT_UNTRUSTED,
            "chain ends at ARK-" + product.kdsName() + ", which this verifier does not trust");
      }
      return false;
    }
    for (Product other : Product.values()) {
      if (root.hasSha256(EmbeddedChains.arkSha256(other))) {
        throw new AttestationException(ErrorCode.SNP_PRODUCT_MISMATCH,
            "chain ends at ARK-" + other.kdsName() + ", report is from " + product.kdsName());
      }
    }
    boolean marked =
        root.subjectCommonName().toUpperCase(Locale.ROOT).contains(SIMULATED_ROOT_MARKER);
    if (marked && root.isSelfSigned("ARK")) {
      if (!options.allowsSimulatedEvidence()) {
        throw new AttestationException(ErrorCode.SNP_SIMULATED_EVIDENCE_REFUSED,
            "chain ends at simulated root '" + root.subjectCommonName()
                + "' and simulated evidence is not allowed");
      }
      return true;
    }
    throw new AttestationException(ErrorCode.SNP_ROOT_UNTRUSTED,
        "chain ends at '" + root.subjectCommonName() + "' (sha256 " + Hex.encode(root.sha256())
            + "), not a pinned AMD ARK");
  }

  private void checkRevocation(VerifiedChain chain, Instant now) throws AttestationException {
    List<byte[]> crls = new ArrayList<>(options.crls());
    if (crls.isEmpty() && options.requireRevocationCheck()
        && options.certificateFetcher().isPresent() && !chain.simulated()) {
      crls.add(options.certificateFetcher().get().fetchCrl(chain.product(),
          chain.extensions().keyKind()));
    }
    boolean checked = false;
    for (byte[] der : crls) {
      AmdCrl crl = AmdCrl.parse(der);
      if (!crl.issuer().equals(chain.root().subject())) {
        continue;
      }
      crl.checkSignedBy(chain.root().rsaPublicKey("ARK"));
      crl.checkFresh(now);
      if (crl.revokes(chain.intermediate().serialNumber())) {
        throw new AttestationException(ErrorCode.SNP_CERT_REVOKED,
            "the CRL revokes " + chain.intermediate().subjectCommonName() + " (serial "
                + chain.intermediate().serialNumber().toString(16) + ")");
      }
      checked = true;
    }
    if (!checked && options.requireRevocationCheck()) {
      throw new AttestationException(ErrorCode.SNP_CRL_UNAVAILABLE,
          "a revocation check is required and no CRL from '" + chain.root().subjectCommonName()
              + "' is available");
    }
  }

  private static void checkBinding(AttestationReport report, VerifiedChain chain)
      throws AttestationException {
    AmdKeyExtensions extensions = chain.extensions();
    if (extensions.keyKind() == SigningKey.VCEK && !report.isChipIdMasked()) {
      byte[] hwId = extensions.hwId().orElseThrow();
      byte[] chipId = Arrays.copyOf(report.chipId(), hwId.length);
      if (!MessageDigest.isEqual(hwId, chipId)) {
        throw new AttestationException(ErrorCode.SNP_CHIP_ID_MISMATCH,
            "report CHIP_ID starts " + Hex.encode(Arrays.copyOf(chipId, 8)) + ", VCEK hwID "
                + Hex.encode(Arrays.copyOf(hwId, 8)));
      }
    }
    TcbLayout layout = chain.product().tcbLayout();
    TcbVersion certified = extensions.tcb(layout);
    TcbVersion reported = report.reportedTcb();
    if (!certified.equals(reported)) {
      throw new AttestationException(ErrorCode.SNP_TCB_MISMATCH,
          "report REPORTED_TCB is " + reported + ", the " + extensions.keyKind()
              + " certifies " + certified);
    }
  }

  /** A chain that passed every check that does not depend on the time or the report bytes. */
  private record VerifiedChain(Product product, AmdCertificate leaf, AmdCertificate intermediate,
      AmdCertificate root, ECPublicKeyParameters leafKey, AmdKeyExtensions extensions,
      boolean simulated) {

    void checkValidity(Instant now) throws AttestationException {
      check(leaf, extensions.keyKind().name(), now);
      check(intermediate, extensions.keyKind() == SigningKey.VCEK ? "ASK" : "ASVK", now);
      check(root, "ARK", now);
    }

    private static void check(AmdCertificate cert, String role, Instant now)
        throws AttestationException {
      if (now.isBefore(cert.notBefore()) || now.isAfter(cert.notAfter())) {
        throw new AttestationException(ErrorCode.SNP_CERT_OUTSIDE_VALIDITY,
            role + " is valid " + cert.notBefore() + " to " + cert.notAfter()
                + ", verification time is " + now);
      }
    }
  }
}

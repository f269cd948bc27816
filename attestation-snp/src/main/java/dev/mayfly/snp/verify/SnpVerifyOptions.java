package dev.mayfly.snp.verify;

import static java.util.Objects.requireNonNull;

import dev.mayfly.snp.abi.Product;
import dev.mayfly.snp.kds.CertificateFetcher;
import dev.mayfly.snp.trust.AmdRoots;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How {@link SnpVerifier} verifies: which roots, which clock, where certificates and CRLs come
 * from, and whether simulated evidence is acceptable.
 *
 * <p>Defaults (strict and offline): the embedded AMD roots, the system UTC clock, no product
 * hint, no certificate fetcher (a missing VCEK is an error, never a network call), no CRL and no
 * revocation requirement, simulated evidence refused.
 *
 * <pre>{@code
 * SnpVerifyOptions options = SnpVerifyOptions.builder()
 *     .clock(Clock.fixed(Instant.parse("2025-09-01T00:00:00Z"), ZoneOffset.UTC))
 *     .build();
 * }</pre>
 *
 * @since 0.1.0
 */
public final class SnpVerifyOptions {
  private final AmdRoots roots;
  private final Clock clock;
  private final Optional<Product> product;
  private final Optional<CertificateFetcher> fetcher;
  private final List<byte[]> crls;
  private final boolean requireRevocationCheck;
  private final boolean allowSimulated;

  private SnpVerifyOptions(Builder b) {
    this.roots = b.roots;
    this.clock = b.clock;
    this.product = Optional.ofNullable(b.product);
    this.fetcher = Optional.ofNullable(b.fetcher);
    this.crls = List.copyOf(b.crls);
    this.requireRevocationCheck = b.requireRevocationCheck;
    this.allowSimulated = b.allowSimulated;
  }

  /** A builder with the strict defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** The default options. */
  public static SnpVerifyOptions defaults() {
    return builder().build();
  }

  /** The trusted AMD roots. */
  public AmdRoots trustedRoots() {
    return roots;
  }

  /** The clock certificate validity and CRL freshness are checked against (read on every call). */
  public Clock clock() {
    return clock;
  }

  /** The product the caller asserts, if any. */
  public Optional<Product> product() {
    return product;
  }

  /** The certificate fetcher, if the host configured one. */
  public Optional<CertificateFetcher> certificateFetcher() {
    return fetcher;
  }

  /** CRLs (DER) supplied by the caller (copies). */
  public List<byte[]> crls() {
    List<byte[]> out = new ArrayList<>();
    for (byte[] crl : crls) {
      out.add(crl.clone());
    }
    return out;
  }

  /** Whether a valid CRL for the chain is required. */
  public boolean requireRevocationCheck() {
    return requireRevocationCheck;
  }

  /** Whether evidence chaining to a simulated root is accepted (insecure). */
  public boolean allowsSimulatedEvidence() {
    return allowSimulated;
  }

  /** Builder for {@link SnpVerifyOptions}; not thread-safe. */
  public static final class Builder {
    private AmdRoots roots = AmdRoots.embedded();
    private Clock clock = Clock.systemUTC();
    private Product product;
    private CertificateFetcher fetcher;
    private final List<byte[]> crls = new ArrayList<>();
    private boolean requireRevocationCheck;
    private boolean allowSimulated;

    private Builder() {}

    /** The trusted roots; default {@link AmdRoots#embedded()}. */
    public Builder trustedRoots(AmdRoots roots) {
      this.roots = requireNonNull(roots, "roots");
      return this;
    }

    /** The clock; default the system UTC clock. Injected, read at every verification. */
    public Builder clock(Clock clock) {
      this.clock = requireNonNull(clock, "clock");
      return this;
    }

    /**
     * The product, for version 2 reports that carry no CPUID; a report or certificate naming
     * another product is refused.
     */
    public Builder product(Product product) {
      this.product = requireNonNull(product, "product");
      return this;
    }

    /**
     * Fetches a missing VCEK (and, with {@link #requireRevocationCheck}, the CRL). Default none:
     * the verifier stays offline.
     */
    public Builder certificateFetcher(CertificateFetcher fetcher) {
      this.fetcher = requireNonNull(fetcher, "fetcher");
      return this;
    }

    /** Adds an ARK-signed CRL (DER) to check the chain's intermediate against. */
    public Builder crl(byte[] crlDer) {
      this.crls.add(requireNonNull(crlDer, "crlDer").clone());
      return this;
    }

    /**
     * Requires a valid, fresh CRL for every chain (from {@link #crl} or the fetcher); without
     * one, verification fails with the retryable {@code SNP_CRL_UNAVAILABLE}. Default false.
     */
    public Builder requireRevocationCheck(boolean require) {
      this.requireRevocationCheck = require;
      return this;
    }

    /**
     * Accepts evidence whose chain ends at a simulated root (subject CN containing {@link
     * SnpVerifier#SIMULATED_ROOT_MARKER}) made by the simulated evidence provider of the {@code
     * mayfly-simulation} module. The resulting {@link VerifiedReport#isSimulated()} is true.
     *
     * <p><b>Security:</b> simulated evidence proves nothing about hardware: anyone can make a
     * simulated root. Only for demos and tests on machines without SEV-SNP.
     */
    public Builder allowSimulatedEvidenceInsecure() {
      this.allowSimulated = true;
      return this;
    }

    /** The options. */
    public SnpVerifyOptions build() {
      return new SnpVerifyOptions(this);
    }
  }
}

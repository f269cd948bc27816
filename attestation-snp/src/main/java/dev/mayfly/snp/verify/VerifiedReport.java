package dev.mayfly.snp.verify;

import dev.mayfly.snp.abi.AttestationReport;
import dev.mayfly.snp.abi.Product;
import dev.mayfly.snp.abi.SigningKey;
import java.time.Instant;

/**
 * An attestation report whose signature and endorsement chain {@link SnpVerifier} checked: the
 * only input {@code PolicyValidator} accepts.
 *
 * <p>Instances are only made by {@link SnpVerifier}. Immutable; byte accessors return copies.
 *
 * <p><b>Security:</b> authentic is not acceptable: validate against a {@code TeePolicy} before
 * trusting what the report says. {@link #isSimulated()} reports evidence from the simulated
 * provider, which proves nothing about hardware.
 *
 * @since 0.1.0
 */
public final class VerifiedReport {
  private final AttestationReport report;
  private final Product product;
  private final AmdKeyExtensions endorsementKey;
  private final byte[] endorsementKeyDer;
  private final boolean simulated;
  private final Instant verifiedAt;

  VerifiedReport(AttestationReport report, Product product, AmdKeyExtensions endorsementKey,
      byte[] endorsementKeyDer, boolean simulated, Instant verifiedAt) {
    this.report = report;
    this.product = product;
    this.endorsementKey = endorsementKey;
    this.endorsementKeyDer = endorsementKeyDer;
    this.simulated = simulated;
    this.verifiedAt = verifiedAt;
  }

  /** The parsed report, with its product fixed. */
  public AttestationReport report() {
    return report;
  }

  /** The product whose AMD chain endorsed the report. */
  public Product product() {
    return product;
  }

  /** The kind of key that signed the report. */
  public SigningKey signingKey() {
    return endorsementKey.keyKind();
  }

  /** The VCEK/VLEK extensions (SPLs, hwID or cspID). */
  public AmdKeyExtensions endorsementKeyExtensions() {
    return endorsementKey;
  }

  /** The VCEK or VLEK certificate (DER, a copy). */
  public byte[] endorsementKeyCertificate() {
    return endorsementKeyDer.clone();
  }

  /** Whether the chain ends at a simulated root (accepted only when opted in). */
  public boolean isSimulated() {
    return simulated;
  }

  /** The clock time the verification used. */
  public Instant verifiedAt() {
    return verifiedAt;
  }

  /** REPORT_DATA (64 bytes). */
  public byte[] reportData() {
    return report.reportData();
  }

  /** MEASUREMENT (48 bytes). */
  public byte[] measurement() {
    return report.measurement();
  }

  /** CHIP_ID (64 bytes, all zero when masked). */
  public byte[] chipId() {
    return report.chipId();
  }

  /** Whether CHIP_ID is masked (all zero). */
  public boolean isChipIdMasked() {
    return report.isChipIdMasked();
  }

  @Override
  public String toString() {
    return "VerifiedReport[" + product.kdsName() + ", " + signingKey()
        + (simulated ? ", SIMULATED" : "") + ", " + report + "]";
  }
}

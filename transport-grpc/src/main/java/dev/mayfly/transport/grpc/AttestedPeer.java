package dev.mayfly.transport.grpc;

import static java.util.Objects.requireNonNull;

import dev.mayfly.common.PartyId;
import dev.mayfly.snp.validate.ValidatedReport;
import java.time.Instant;

/**
 * What the last attested TLS connection with a peer proved: the TLS key and certificate it
 * presented and the SEV-SNP report, verified and validated against the local TEE policy, whose
 * REPORT_DATA binds that key and the policy hash.
 *
 * <p><b>Security:</b> the report proves that the TLS key lives in a VM that runs the pinned code
 * under the pinned policy. It does not prove which party that VM plays: the party id comes from
 * the node's configuration (outbound) or from the peer's own claim on an attested connection
 * (inbound). Bind the party to its session keys with the per-session hello, and compare its chip
 * id with {@link #chipId()} when the ceremony wants both on one chip.
 *
 * @since 0.1.0
 */
public final class AttestedPeer {
  private final PartyId party;
  private final Direction direction;
  private final byte[] tlsKeySha256;
  private final byte[] certificateSha256;
  private final ValidatedReport report;
  private final Instant verifiedAt;
  private final Instant certificateNotAfter;

  AttestedPeer(PartyId party, Direction direction, byte[] tlsKeySha256, byte[] certificateSha256,
      ValidatedReport report, Instant verifiedAt, Instant certificateNotAfter) {
    this.party = requireNonNull(party, "party");
    this.direction = requireNonNull(direction, "direction");
    this.tlsKeySha256 = tlsKeySha256.clone();
    this.certificateSha256 = certificateSha256.clone();
    this.report = requireNonNull(report, "report");
    this.verifiedAt = requireNonNull(verifiedAt, "verifiedAt");
    this.certificateNotAfter = requireNonNull(certificateNotAfter, "certificateNotAfter");
  }

  /** The party. */
  public PartyId party() {
    return party;
  }

  /** Whether this was seen on a connection the peer opened or this node opened. */
  public Direction direction() {
    return direction;
  }

  /** SHA-256 of the DER SubjectPublicKeyInfo of the peer's TLS key (a copy). */
  public byte[] tlsKeySha256() {
    return tlsKeySha256.clone();
  }

  /** SHA-256 of the DER certificate the peer presented (a copy). */
  public byte[] certificateSha256() {
    return certificateSha256.clone();
  }

  /** The validated report. */
  public ValidatedReport report() {
    return report;
  }

  /** The report's CHIP_ID (a copy; zeros when masked). */
  public byte[] chipId() {
    return report.verifiedReport().chipId();
  }

  /** The report's MEASUREMENT (a copy). */
  public byte[] measurement() {
    return report.verifiedReport().measurement();
  }

  /** Whether the evidence was simulated (accepted only by an insecure opt-in). */
  public boolean isSimulated() {
    return report.isSimulated();
  }

  /** When the handshake checked it (node clock). */
  public Instant verifiedAt() {
    return verifiedAt;
  }

  /** The end of the presented certificate's validity. */
  public Instant certificateNotAfter() {
    return certificateNotAfter;
  }

  @Override
  public String toString() {
    return "AttestedPeer[" + party + ", " + direction + ", tls key "
        + java.util.HexFormat.of().formatHex(tlsKeySha256, 0, 8)
        + (isSimulated() ? ", SIMULATED" : "") + "]";
  }
}

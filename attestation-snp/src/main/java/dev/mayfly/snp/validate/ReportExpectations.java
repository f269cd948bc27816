package dev.mayfly.snp.validate;

import dev.mayfly.snp.internal.Bytes;
import java.util.Optional;

/**
 * What one validation call expects beyond the pinned {@link TeePolicy}: values that differ per
 * party and per session and so cannot be part of the policy hash.
 *
 * <p>REPORT_DATA is required: set it with {@link #reportData(byte[])} or waive it by name with
 * {@link #anyReportDataInsecure()}. HOST_DATA may be added here when the host sets it per
 * launch; a HOST_DATA pinned in the policy is checked as well.
 *
 * @since 0.1.0
 */
public final class ReportExpectations {
  private final Optional<byte[]> reportData;
  private final Optional<byte[]> hostData;

  private ReportExpectations(Optional<byte[]> reportData, Optional<byte[]> hostData) {
    this.reportData = reportData;
    this.hostData = hostData;
  }

  /**
   * Expects REPORT_DATA to equal {@code reportData} exactly (64 bytes).
   *
   * @throws IllegalArgumentException if not 64 bytes
   */
  public static ReportExpectations reportData(byte[] reportData) {
    byte[] copy = Bytes.requireLength(reportData, 64, "REPORT_DATA").clone();
    return new ReportExpectations(Optional.of(copy), Optional.empty());
  }

  /**
   * Accepts any REPORT_DATA.
   *
   * <p><b>Security:</b> without a REPORT_DATA check a report from another session or another
   * key can be replayed; use only to inspect reports, never to admit a peer.
   */
  public static ReportExpectations anyReportDataInsecure() {
    return new ReportExpectations(Optional.empty(), Optional.empty());
  }

  /**
   * These expectations plus HOST_DATA equal to {@code hostData} (32 bytes).
   *
   * @throws IllegalArgumentException if not 32 bytes
   */
  public ReportExpectations withHostData(byte[] hostData) {
    byte[] copy = Bytes.requireLength(hostData, 32, "HOST_DATA").clone();
    return new ReportExpectations(reportData, Optional.of(copy));
  }

  /** The expected REPORT_DATA, empty when waived (a copy). */
  public Optional<byte[]> reportData() {
    return reportData.map(byte[]::clone);
  }

  /** The expected HOST_DATA for this call, if any (a copy). */
  public Optional<byte[]> hostData() {
    return hostData.map(byte[]::clone);
  }

  @Override
  public String toString() {
    return "ReportExpectations[reportData " + (reportData.isPresent() ? "set" : "waived")
        + ", hostData " + (hostData.isPresent() ? "set" : "unset") + "]";
  }
}

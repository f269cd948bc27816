package dev.mayfly.snp.validate;

import static java.util.Objects.requireNonNull;

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
    requireNonNull(reportData, "reportData");
    if (reportData.length != 64) {
      throw new IllegalArgumentException("REPORT_DATA is 64 bytes, got " + reportData.length);
    }
    return new ReportExpectations(Optional.of(reportData.clone()), Optional.empty());
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
    requireNonNull(hostData, "hostData");
    if (hostData.length != 32) {
      throw new IllegalArgumentException("HOST_DATA is 32 bytes, got " + hostData.length);
    }
    return new ReportExpectations(reportData, Optional.of(hostData.clone()));
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

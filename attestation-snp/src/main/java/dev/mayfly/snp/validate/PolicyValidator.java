package dev.mayfly.snp.validate;

import static java.util.Objects.requireNonNull;

import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.internal.Hex;
import dev.mayfly.snp.abi.AttestationReport;
import dev.mayfly.snp.abi.TcbVersion;
import dev.mayfly.snp.verify.VerifiedReport;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Checks a {@link VerifiedReport} against a {@link TeePolicy} and per-call {@link
 * ReportExpectations}, and reports every mismatch in one {@link PolicyViolationException}.
 *
 * <p>Checks, in this order: product; report version; signing key; VMPL; DEBUG; MIGRATE_MA;
 * minimum REPORTED_TCB per component; minimum firmware (CURRENT); measurement allow-list;
 * HOST_DATA (policy pin, then per-call); REPORT_DATA (per-call, constant-time comparison).
 *
 * <p>Thread-safe and stateless.
 *
 * @since 0.1.0
 */
public final class PolicyValidator {
  private final TeePolicy policy;

  private PolicyValidator(TeePolicy policy) {
    this.policy = policy;
  }

  /** A validator for {@code policy}. */
  public static PolicyValidator create(TeePolicy policy) {
    return new PolicyValidator(requireNonNull(policy, "policy"));
  }

  /** The policy. */
  public TeePolicy policy() {
    return policy;
  }

  /**
   * Validates {@code verified}.
   *
   * @throws PolicyViolationException listing every mismatch (its code is the mismatch's own
   *     when there is one, {@code SNP_POLICY_VIOLATED} when there are several)
   */
  public ValidatedReport validate(VerifiedReport verified, ReportExpectations expectations)
      throws PolicyViolationException {
    requireNonNull(verified, "verified");
    requireNonNull(expectations, "expectations");
    AttestationReport report = verified.report();
    List<PolicyMismatch> mismatches = new ArrayList<>();

    if (!policy.products().contains(verified.product())) {
      add(mismatches, ErrorCode.SNP_PRODUCT_NOT_ALLOWED,
          "product is " + verified.product().kdsName() + ", policy allows " + policy.products());
    }
    if (report.version() < policy.minimumReportVersion()) {
      add(mismatches, ErrorCode.SNP_REPORT_VERSION_TOO_OLD, "report VERSION is "
          + report.version() + ", policy requires at least " + policy.minimumReportVersion());
    }
    if (!policy.signingKeys().contains(verified.signingKey())) {
      add(mismatches, ErrorCode.SNP_SIGNING_KEY_NOT_ALLOWED, "report is signed by a "
          + verified.signingKey() + ", policy allows " + policy.signingKeys());
    }
    if (!policy.vmpls().contains(report.vmpl())) {
      add(mismatches, ErrorCode.SNP_VMPL_NOT_ALLOWED,
          "report VMPL is " + report.vmpl() + ", policy allows " + policy.vmpls());
    }
    if (report.policy().debugAllowed() && !policy.allowsDebug()) {
      add(mismatches, ErrorCode.SNP_DEBUG_NOT_ALLOWED,
          "guest POLICY " + report.policy() + " allows DEBUG, policy refuses it");
    }
    if (report.policy().migrateMaAllowed() && !policy.allowsMigrateMa()) {
      add(mismatches, ErrorCode.SNP_MIGRATE_MA_NOT_ALLOWED,
          "guest POLICY " + report.policy() + " allows MIGRATE_MA, policy refuses it");
    }
    TcbVersion tcb = report.reportedTcb();
    if (!policy.minimumTcb().isMetBy(tcb)) {
      add(mismatches, ErrorCode.SNP_TCB_TOO_LOW,
          "REPORTED_TCB is " + tcb + ", policy requires at least " + policy.minimumTcb());
    }
    if (report.currentFirmware().compareTo(policy.minimumFirmware()) < 0) {
      add(mismatches, ErrorCode.SNP_FIRMWARE_TOO_OLD, "firmware is " + report.currentFirmware()
          + ", policy requires at least " + policy.minimumFirmware());
    }
    byte[] measurement = report.measurement();
    if (!policy.acceptsAnyMeasurement()
        && policy.measurements().stream().noneMatch(m -> MessageDigest.isEqual(m, measurement))) {
      add(mismatches, ErrorCode.SNP_MEASUREMENT_MISMATCH, "MEASUREMENT is "
          + Hex.encode(measurement) + ", not among the policy's " + policy.measurements().size());
    }
    byte[] hostData = report.hostData();
    checkEqual(mismatches, ErrorCode.SNP_HOST_DATA_MISMATCH, "HOST_DATA (policy)", hostData,
        policy.hostData());
    checkEqual(mismatches, ErrorCode.SNP_HOST_DATA_MISMATCH, "HOST_DATA (expected)", hostData,
        expectations.hostData());
    checkEqual(mismatches, ErrorCode.SNP_REPORT_DATA_MISMATCH, "REPORT_DATA",
        report.reportData(), expectations.reportData());

    if (!mismatches.isEmpty()) {
      throw new PolicyViolationException(mismatches);
    }
    return new ValidatedReport(verified, policy.hash());
  }

  private static void checkEqual(List<PolicyMismatch> mismatches, ErrorCode code, String field,
      byte[] actual, Optional<byte[]> expected) {
    if (expected.isPresent() && !MessageDigest.isEqual(actual, expected.get())) {
      add(mismatches, code, field + " is " + Hex.encode(actual) + ", expected "
          + Hex.encode(expected.get()));
    }
  }

  private static void add(List<PolicyMismatch> mismatches, ErrorCode code, String message) {
    mismatches.add(new PolicyMismatch(code, message));
  }
}

package dev.mayfly.snp.validate;

import dev.mayfly.snp.verify.VerifiedReport;

/**
 * Proof that a {@link VerifiedReport} satisfies a {@link TeePolicy} and the per-call
 * {@link ReportExpectations}. Only {@link PolicyValidator} makes these.
 *
 * @since 0.1.0
 */
public final class ValidatedReport {
  private final VerifiedReport verified;
  private final byte[] policyHash;

  ValidatedReport(VerifiedReport verified, byte[] policyHash) {
    this.verified = verified;
    this.policyHash = policyHash.clone();
  }

  /** The verified report. */
  public VerifiedReport verifiedReport() {
    return verified;
  }

  /** The TEE_POLICY_HASH of the policy it satisfies (a copy). */
  public byte[] policyHash() {
    return policyHash.clone();
  }

  /** Whether the evidence was simulated (accepted only by an opted-in verifier). */
  public boolean isSimulated() {
    return verified.isSimulated();
  }

  @Override
  public String toString() {
    return "ValidatedReport[" + verified + "]";
  }
}

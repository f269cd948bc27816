package dev.mayfly.snp.evidence;

import dev.mayfly.snp.AttestationException;

/**
 * A source of SEV-SNP evidence for this machine: the real platform ({@link ConfigfsTsmProvider}),
 * or, for demos and tests only, the {@code SimulatedEvidenceProvider} of the {@code
 * mayfly-simulation} module.
 *
 * <p>Implementations must be safe for use from several threads.
 *
 * @since 0.1.0
 */
public interface EvidenceProvider {
  /**
   * A fresh report whose REPORT_DATA is {@code reportData} (exactly 64 bytes), with its
   * certificate chain.
   *
   * @throws IllegalArgumentException if {@code reportData} is not 64 bytes
   * @throws AttestationException when the platform cannot produce a report
   */
  Evidence getEvidence(byte[] reportData) throws AttestationException;
}

/**
 * Obtaining evidence: the Linux configfs-tsm provider for real SEV-SNP guests and the GHCB
 * certificate table that carries the VCEK chain next to a report. The simulated provider for
 * machines without SEV-SNP (demos and tests only) is in the {@code mayfly-simulation} module.
 *
 * @since 0.1.0
 */
@NullMarked
package dev.mayfly.snp.evidence;

import org.jspecify.annotations.NullMarked;

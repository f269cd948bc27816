/**
 * Obtaining evidence: the Linux configfs-tsm provider for real SEV-SNP guests, the simulated
 * provider for machines without SEV-SNP, and the GHCB certificate table that carries the VCEK
 * chain next to a report.
 *
 * @since 0.1.0
 */
@NullMarked
package dev.mayfly.snp.evidence;

import org.jspecify.annotations.NullMarked;

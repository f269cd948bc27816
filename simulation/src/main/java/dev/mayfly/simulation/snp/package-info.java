/**
 * Simulated AMD SEV-SNP for machines without it: a simulated key hierarchy ({@code
 * SimulatedAuthority}: ARK, ASK and ASVK made at run time), simulated chips ({@code
 * SimulatedChip}: a CHIP_ID and a VCEK or VLEK each) and their evidence provider ({@code
 * SimulatedEvidenceProvider}: real report bytes signed by the simulated key).
 *
 * <p><b>Security:</b> simulation only, for demos and tests; simulated evidence proves nothing
 * about hardware. A default {@code SnpVerifier} refuses it with {@code
 * SNP_SIMULATED_EVIDENCE_REFUSED}.
 *
 * @since 0.1.0
 */
@NullMarked
package dev.mayfly.simulation.snp;

import org.jspecify.annotations.NullMarked;

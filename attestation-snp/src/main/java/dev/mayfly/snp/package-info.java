/**
 * AMD SEV-SNP attestation for Mayfly: parse a report ({@code snp.abi}), check that it is authentic
 * ({@code snp.verify}), check that it is acceptable ({@code snp.validate}), and obtain evidence on a
 * real platform ({@code snp.evidence}; simulated evidence comes from the {@code mayfly-simulation}
 * module, for demos and tests only).
 *
 * <p>Typical use: {@code SnpVerifier.create(options).verify(evidence)} returns a
 * {@code VerifiedReport}; {@code PolicyValidator.create(policy).validate(verified, expectations)}
 * returns a {@code ValidatedReport} or throws one exception listing every mismatch.
 *
 * @since 0.1.0
 */
@NullMarked
package dev.mayfly.snp;

import org.jspecify.annotations.NullMarked;

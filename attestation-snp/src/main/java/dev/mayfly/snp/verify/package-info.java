/**
 * Is the report authentic? {@link dev.mayfly.snp.verify.SnpVerifier} checks the chain ARK to
 * ASK/ASVK to VCEK/VLEK, the certificate extensions against the report, and the report's ECDSA
 * P-384 signature, and returns a {@link dev.mayfly.snp.verify.VerifiedReport}.
 *
 * @since 0.1.0
 */
@NullMarked
package dev.mayfly.snp.verify;

import org.jspecify.annotations.NullMarked;

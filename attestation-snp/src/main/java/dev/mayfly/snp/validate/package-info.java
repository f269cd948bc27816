/**
 * Is the verified report acceptable? A {@link dev.mayfly.snp.validate.TeePolicy} says what a peer
 * must prove (DESIGN.md §4) and has a stable hash, the TEE_POLICY_HASH;
 * {@link dev.mayfly.snp.validate.PolicyValidator} checks a {@code VerifiedReport} against it and
 * the per-call {@link dev.mayfly.snp.validate.ReportExpectations}, reporting every mismatch at once.
 *
 * @since 0.1.0
 */
@NullMarked
package dev.mayfly.snp.validate;

import org.jspecify.annotations.NullMarked;

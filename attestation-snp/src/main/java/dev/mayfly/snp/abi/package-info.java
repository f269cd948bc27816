/**
 * Bytes to a typed SEV-SNP attestation report and back (SEV-SNP Firmware ABI specification,
 * §7.3, table "ATTESTATION_REPORT Structure"). No cryptography and no policy here: a parsed
 * {@link dev.mayfly.snp.abi.AttestationReport} is well-formed, not authentic.
 *
 * @since 0.1.0
 */
@NullMarked
package dev.mayfly.snp.abi;

import org.jspecify.annotations.NullMarked;

/**
 * Fetching VCEKs, certificate chains and CRLs from AMD's key distribution service (KDS), behind
 * the {@link dev.mayfly.snp.kds.CertificateFetcher} interface. Nothing here is used unless a
 * host passes a fetcher: verification is offline by default.
 *
 * @since 0.1.0
 */
@NullMarked
package dev.mayfly.snp.kds;

import org.jspecify.annotations.NullMarked;

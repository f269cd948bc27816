/**
 * In-process authorities for demos and tests: an ECDSA P-256 certificate authority that issues
 * ephemeral leaves from CSRs ({@code TestCertificateAuthority}) and an RFC 3161 time-stamping
 * authority ({@code TestTimestampAuthority}), both with keys made at run time.
 *
 * <p><b>Security:</b> simulation only; their keys live in memory and nothing they sign should be
 * trusted outside tests and demos. A deployment uses its own {@code CertificateIssuer} and a real
 * TSA ({@code HttpTsaClient}).
 *
 * @since 0.1.0
 */
@NullMarked
package dev.mayfly.simulation.cert;

import org.jspecify.annotations.NullMarked;

/**
 * Minting: the certificate profile (DESIGN.md section 5), its deterministic to-be-signed bytes, a Bouncy Castle {@code ContentSigner} over a threshold signing function, and the two issuance modes.
 *
 * @since 0.1.0
 */
@NullMarked
package dev.mayfly.cert.mint;

import org.jspecify.annotations.NullMarked;

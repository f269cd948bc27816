/**
 * Ephemeral code-signing certificates for Mayfly: the checked exceptions of this module. Minting lives in {@code cert.mint}, timestamps in {@code cert.tsa}, Sigstore bundles in {@code cert.bundle}, the evidence document in {@code cert.evidence} and the verifier in {@code cert.verify}.
 *
 * @since 0.1.0
 */
@NullMarked
package dev.mayfly.cert;

import org.jspecify.annotations.NullMarked;

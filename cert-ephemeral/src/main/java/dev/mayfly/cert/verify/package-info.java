/**
 * The verifier for artifact, Sigstore bundle and evidence document (order and codes in {@code docs/verification.md}).
 *
 * @since 0.1.0
 */
@NullMarked
package dev.mayfly.cert.verify;

import org.jspecify.annotations.NullMarked;

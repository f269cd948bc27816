/**
 * Sigstore bundle v0.3 and {@code trusted_root.json} writing and parsing, following the bundle rules of DESIGN.md section 5.
 *
 * @since 0.1.0
 */
@NullMarked
package dev.mayfly.cert.bundle;

import org.jspecify.annotations.NullMarked;

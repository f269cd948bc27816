/**
 * RFC 3161 timestamps over signatures: the TSA client interface, an HTTP client and token
 * verification. The in-process test TSA (demos and tests only) is in the {@code mayfly-simulation}
 * module.
 *
 * @since 0.1.0
 */
@NullMarked
package dev.mayfly.cert.tsa;

import org.jspecify.annotations.NullMarked;

/**
 * RFC 3161 timestamps over signatures: the TSA client interface, an HTTP client, token verification, and an in-process test TSA.
 *
 * @since 0.1.0
 */
@NullMarked
package dev.mayfly.cert.tsa;

import org.jspecify.annotations.NullMarked;

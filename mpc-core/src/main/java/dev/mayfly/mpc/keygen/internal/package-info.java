/**
 * Key generation implementation: secret polynomials, Feldman checks, the DKG proof of knowledge,
 * and a trusted dealer that exists only to replay test vectors. Not API.
 *
 * @since 0.1.0
 */
@NullMarked
package dev.mayfly.mpc.keygen.internal;

import org.jspecify.annotations.NullMarked;

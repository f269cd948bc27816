/**
 * The public computations of FROST signing (binding factors, group commitment, challenge,
 * Lagrange coefficients, verification). Not API.
 *
 * @since 0.1.0
 */
@NullMarked
package dev.mayfly.mpc.sign.internal;

import org.jspecify.annotations.NullMarked;

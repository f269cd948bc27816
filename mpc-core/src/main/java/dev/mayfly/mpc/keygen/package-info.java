/**
 * Distributed key generation for FROST: the {@link dev.mayfly.mpc.keygen.DkgParticipant} state
 * machine, its messages, and its outcome ({@link dev.mayfly.mpc.keygen.KeyShare},
 * {@link dev.mayfly.mpc.keygen.PublicKeyPackage}).
 *
 * @since 0.1.0
 */
@NullMarked
package dev.mayfly.mpc.keygen;

import org.jspecify.annotations.NullMarked;

/**
 * Threshold ECDSA on P-256 after Doerner, Kondi, Lee and shelat, "Threshold ECDSA in Three Rounds"
 * (IEEE S&amp;P 2024, ePrint 2023/765): the key generation
 * ({@link dev.mayfly.mpc.ecdsa.EcdsaDkgParticipant}) with the pairwise OT and zero-sharing setup,
 * the three-round signing state machine ({@link dev.mayfly.mpc.ecdsa.EcdsaSigningParticipant}),
 * their messages, and the results ({@link dev.mayfly.mpc.ecdsa.EcdsaKeyShare},
 * {@link dev.mayfly.mpc.ecdsa.EcdsaPublicKey}, {@link dev.mayfly.mpc.ecdsa.EcdsaSignature}, a
 * standard ECDSA P-256 / SHA-256 signature).
 *
 * <p><b>Security:</b> see the "What is and is not proven or implemented" section of
 * {@code docs/mpc.md} before relying on this package.
 *
 * @since 0.1.0
 */
@NullMarked
package dev.mayfly.mpc.ecdsa;

import org.jspecify.annotations.NullMarked;

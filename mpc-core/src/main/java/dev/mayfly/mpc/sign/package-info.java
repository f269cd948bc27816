/**
 * FROST signing (RFC 9591 §5): round one ({@link dev.mayfly.mpc.sign.Round1}), round two
 * ({@link dev.mayfly.mpc.sign.Round2}), aggregation with identifiable abort
 * ({@link dev.mayfly.mpc.sign.Aggregator}), and the per-signer state machine
 * {@link dev.mayfly.mpc.sign.SigningParticipant}.
 *
 * @since 0.1.0
 */
@NullMarked
package dev.mayfly.mpc.sign;

import org.jspecify.annotations.NullMarked;

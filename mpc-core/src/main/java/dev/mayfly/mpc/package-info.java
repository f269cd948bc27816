/**
 * Mayfly's MPC core: FROST threshold Schnorr signatures (RFC 9591) with a distributed key
 * generation, as sans-I/O state machines ({@link dev.mayfly.mpc.keygen.DkgParticipant},
 * {@link dev.mayfly.mpc.sign.SigningParticipant}) that exchange {@link dev.mayfly.mpc.ProtocolMessage}s,
 * threshold ECDSA P-256 after DKLs23 ({@link dev.mayfly.mpc.ecdsa}), plus
 * {@link dev.mayfly.mpc.InProcessFrost} and {@link dev.mayfly.mpc.InProcessEcdsa} to run everything
 * inside one JVM for tests, demos and benchmarks. No I/O happens here.
 *
 * @since 0.1.0
 */
@NullMarked
package dev.mayfly.mpc;

import org.jspecify.annotations.NullMarked;

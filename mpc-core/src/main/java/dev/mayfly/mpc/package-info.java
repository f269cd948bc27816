/**
 * Mayfly's MPC core: FROST threshold Schnorr signatures (RFC 9591) with a distributed key
 * generation, as sans-I/O state machines ({@link dev.mayfly.mpc.keygen.DkgParticipant},
 * {@link dev.mayfly.mpc.sign.SigningParticipant}) that exchange {@link dev.mayfly.mpc.ProtocolMessage}s,
 * and threshold ECDSA P-256 after DKLs23 ({@link dev.mayfly.mpc.ecdsa}). No I/O happens here. (The
 * in-process runners that drive every party in one JVM, {@code InProcessFrost} and {@code
 * InProcessEcdsa}, are test fixtures in this module's test jar, never in the production jar.)
 *
 * @since 0.1.0
 */
@NullMarked
package dev.mayfly.mpc;

import org.jspecify.annotations.NullMarked;

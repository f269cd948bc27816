/**
 * The Mayfly transport SPI: the {@link dev.mayfly.transport.Transport} interface and its provider
 * discovery, signed {@link dev.mayfly.transport.Envelope}s, the receiver-side checks
 * ({@link dev.mayfly.transport.EnvelopeVerifier}, {@link dev.mayfly.transport.Inbox}), echo
 * broadcast ({@link dev.mayfly.transport.EchoBroadcast}) and the per-party
 * {@link dev.mayfly.transport.SessionChannel} that ties them together (DESIGN.md section 3).
 *
 * <p><b>Security:</b> a transport only moves bytes and is not trusted. Every envelope is signed by
 * its sender's session identity key and checked by the receiver; a faulty transport or relay can
 * delay, drop or garble messages (which aborts a ceremony and names a party) but cannot make a
 * party accept a message its sender did not sign.
 *
 * @since 0.1.0
 */
@NullMarked
package dev.mayfly.transport;

import org.jspecify.annotations.NullMarked;

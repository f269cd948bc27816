/**
 * FROST ciphersuites (RFC 9591 §6): {@link dev.mayfly.mpc.ciphersuite.Ed25519Sha512} and
 * {@link dev.mayfly.mpc.ciphersuite.P256Sha256}, and their public group elements.
 *
 * @since 0.1.0
 */
@NullMarked
package dev.mayfly.mpc.ciphersuite;

import org.jspecify.annotations.NullMarked;

/**
 * Group, scalar-field and hash arithmetic behind the ciphersuites (edwards25519 on Bouncy
 * Castle's X25519Field, P-256 on Bouncy Castle's custom curve). Not API.
 *
 * @since 0.1.0
 */
@NullMarked
package dev.mayfly.mpc.ciphersuite.internal;

import org.jspecify.annotations.NullMarked;

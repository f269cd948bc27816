/**
 * Implementation of threshold ECDSA: domain-separated hashes, GF(2^128), the simplest-OT base
 * OTs, KOS15 OT extension, the DKLs19 two-party multiplication and the per-pair setup. Not API.
 *
 * @since 0.1.0
 */
@NullMarked
package dev.mayfly.mpc.ecdsa.internal;

import org.jspecify.annotations.NullMarked;

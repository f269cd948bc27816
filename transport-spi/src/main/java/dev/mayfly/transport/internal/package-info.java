/**
 * Implementation helpers of the transport SPI (byte codecs, hashing, Ed25519 calls); not API, may
 * change in any release.
 *
 * @since 0.1.0
 */
@NullMarked
package dev.mayfly.transport.internal;

import org.jspecify.annotations.NullMarked;

/**
 * Big-endian byte codecs for Mayfly's strict binary formats: {@link
 * dev.mayfly.common.bytes.ByteWriter} builds encodings, {@link dev.mayfly.common.bytes.ByteReader}
 * reads untrusted bytes and fails only with {@link
 * dev.mayfly.common.bytes.MalformedBytesException}, which each decoder turns into its own typed
 * error at its boundary.
 *
 * @since 0.1.0
 */
@NullMarked
package dev.mayfly.common.bytes;

import org.jspecify.annotations.NullMarked;

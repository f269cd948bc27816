/**
 * Implementation helpers of the approval module: strict JSON reading, base64 and hex codecs,
 * RFC 3339 times and length-prefixed digests. Not API: anything here may change in any release.
 *
 * @since 0.1.0
 */
@NullMarked
package dev.mayfly.approval.internal;

import org.jspecify.annotations.NullMarked;

/**
 * DSSE v1 (Dead Simple Signing Envelope, secure-systems-lab/dsse {@code protocol.md} and
 * {@code envelope.md}): the pre-authentication encoding, the JSON envelope, and threshold
 * verification against trusted keys.
 *
 * @since 0.1.0
 */
@NullMarked
package dev.mayfly.approval.dsse;

import org.jspecify.annotations.NullMarked;

/**
 * Implementation helpers of the cert-ephemeral module; not API.
 *
 * @since 0.1.0
 */
@NullMarked
package dev.mayfly.cert.internal;

import org.jspecify.annotations.NullMarked;

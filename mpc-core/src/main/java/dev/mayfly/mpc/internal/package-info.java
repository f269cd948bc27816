/**
 * Implementation shared by the mpc-core protocols: the common message layout. Not API.
 *
 * @since 0.1.0
 */
@NullMarked
package dev.mayfly.mpc.internal;

import org.jspecify.annotations.NullMarked;

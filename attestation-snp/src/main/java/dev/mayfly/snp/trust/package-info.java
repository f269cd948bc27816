/**
 * The AMD root of trust: the ARK, ASK and ASVK certificates of Milan, Genoa and Turin, embedded
 * in this jar and pinned by SHA-256.
 *
 * @since 0.1.0
 */
@NullMarked
package dev.mayfly.snp.trust;

import org.jspecify.annotations.NullMarked;

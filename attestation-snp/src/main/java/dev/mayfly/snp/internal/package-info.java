/**
 * Implementation of the attestation module: byte helpers, certificate parsing, the chain and
 * signature checks. Not API; may change in any release.
 *
 * @since 0.1.0
 */
@NullMarked
package dev.mayfly.snp.internal;

import org.jspecify.annotations.NullMarked;

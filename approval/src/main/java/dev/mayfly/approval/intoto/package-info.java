/**
 * in-toto Statement v1 (in-toto/attestation {@code spec/v1/statement.md}): the subject list with
 * sha256 digests, the predicate type and the predicate, as the payload of a DSSE envelope.
 *
 * @since 0.1.0
 */
@NullMarked
package dev.mayfly.approval.intoto;

import org.jspecify.annotations.NullMarked;

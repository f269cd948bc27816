/**
 * Approvals of an artifact before a signing ceremony (DESIGN.md §6): the approval statement and
 * its signer, approver sets and policies, and quorum verification that returns an
 * {@link dev.mayfly.approval.ApprovedQuorum} proof or throws.
 *
 * <p>An approval is a DSSE envelope ({@link dev.mayfly.approval.dsse}) of an in-toto Statement v1
 * ({@link dev.mayfly.approval.intoto}) with predicate type {@code urn:mayfly:approval:v1}, signed
 * by an approver key ({@link dev.mayfly.approval.keys}).
 *
 * @since 0.1.0
 */
@NullMarked
package dev.mayfly.approval;

import org.jspecify.annotations.NullMarked;

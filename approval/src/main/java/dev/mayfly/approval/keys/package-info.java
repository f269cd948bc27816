/**
 * Approver keys: {@link dev.mayfly.approval.keys.ApproverPublicKey} (SubjectPublicKeyInfo, PEM,
 * key id, signature verification) and the secret {@link dev.mayfly.approval.keys.ApproverSigningKey}
 * (generation, PKCS#8 PEM, signing), for Ed25519 (RFC 8032) and ECDSA P-256 with SHA-256.
 *
 * @since 0.1.0
 */
@NullMarked
package dev.mayfly.approval.keys;

import org.jspecify.annotations.NullMarked;

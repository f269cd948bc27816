/**
 * Types every Mayfly module shares: the {@link dev.mayfly.common.ErrorCode} model, the checked
 * {@link dev.mayfly.common.MayflyException} root, {@link dev.mayfly.common.PartyId}, and the secret
 * holders ({@link dev.mayfly.common.SecretBytes}) whose raw bytes only come out with a
 * {@link dev.mayfly.common.SecretAccess} token.
 *
 * @since 0.1.0
 */
@NullMarked
package dev.mayfly.common;

import org.jspecify.annotations.NullMarked;

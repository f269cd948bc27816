/**
 * Implementation shared by every module and not API: the strict reader of outside JSON, hex and
 * SHA-256. Nothing here is stable; hosts must not use it.
 */
@NullMarked
package dev.mayfly.common.internal;

import org.jspecify.annotations.NullMarked;

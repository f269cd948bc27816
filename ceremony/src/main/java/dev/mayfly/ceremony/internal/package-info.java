/**
 * Implementation of the ceremony: message encodings, HPKE boxes, the per-party session engine.
 * Not API.
 */
@NullMarked
package dev.mayfly.ceremony.internal;

import org.jspecify.annotations.NullMarked;

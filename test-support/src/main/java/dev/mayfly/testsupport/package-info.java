/**
 * Test-only helpers shared by every module's tests: {@link dev.mayfly.testsupport.Seeded} runs
 * property tests over a seeded generator and prints the seed of a failing case;
 * {@link dev.mayfly.testsupport.DecoderContract} is what each fuzz target asserts of a decoder.
 */
@NullMarked
package dev.mayfly.testsupport;

import org.jspecify.annotations.NullMarked;

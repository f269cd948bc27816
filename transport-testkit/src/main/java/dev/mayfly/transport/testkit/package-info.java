/**
 * The conformance suite every Mayfly transport passes: extend
 * {@link dev.mayfly.transport.testkit.TransportConformanceTest} in the transport's tests and
 * return connected endpoints from {@link dev.mayfly.transport.testkit.TransportFixture}.
 *
 * @since 0.1.0
 */
@NullMarked
package dev.mayfly.transport.testkit;

import org.jspecify.annotations.NullMarked;

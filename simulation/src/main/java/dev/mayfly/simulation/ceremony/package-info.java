/**
 * Every party of a signing ceremony in one JVM ({@code LocalCeremony}): the engine of {@code
 * ./mayfly demo}, of the fault-matrix tests and of the ceremony benchmark, with simulated
 * attestation, generated approvers, the test TSA and CA, and fault injection (network faults,
 * misconfigured parties, and parties that misbehave through the ceremony's hook seam).
 *
 * <p><b>Security:</b> simulation only, for demos and tests; never in production. The output is
 * labelled SIMULATED and ordinary verifiers refuse it.
 *
 * @since 0.1.0
 */
@NullMarked
package dev.mayfly.simulation.ceremony;

import org.jspecify.annotations.NullMarked;

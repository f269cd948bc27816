/**
 * Simulation for demos and tests, never for production: everything that only pretends to be a
 * part of a real deployment. {@code simulation.snp}: a simulated AMD key hierarchy, simulated
 * chips and their evidence provider; {@code simulation.cert}: an in-process test CA and test TSA;
 * {@code simulation.ceremony}: every party of a ceremony in one JVM ({@code LocalCeremony}).
 *
 * <p><b>Security:</b> nothing made here proves anything. Simulated evidence chains to a root
 * anyone can make, and a default verifier refuses it; only a verifier opted in with {@code
 * allowSimulatedEvidenceInsecure()} accepts it, and output made with it is labelled SIMULATED.
 * No library module depends on this one; {@code mayfly demo}, the tests and the benchmarks do.
 *
 * @since 0.1.0
 */
@NullMarked
package dev.mayfly.simulation;

import org.jspecify.annotations.NullMarked;

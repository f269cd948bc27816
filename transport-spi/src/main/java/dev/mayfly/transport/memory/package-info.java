/**
 * The in-memory transport, the embedded default for tests and the one-process demo: an
 * {@link dev.mayfly.transport.memory.InMemoryNetwork} connects the parties of one session and can
 * inject seeded, deterministic faults described by a {@link dev.mayfly.transport.memory.FaultPlan}
 * (drop, delay, duplicate, reorder, corrupt, equivocate, crash).
 *
 * <p>Each network is independent: nothing is shared between networks, so many sessions can run
 * side by side in one JVM.
 *
 * @since 0.1.0
 */
@NullMarked
package dev.mayfly.transport.memory;

import org.jspecify.annotations.NullMarked;

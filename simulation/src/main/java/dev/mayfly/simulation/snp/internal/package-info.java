/**
 * Implementation of the simulated AMD key hierarchy: certificate and CRL building and the
 * signatures of simulated keys. Simulation only; not API, and may change in any release.
 */
@NullMarked
package dev.mayfly.simulation.snp.internal;

import org.jspecify.annotations.NullMarked;

/**
 * The Mayfly signing ceremony (DESIGN.md section 1): approve, attest, generate, mint, sign,
 * destroy, bundle.
 *
 * <p>Entry points: {@link dev.mayfly.ceremony.Signer}, the signing entry point with presets (one
 * party over the host's transport here; a client of party servers in {@code mayfly-party-server};
 * a local simulated deployment in {@code mayfly-simulation}). Beneath it, {@link
 * dev.mayfly.ceremony.CeremonyParty} runs one party over any {@code Transport} (hosts that give
 * each party its own process or enclave) and {@link dev.mayfly.ceremony.BundleAssembler} turns a
 * party's result into the output files.
 * Running every party in one JVM with simulated attestation ({@code LocalCeremony}, for demos and
 * tests only) is in the {@code mayfly-simulation} module.
 *
 * @since 0.1.0
 */
@NullMarked
package dev.mayfly.ceremony;

import org.jspecify.annotations.NullMarked;

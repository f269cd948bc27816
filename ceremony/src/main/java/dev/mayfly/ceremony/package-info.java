/**
 * The Mayfly signing ceremony (DESIGN.md section 1): approve, attest, generate, mint, sign,
 * destroy, bundle.
 *
 * <p>Entry points: {@link dev.mayfly.ceremony.CeremonyParty} runs one party over any {@code
 * Transport} (hosts that give each party its own process or enclave);
 * {@link dev.mayfly.ceremony.LocalCeremony} runs every party in one JVM over the in-memory
 * transport; {@link dev.mayfly.ceremony.BundleAssembler} turns a party's result into the output
 * files.
 *
 * @since 0.1.0
 */
@NullMarked
package dev.mayfly.ceremony;

import org.jspecify.annotations.NullMarked;

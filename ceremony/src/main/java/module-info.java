/**
 * Ceremonies: a party ({@link dev.mayfly.ceremony.CeremonyParty}) running key generation,
 * approvals, attestation, signing and key destruction over a transport, and the assembler of the
 * output files. The {@code internal} package is exported only to {@code dev.mayfly.party} and
 * {@code dev.mayfly.simulation}; it is not API. Simulated attestation is found with
 * {@link java.util.ServiceLoader}, only when {@code dev.mayfly.simulation} is present.
 *
 * @since 0.1.0
 */
@SuppressWarnings({"module", "requires-automatic"}) // Tink ships no module descriptor
module dev.mayfly.ceremony {
  requires transitive dev.mayfly.common;
  requires transitive dev.mayfly.transport;
  requires transitive dev.mayfly.mpc;
  requires transitive dev.mayfly.snp;
  requires transitive dev.mayfly.approval;
  requires transitive dev.mayfly.cert;
  requires static transitive org.jspecify;
  requires com.google.crypto.tink;
  requires org.bouncycastle.provider;

  exports dev.mayfly.ceremony;

  exports dev.mayfly.ceremony.internal to dev.mayfly.party, dev.mayfly.simulation;

  uses dev.mayfly.ceremony.internal.SimulationSupport;
}

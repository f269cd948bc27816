/**
 * Simulation for tests and demos only: simulated SEV-SNP chips and their authority, a test
 * certificate authority and timestamp authority, a whole simulated deployment ({@link
 * dev.mayfly.simulation.SimulatedDeployment}) and {@link
 * dev.mayfly.simulation.ceremony.LocalCeremony}. Evidence made here proves nothing; never put this
 * module on a production module path. It provides the ceremony module's simulation hook to
 * {@link java.util.ServiceLoader}.
 *
 * @since 0.1.0
 */
module dev.mayfly.simulation {
  requires transitive dev.mayfly.ceremony;
  requires static transitive org.jspecify;
  requires transitive jdk.httpserver; // TestTimestampAuthority.handler() is an HttpHandler
  requires org.bouncycastle.provider;
  requires org.bouncycastle.pkix;
  requires org.bouncycastle.util;

  exports dev.mayfly.simulation;
  exports dev.mayfly.simulation.ceremony;
  exports dev.mayfly.simulation.cert;
  exports dev.mayfly.simulation.snp;

  provides dev.mayfly.ceremony.internal.SimulationSupport
      with dev.mayfly.simulation.party.PartySimulationSupport;
}

package dev.mayfly.ceremony.internal;

import dev.mayfly.cert.tsa.TsaClient;
import dev.mayfly.snp.AttestationException;
import dev.mayfly.snp.evidence.EvidenceProvider;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * What a host (the party server, the signing client) needs to run a <b>simulated</b> deployment:
 * a simulated chip under a shared simulated authority file, that authority's root, and an
 * in-process test time-stamping authority. Implemented only by the {@code mayfly-simulation}
 * module and found with {@link ServiceLoader}, so that no production jar holds simulation code:
 * a deployment without that module on its class path cannot run simulated, whatever its
 * configuration says. Not API.
 */
public interface SimulationSupport {
  /** A simulated chip of this process: its evidence provider, its authority's ARK, its keys. */
  record Chip(EvidenceProvider provider, byte[] arkDer, AutoCloseable keys) {}

  /** An in-process test TSA and its chain (TSA first). */
  record LocalTsa(TsaClient client, List<X509Certificate> chain) {}

  /**
   * A new chip with a random CHIP_ID under the authority in {@code authorityFile}, reporting
   * {@code measurement}.
   *
   * @throws IOException if the file cannot be read
   * @throws AttestationException if it is not a simulated authority file
   */
  Chip chip(Path authorityFile, byte[] measurement, SecureRandom random)
      throws IOException, AttestationException;

  /** The simulated ARK (DER) of the authority in {@code authorityFile}, for pinning. */
  byte[] arkDer(Path authorityFile) throws IOException, AttestationException;

  /** Writes a new simulated authority to {@code file} with owner-only permissions. */
  void writeAuthority(Path file) throws IOException;

  /** A fresh in-process test time-stamping authority. */
  LocalTsa testTimestampAuthority(Clock clock);

  /** The simulation module's support, if it is on the class path. */
  static Optional<SimulationSupport> find() {
    return ServiceLoader.load(SimulationSupport.class, SimulationSupport.class.getClassLoader())
        .findFirst();
  }
}

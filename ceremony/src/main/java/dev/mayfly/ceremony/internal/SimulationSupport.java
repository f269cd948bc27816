package dev.mayfly.ceremony.internal;

import dev.mayfly.ceremony.CeremonyException;
import dev.mayfly.cert.mint.GroupKeyAlgorithm;
import dev.mayfly.cert.tsa.TsaClient;
import dev.mayfly.common.MayflyException;
import dev.mayfly.snp.AttestationException;
import dev.mayfly.snp.evidence.EvidenceProvider;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What a host (the party server, the signing client, the Maven plugin) needs to run a
 * <b>simulated</b> deployment: a simulated chip under a shared simulated authority file, that
 * authority's root, an in-process test time-stamping authority, and a whole release ceremony run
 * locally. Implemented only by the {@code mayfly-simulation}
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
   * A release to sign in one local ceremony: every party in this JVM, simulated attestation,
   * generated approvers who approve the list, the test TSA and (if {@code testCa}) the test CA.
   *
   * @param artifacts the artifacts by name, in signing order (names unique)
   * @param parties the number of parties
   * @param threshold the signing threshold
   * @param algorithm the group key's algorithm
   * @param testCa whether the certificate is issued by the in-process test CA (else
   *     self-attested)
   * @param faults faults to inject, in {@code mayfly demo --fault} syntax; empty for none
   * @param phaseTimeout the deadline of every phase
   * @param authorityFile where to keep the simulated authority between runs, or null for a fresh
   *     one
   * @param jars the names of the artifacts to sign also in the JAR format (raw mode only)
   */
  record LocalRelease(Map<String, byte[]> artifacts, int parties, int threshold,
      GroupKeyAlgorithm algorithm, boolean testCa, String faults, Duration phaseTimeout,
      @Nullable Path authorityFile, Set<String> jars) {}

  /**
   * What a local release ceremony produced.
   *
   * @param sessionIdHex the session id, hex
   * @param teePolicyHash the TEE policy hash the parties were pinned to
   * @param approvalPolicyJson the approval policy (approvers and quorum) a verifier must expect
   * @param files by artifact name, that artifact's output files by file name ({@code NAME.sig},
   *     {@code NAME.sigstore.json}, {@code NAME.mayfly.json}, ...)
   * @param certificatePem the release's one certificate, PEM
   * @param trustedRoot the Sigstore trusted root of the test CA and TSA, when the test CA issued
   * @param signedJars by artifact name, the JAR signed in the JAR format, for each of {@link
   *     LocalRelease#jars()}
   */
  record LocalReleaseOutput(String sessionIdHex, byte[] teePolicyHash, byte[] approvalPolicyJson,
      Map<String, Map<String, byte[]>> files, byte[] certificatePem,
      Optional<byte[]> trustedRoot, Map<String, byte[]> signedJars) {}

  /**
   * Signs {@code release} in one local simulated ceremony.
   *
   * @throws CeremonyException the honest parties' agreed abort
   * @throws MayflyException if the simulated set-up fails
   * @throws IllegalArgumentException for an impossible configuration (threshold, faults)
   * @throws InterruptedException if interrupted while waiting for the parties
   */
  LocalReleaseOutput signLocally(LocalRelease release)
      throws MayflyException, InterruptedException;

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

package dev.mayfly.simulation.party;

import static java.util.Objects.requireNonNull;

import dev.mayfly.ceremony.ArtifactMode;
import dev.mayfly.ceremony.CeremonyException;
import dev.mayfly.ceremony.CeremonyOptions;
import dev.mayfly.ceremony.CeremonyOutput;
import dev.mayfly.ceremony.internal.SimulationSupport;
import dev.mayfly.cert.mint.IssuanceMode;
import dev.mayfly.common.MayflyException;
import dev.mayfly.common.PartyId;
import dev.mayfly.simulation.ceremony.LocalCeremony;
import dev.mayfly.simulation.cert.TestTimestampAuthority;
import dev.mayfly.simulation.snp.SimulatedAuthority;
import dev.mayfly.simulation.snp.SimulatedChip;
import dev.mayfly.simulation.snp.SimulatedEvidenceProvider;
import dev.mayfly.snp.AttestationException;
import dev.mayfly.snp.abi.Product;
import dev.mayfly.snp.abi.TcbVersion;
import dev.mayfly.snp.evidence.EvidenceProvider;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The simulated deployment of party processes ({@code mayfly party serve} with {@code
 * evidence.provider = simulated-insecure}, {@code mayfly sign} with the test TSA): found by the
 * party server and the signing client through {@link SimulationSupport}, only when this module is
 * on the class path. Simulated evidence and the test TSA prove nothing; output made with them is
 * labelled SIMULATED.
 */
public final class PartySimulationSupport implements SimulationSupport {
  /** The TCB simulated chips certify. */
  private static final TcbVersion TCB = TcbVersion.of(3, 0, 8, 115);

  /** For {@link java.util.ServiceLoader}. */
  public PartySimulationSupport() {}

  @Override
  public Chip chip(Path authorityFile, byte[] measurement, SecureRandom random)
      throws IOException, AttestationException {
    requireNonNull(measurement, "measurement");
    SimulatedAuthority authority = SimulatedAuthority.readInsecure(authorityFile);
    try {
      byte[] chipId = new byte[64];
      random.nextBytes(chipId);
      SimulatedChip chip = authority.newChip(chipId, TCB);
      EvidenceProvider provider = SimulatedEvidenceProvider.builder(chip)
          .measurement(measurement).random(random).build();
      return new Chip(provider, authority.arkDer(), chip::destroy);
    } finally {
      authority.destroy();
    }
  }

  @Override
  public byte[] arkDer(Path authorityFile) throws IOException, AttestationException {
    try (SimulatedAuthority authority = SimulatedAuthority.readInsecure(authorityFile)) {
      return authority.arkDer();
    }
  }

  @Override
  public void writeAuthority(Path file) throws IOException {
    try (SimulatedAuthority authority = SimulatedAuthority.generate(Product.MILAN)) {
      authority.writeInsecure(file);
    }
  }

  @Override
  public LocalReleaseOutput signLocally(LocalRelease release)
      throws MayflyException, InterruptedException {
    requireNonNull(release, "release");
    if (release.artifacts().isEmpty()) {
      throw new IllegalArgumentException("a release needs at least one artifact");
    }
    boolean large = release.artifacts().values().stream()
        .anyMatch(bytes -> bytes.length > CeremonyOptions.DEFAULT_RAW_ARTIFACT_MAX_BYTES);
    LocalCeremony.Builder builder = LocalCeremony.builder()
        .parties(release.parties()).threshold(release.threshold())
        .algorithm(release.algorithm())
        .artifactMode(large ? ArtifactMode.STATEMENT : ArtifactMode.RAW)
        .issuance(release.testCa() ? IssuanceMode.CA_ISSUED : IssuanceMode.SELF_ATTESTED)
        .phaseTimeout(release.phaseTimeout());
    release.artifacts().forEach(builder::artifact);
    if (!release.jars().isEmpty() && large) {
      throw new IllegalArgumentException("JAR signing needs raw mode: each artifact at most "
          + CeremonyOptions.DEFAULT_RAW_ARTIFACT_MAX_BYTES + " bytes");
    }
    release.jars().forEach(builder::signJar);
    if (!release.faults().isEmpty()) {
      builder.faults(release.faults());
    }
    SimulatedAuthority authority = null;
    try {
      if (release.authorityFile() != null) {
        authority = SimulatedAuthority.readOrCreateInsecure(release.authorityFile(),
            Product.MILAN, new SecureRandom(), Instant.now());
        builder.simulatedAuthority(authority);
      }
      try (LocalCeremony ceremony = builder.build()) {
        LocalCeremony.Outcome outcome = ceremony.run();
        if (!outcome.succeeded()) {
          throw outcome.honestAbort().orElseGet(() -> firstAbort(outcome));
        }
        CeremonyOutput output = outcome.output().orElseThrow();
        Map<String, Map<String, byte[]>> files = new LinkedHashMap<>();
        Map<String, byte[]> signedJars = new LinkedHashMap<>();
        for (CeremonyOutput.Artifact artifact : output.artifacts()) {
          String name = artifact.artifact().name();
          artifact.signedJar().ifPresent(jar -> signedJars.put(name, jar));
          Map<String, byte[]> own = new LinkedHashMap<>();
          own.put(name + ".sig", artifact.signature());
          own.put(name + ".sigstore.json", artifact.sigstoreBundle());
          own.put(name + ".mayfly.json", output.evidence());
          files.put(name, own);
        }
        return new LocalReleaseOutput(outcome.proposal().sessionId().toHex(),
            outcome.proposal().teePolicyHash(),
            outcome.proposal().approvalPolicy().toJsonBytes(), files, output.certificatePem(),
            output.trustedRoot(), signedJars);
      }
    } catch (IOException e) {
      throw new AttestationException(dev.mayfly.common.ErrorCode.SNP_EVIDENCE_UNAVAILABLE,
          "the simulated authority file " + release.authorityFile() + " is unusable: " + e, e);
    } finally {
      if (authority != null) {
        authority.destroy();
      }
    }
  }

  private static CeremonyException firstAbort(LocalCeremony.Outcome outcome) {
    for (PartyId party : outcome.honestParties()) {
      CeremonyException abort = outcome.aborts().get(party);
      if (abort != null) {
        return abort;
      }
    }
    return outcome.aborts().values().iterator().next();
  }

  @Override
  public LocalTsa testTimestampAuthority(Clock clock) {
    TestTimestampAuthority tsa = TestTimestampAuthority.generate(clock);
    return new LocalTsa(tsa, tsa.chain());
  }
}

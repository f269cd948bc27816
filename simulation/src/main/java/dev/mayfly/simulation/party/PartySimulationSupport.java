package dev.mayfly.simulation.party;

import static java.util.Objects.requireNonNull;

import dev.mayfly.ceremony.internal.SimulationSupport;
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
  public LocalTsa testTimestampAuthority(Clock clock) {
    TestTimestampAuthority tsa = TestTimestampAuthority.generate(clock);
    return new LocalTsa(tsa, tsa.chain());
  }
}

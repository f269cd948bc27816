package dev.mayfly.party.internal;

import static java.util.Objects.requireNonNull;

import dev.mayfly.cert.tsa.TestTimestampAuthority;
import dev.mayfly.cert.tsa.TsaClient;
import dev.mayfly.snp.AttestationException;
import dev.mayfly.snp.abi.Product;
import dev.mayfly.snp.abi.TcbVersion;
import dev.mayfly.snp.evidence.EvidenceProvider;
import dev.mayfly.snp.evidence.SimulatedAuthority;
import dev.mayfly.snp.evidence.SimulatedChip;
import dev.mayfly.snp.evidence.SimulatedEvidenceProvider;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;

/**
 * The one place the party server and signing client touch the simulation: a simulated chip under
 * a shared simulated authority file, its root for pinning, and the in-process test TSA. Reached
 * only through configuration keys and options whose names say insecure. Simulated evidence and
 * the test TSA prove nothing; output made with them is labelled SIMULATED.
 */
public final class Simulation {
  /** The TCB simulated chips certify. */
  private static final TcbVersion TCB = TcbVersion.of(3, 0, 8, 115);

  private Simulation() {}

  /** A simulated chip of this process: its evidence provider, its authority's ARK, its keys. */
  public record Chip(EvidenceProvider provider, byte[] arkDer, AutoCloseable keys) {}

  /**
   * A new chip with a random CHIP_ID under the authority in {@code authorityFile}, reporting
   * {@code measurement}.
   *
   * @throws IOException if the file cannot be read
   * @throws AttestationException if it is not a simulated authority file
   */
  public static Chip chip(Path authorityFile, byte[] measurement, SecureRandom random)
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

  /**
   * The simulated ARK (DER) of the authority in {@code authorityFile}, for a client that pins it.
   */
  public static byte[] arkDer(Path authorityFile) throws IOException, AttestationException {
    try (SimulatedAuthority authority = SimulatedAuthority.readInsecure(authorityFile)) {
      return authority.arkDer();
    }
  }

  /** Writes a new simulated authority (Milan) to {@code file} with owner-only permissions. */
  public static void writeAuthority(Path file) throws IOException {
    try (SimulatedAuthority authority = SimulatedAuthority.generate(Product.MILAN)) {
      authority.writeInsecure(file);
    }
  }

  /** An in-process test TSA and its chain (TSA first). */
  public record TestTsa(TsaClient client, List<X509Certificate> chain) {}

  /** A fresh in-process test time-stamping authority. */
  public static TestTsa testTimestampAuthority(Clock clock) {
    TestTimestampAuthority tsa = TestTimestampAuthority.generate(clock);
    return new TestTsa(tsa, tsa.chain());
  }
}

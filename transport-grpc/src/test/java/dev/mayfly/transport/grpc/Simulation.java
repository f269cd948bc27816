package dev.mayfly.transport.grpc;

import dev.mayfly.common.PartyId;
import dev.mayfly.simulation.snp.SimulatedAuthority;
import dev.mayfly.simulation.snp.SimulatedChip;
import dev.mayfly.simulation.snp.SimulatedEvidenceProvider;
import dev.mayfly.snp.abi.Product;
import dev.mayfly.snp.abi.TcbVersion;
import dev.mayfly.snp.evidence.EvidenceProvider;
import dev.mayfly.snp.validate.TeePolicy;
import dev.mayfly.snp.verify.SnpVerifyOptions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Simulated SEV-SNP for the tests: one trusted simulated Milan authority for the whole run (key
 * generation is the slow part), one chip per party, the policy every honest node pins, and node
 * builders pre-filled with them.
 */
final class Simulation {
  static final TcbVersion TCB = TcbVersion.of(3, 0, 8, 115);
  static final SecureRandom RANDOM = new SecureRandom();
  /** The policy honest nodes pin: the simulated chips' zero measurement. */
  static final TeePolicy POLICY = TeePolicy.builder().allowMeasurement(new byte[48]).build();
  /** A policy with another hash that the same evidence also satisfies. */
  static final TeePolicy OTHER_POLICY =
      TeePolicy.builder().allowMeasurement(new byte[48]).minimumReportVersion(3).build();

  private static SimulatedAuthority trusted;
  private static final Map<Integer, SimulatedChip> CHIPS = new ConcurrentHashMap<>();

  private Simulation() {}

  /** The simulated authority honest nodes pin. */
  static synchronized SimulatedAuthority trusted() {
    if (trusted == null) {
      trusted = SimulatedAuthority.generate(Product.MILAN, RANDOM, Instant.now());
    }
    return trusted;
  }

  private static SimulatedAuthority forger;

  /** An authority nobody pins, valid now: for forged VCEKs. */
  static synchronized SimulatedAuthority forger() {
    if (forger == null) {
      forger = SimulatedAuthority.generate(Product.MILAN, RANDOM, Instant.now());
    }
    return forger;
  }

  /** An authority whose certificates all expired days ago. */
  static SimulatedAuthority expiredAuthority() {
    return SimulatedAuthority.generate(Product.MILAN, RANDOM,
        Instant.now().minus(Duration.ofDays(3652)));
  }

  /** A 64-byte chip id counting up from {@code first}. */
  static byte[] chipId(int first) {
    byte[] id = new byte[64];
    for (int i = 0; i < id.length; i++) {
      id[i] = (byte) (first * 64 + i);
    }
    return id;
  }

  /** The chip of {@code party} under the trusted authority. */
  static SimulatedChip chip(PartyId party) {
    return CHIPS.computeIfAbsent(party.value(), v -> trusted().newChip(chipId(v), TCB));
  }

  /** Evidence of {@code party}'s chip. */
  static EvidenceProvider evidence(PartyId party) {
    return SimulatedEvidenceProvider.builder(chip(party)).random(RANDOM).build();
  }

  /** Verify options that accept simulated evidence (insecure, tests only). */
  static SnpVerifyOptions simulatedOptions() {
    return SnpVerifyOptions.builder().allowSimulatedEvidenceInsecure().build();
  }

  /** A builder for an honest node of {@code self}: no peers yet, fast timeouts for tests. */
  static GrpcPartyNode.Builder node(PartyId self) {
    return GrpcPartyNode.builder()
        .self(self)
        .teePolicy(POLICY)
        .evidenceProvider(evidence(self))
        .verifyOptions(simulatedOptions())
        .trustSimulatedRootInsecure(trusted().arkDer())
        .callTimeout(Duration.ofSeconds(10))
        .shutdownTimeout(Duration.ofSeconds(1))
        .random(RANDOM);
  }
}

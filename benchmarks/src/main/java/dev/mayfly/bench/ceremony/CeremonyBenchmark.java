package dev.mayfly.bench.ceremony;

import dev.mayfly.bench.BenchmarkDefaults;
import dev.mayfly.ceremony.LocalCeremony;
import dev.mayfly.common.PartyId;
import dev.mayfly.mpc.InProcessFrost;
import dev.mayfly.mpc.ciphersuite.Ciphersuite;
import dev.mayfly.snp.abi.Product;
import dev.mayfly.snp.abi.TcbVersion;
import dev.mayfly.snp.evidence.Evidence;
import dev.mayfly.snp.evidence.SimulatedAuthority;
import dev.mayfly.snp.evidence.SimulatedChip;
import dev.mayfly.snp.evidence.SimulatedEvidenceProvider;
import dev.mayfly.snp.validate.PolicyValidator;
import dev.mayfly.snp.validate.ReportExpectations;
import dev.mayfly.snp.validate.TeePolicy;
import dev.mayfly.snp.verify.SnpVerifier;
import dev.mayfly.snp.verify.SnpVerifyOptions;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * A whole in-memory 2-of-3 ceremony ({@code LocalCeremony.run()}: three parties on three threads,
 * hello with attestation, DKG with HPKE-encrypted shares, signing of certificate, artifact and
 * statement, destruction receipts, then certificate, RFC 3161 timestamp, Sigstore bundle and
 * evidence document) against the cryptography such a ceremony cannot avoid, measured alone in the
 * same run:
 *
 * <ul>
 *   <li>the report verifications: each party verifies, with a fresh verifier as in a session,
 *       the hello report and the destruction receipt of each of the two others (12 in all),
 *       including chain checks and policy validation;
 *   <li>the report generation standing in for the AMD secure processor: each party's hello report
 *       and receipt (6 simulated P-384 signatures);
 *   <li>the DKG of all three parties;
 *   <li>the three threshold signings (certificate, artifact, statement) by two signers.
 * </ul>
 *
 * <p>Simulated chips, approvals and the test TSA are made once per trial, as a deployment makes
 * them once, not per ceremony. {@code unavoidableCryptography} does all four parts one after the
 * other on one thread; the ratio {@code ceremony / unavoidableCryptography} is the one reported.
 */
public class CeremonyBenchmark extends BenchmarkDefaults {
  private static final int PARTIES = 3;
  private static final byte[] DOCUMENT = "mayfly benchmark document".getBytes(StandardCharsets.UTF_8);

  private SecureRandom random;
  private SimulatedAuthority authority;
  private LocalCeremony ceremony;
  private final List<SimulatedChip> chips = new ArrayList<>();
  private final List<SimulatedEvidenceProvider> providers = new ArrayList<>();
  private final List<Evidence> reports = new ArrayList<>();
  private final List<byte[]> reportData = new ArrayList<>();
  private SnpVerifyOptions snpOptions;
  private PolicyValidator validator;
  private InProcessFrost frost;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    random = new SecureRandom();
    authority = SimulatedAuthority.generate(Product.MILAN, random, Instant.now());
    ceremony = LocalCeremony.builder().simulatedAuthority(authority)
        .phaseTimeout(Duration.ofSeconds(60)).build();
    if (!ceremony.run().succeeded()) {
      throw new IllegalStateException("the benchmark ceremony does not sign");
    }
    snpOptions = SnpVerifyOptions.builder().allowSimulatedEvidenceInsecure().build();
    validator = PolicyValidator.create(TeePolicy.builder().products(List.of(Product.MILAN))
        .allowMeasurement(LocalCeremony.SIMULATED_MEASUREMENT).build());
    for (int i = 0; i < PARTIES; i++) {
      byte[] chipId = new byte[64];
      chipId[0] = (byte) (i + 1);
      SimulatedChip chip = authority.newChip(chipId, TcbVersion.of(3, 0, 8, 115));
      chips.add(chip);
      providers.add(SimulatedEvidenceProvider.builder(chip)
          .measurement(LocalCeremony.SIMULATED_MEASUREMENT).random(random).build());
    }
    for (int i = 0; i < 2 * PARTIES; i++) {
      byte[] data = new byte[64];
      random.nextBytes(data);
      reportData.add(data);
      reports.add(providers.get(i % PARTIES).getEvidence(data));
    }
    frost = InProcessFrost.generate(Ciphersuite.ed25519Sha512(), 2, PARTIES, random);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    ceremony.close();
    chips.forEach(SimulatedChip::destroy);
    frost.close();
    authority.close();
  }

  /** One whole ceremony with its bundle. */
  @Benchmark
  public LocalCeremony.Outcome ceremony() throws Exception {
    return ceremony.run();
  }

  /** The four parts below, one after the other. */
  @Benchmark
  public void unavoidableCryptography(Blackhole sink) throws Exception {
    reportVerifications(sink);
    reportGeneration(sink);
    sink.consume(dkg());
    signing(sink);
  }

  /** 12 report verifications and validations, with a fresh verifier per party. */
  @Benchmark
  public void reportVerifications(Blackhole sink) throws Exception {
    for (int party = 0; party < PARTIES; party++) {
      SnpVerifier verifier = SnpVerifier.create(snpOptions);
      for (int i = 0; i < reports.size(); i++) {
        if (i % PARTIES != party) {
          sink.consume(validator.validate(verifier.verify(reports.get(i)),
              ReportExpectations.reportData(reportData.get(i))));
        }
      }
    }
  }

  /** 6 simulated reports (hello and receipt of each party). */
  @Benchmark
  public void reportGeneration(Blackhole sink) throws Exception {
    for (int i = 0; i < 2 * PARTIES; i++) {
      sink.consume(providers.get(i % PARTIES).getEvidence(reportData.get(i)));
    }
  }

  /** The DKG of all three parties. */
  @Benchmark
  public Object dkg() throws GeneralSecurityException {
    try (InProcessFrost generated =
        InProcessFrost.generate(Ciphersuite.ed25519Sha512(), 2, PARTIES, random)) {
      return generated.publicKeyPackage();
    }
  }

  /** Three 2-of-3 signings. */
  @Benchmark
  public void signing(Blackhole sink) throws GeneralSecurityException {
    for (int i = 0; i < 3; i++) {
      sink.consume(frost.sign(DOCUMENT, List.of(PartyId.of(1), PartyId.of(2)), random));
    }
  }
}

package dev.mayfly.bench.mpc;

import dev.mayfly.bench.BenchmarkDefaults;
import dev.mayfly.mpc.InProcessFrost;
import dev.mayfly.mpc.keygen.PublicKeyPackage;
import java.security.SecureRandom;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * One whole distributed key generation for all n parties, in process (every message encoded,
 * parsed and checked). Compare with {@code BaselineBenchmark.bcEd25519SignVerify} from the same
 * run.
 */
public class DkgBenchmark extends BenchmarkDefaults {
  @Param({"2-of-3", "3-of-5", "7-of-10"})
  public String config;

  @Param({"ed25519", "p256"})
  public String suite;

  private SecureRandom random;
  private int threshold;
  private int participants;

  @Setup(Level.Trial)
  public void setUp() {
    int[] tn = MpcBenchmarkParams.thresholdOfN(config);
    threshold = tn[0];
    participants = tn[1];
    random = new SecureRandom();
  }

  /** A whole DKG; the key shares are destroyed right after. */
  @Benchmark
  public PublicKeyPackage dkg() throws Exception {
    try (InProcessFrost frost = InProcessFrost.generate(
        MpcBenchmarkParams.suite(suite), threshold, participants, random)) {
      return frost.publicKeyPackage();
    }
  }
}

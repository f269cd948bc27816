package dev.mayfly.bench.mpc;

import dev.mayfly.bench.BenchmarkDefaults;
import dev.mayfly.common.PartyId;
import dev.mayfly.mpc.InProcessFrost;
import dev.mayfly.mpc.sign.FrostSignature;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One whole FROST signing session by the first t parties, in process: t commits, t signature
 * shares, aggregation with the final verification (every message encoded and parsed). Compare
 * with {@code BaselineBenchmark.bcEd25519SignVerify} from the same run.
 */
public class SignBenchmark extends BenchmarkDefaults {
  @Param({"2-of-3", "3-of-5", "7-of-10"})
  public String config;

  @Param({"ed25519", "p256"})
  public String suite;

  private InProcessFrost frost;
  private List<PartyId> signers;
  private SecureRandom random;
  private final byte[] message = "mayfly benchmark message".getBytes(StandardCharsets.UTF_8);

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    int[] tn = MpcBenchmarkParams.thresholdOfN(config);
    random = new SecureRandom();
    frost = InProcessFrost.generate(MpcBenchmarkParams.suite(suite), tn[0], tn[1], random);
    signers = new ArrayList<>();
    for (int i = 1; i <= tn[0]; i++) {
      signers.add(PartyId.of(i));
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    frost.close();
  }

  /** A whole signing session. */
  @Benchmark
  public FrostSignature sign() throws Exception {
    return frost.sign(message, signers, random);
  }
}

package dev.mayfly.bench.mpc;

import dev.mayfly.bench.BenchmarkDefaults;
import dev.mayfly.common.PartyId;
import dev.mayfly.mpc.InProcessEcdsa;
import dev.mayfly.mpc.ecdsa.EcdsaPublicKey;
import dev.mayfly.mpc.ecdsa.EcdsaSignature;
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
 * Threshold ECDSA P-256 (DKLs23), in process with every message encoded, parsed and checked:
 * {@link #keygen} is a whole key generation for all n parties (Feldman DKG plus 128 base OTs per
 * ordered pair), {@link #sign} a whole three-round signing session by parties 1..t of an existing
 * key (every signer verifies the result). Compare with {@code BaselineBenchmark.bcEcdsaP256SignVerify}
 * from the same run (issue 12: signing at most 30x, key generation at most 600x).
 */
public class EcdsaBenchmark extends BenchmarkDefaults {
  @Param({"2-of-3"})
  public String config;

  private InProcessEcdsa ecdsa;
  private List<PartyId> signers;
  private SecureRandom random;
  private int threshold;
  private int participants;
  private final byte[] message = "mayfly benchmark message".getBytes(StandardCharsets.UTF_8);

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    int[] tn = MpcBenchmarkParams.thresholdOfN(config);
    threshold = tn[0];
    participants = tn[1];
    random = new SecureRandom();
    ecdsa = InProcessEcdsa.generate(threshold, participants, random);
    signers = new ArrayList<>();
    for (int i = 1; i <= threshold; i++) {
      signers.add(PartyId.of(i));
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    ecdsa.close();
  }

  /** A whole key generation; the key shares are destroyed right after. */
  @Benchmark
  public EcdsaPublicKey keygen() throws Exception {
    try (InProcessEcdsa fresh = InProcessEcdsa.generate(threshold, participants, random)) {
      return fresh.publicKey();
    }
  }

  /** A whole signing session. */
  @Benchmark
  public EcdsaSignature sign() throws Exception {
    return ecdsa.sign(message, signers, random);
  }
}

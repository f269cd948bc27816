package dev.mayfly.bench.mpc;

import dev.mayfly.mpc.ciphersuite.Ciphersuite;

/** Parses the benchmark parameters shared by the MPC benchmarks. */
final class MpcBenchmarkParams {
  private MpcBenchmarkParams() {}

  /** "ed25519" or "p256". */
  static Ciphersuite suite(String name) {
    return switch (name) {
      case "ed25519" -> Ciphersuite.ed25519Sha512();
      case "p256" -> Ciphersuite.p256Sha256();
      default -> throw new IllegalArgumentException("unknown suite " + name);
    };
  }

  /** {threshold, participants} from "t-of-n". */
  static int[] thresholdOfN(String config) {
    String[] parts = config.split("-of-");
    return new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1])};
  }
}

package dev.mayfly.snp;

import dev.mayfly.simulation.snp.SimulatedAuthority;
import dev.mayfly.simulation.snp.SimulatedChip;
import dev.mayfly.snp.abi.Product;
import dev.mayfly.snp.abi.TcbVersion;
import java.security.SecureRandom;
import java.util.Map;

/** Simulated chips shared by tests (key generation is the slow part). Seeded per run. */
public final class Simulated {
  /** Milan TCB used by the shared chip. */
  public static final TcbVersion TCB = TcbVersion.of(3, 0, 8, 115);
  private static SimulatedAuthority authority;
  private static SimulatedChip chip;

  private Simulated() {}

  /** The shared simulated Milan authority (valid from a day before {@link Vectors#AT}). */
  public static synchronized SimulatedAuthority authority() {
    if (authority == null) {
      authority = SimulatedAuthority.generate(Product.MILAN, new SecureRandom(), Vectors.AT);
    }
    return authority;
  }

  /** The shared simulated chip (chip id 0x01..0x40). */
  public static synchronized SimulatedChip chip() {
    if (chip == null) {
      chip = authority().newChip(chipId(1), TCB);
    }
    return chip;
  }

  /** A 64-byte chip id counting up from {@code first}. */
  public static byte[] chipId(int first) {
    byte[] id = new byte[64];
    for (int i = 0; i < 64; i++) {
      id[i] = (byte) (first + i);
    }
    return id;
  }

  /** A fresh chip of the shared authority with extra critical VCEK extensions. */
  public static SimulatedChip chipWithCritical(Map<String, byte[]> critical) {
    return authority().newChip(chipId(7), TCB, critical);
  }
}

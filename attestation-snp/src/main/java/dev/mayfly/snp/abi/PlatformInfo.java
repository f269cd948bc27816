package dev.mayfly.snp.abi;

/**
 * Platform state at the time of the report (SEV-SNP ABI, table "PLATFORM_INFO Field").
 *
 * @param raw the 64-bit PLATFORM_INFO field
 * @since 0.1.0
 */
public record PlatformInfo(long raw) {
  /** Bit 0: SMT enabled on the host. */
  public boolean smtEnabled() {
    return bit(0);
  }

  /** Bit 1: transparent SME enabled. */
  public boolean tsmeEnabled() {
    return bit(1);
  }

  /** Bit 2: the platform uses error-correcting memory. */
  public boolean eccEnabled() {
    return bit(2);
  }

  /** Bit 3: running average power limit disabled. */
  public boolean raplDisabled() {
    return bit(3);
  }

  /** Bit 4: ciphertext hiding enabled. */
  public boolean ciphertextHidingEnabled() {
    return bit(4);
  }

  /** Bit 5: the memory alias check completed (report version 3 and later). */
  public boolean aliasCheckComplete() {
    return bit(5);
  }

  /** Bit 7: SEV-TIO enabled (report version 5). */
  public boolean tioEnabled() {
    return bit(7);
  }

  private boolean bit(int index) {
    return (raw & 1L << index) != 0;
  }

  @Override
  public String toString() {
    return String.format("0x%X", raw);
  }
}

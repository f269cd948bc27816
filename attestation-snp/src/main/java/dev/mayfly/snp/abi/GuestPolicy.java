package dev.mayfly.snp.abi;

/**
 * The guest policy a VM was launched with (SEV-SNP ABI, table "Guest Policy Structure").
 *
 * <p>Bit 17 is reserved and must be 1; bits 26-63 are reserved and must be 0 ({@link
 * AttestationReport#parse} refuses anything else).
 *
 * @param raw the 64-bit POLICY field
 * @since 0.1.0
 */
public record GuestPolicy(long raw) {
  /** Bit 16: SMT allowed. */
  public static final long SMT = 1L << 16;
  /** Bit 17: reserved, must be one. */
  public static final long RESERVED_ONE = 1L << 17;
  /** Bit 18: association with a migration agent allowed. */
  public static final long MIGRATE_MA = 1L << 18;
  /** Bit 19: debugging allowed (the hypervisor can read guest memory). */
  public static final long DEBUG = 1L << 19;
  /** Bit 20: guest may run on one socket only. */
  public static final long SINGLE_SOCKET = 1L << 20;
  /** Bits 26-63: reserved, must be zero. */
  public static final long RESERVED_ZERO_MASK = ~((1L << 26) - 1);

  /** Policy ABI minor version (bits 0-7). */
  public int abiMinor() {
    return (int) (raw & 0xFF);
  }

  /** Policy ABI major version (bits 8-15). */
  public int abiMajor() {
    return (int) (raw >>> 8 & 0xFF);
  }

  /** Whether SMT is allowed. */
  public boolean smtAllowed() {
    return (raw & SMT) != 0;
  }

  /** Whether a migration agent may be associated. */
  public boolean migrateMaAllowed() {
    return (raw & MIGRATE_MA) != 0;
  }

  /** Whether debugging is allowed; a debuggable guest has no confidentiality. */
  public boolean debugAllowed() {
    return (raw & DEBUG) != 0;
  }

  /** Whether the guest is restricted to a single socket. */
  public boolean singleSocketRequired() {
    return (raw & SINGLE_SOCKET) != 0;
  }

  /** Bit 21: CXL may be populated with guest memory. */
  public boolean cxlAllowed() {
    return (raw & 1L << 21) != 0;
  }

  /** Bit 22: AES-256-XTS memory encryption required. */
  public boolean memAes256XtsRequired() {
    return (raw & 1L << 22) != 0;
  }

  /** Bit 23: running average power limit must be disabled. */
  public boolean raplDisabledRequired() {
    return (raw & 1L << 23) != 0;
  }

  /** Bit 24: ciphertext hiding required. */
  public boolean ciphertextHidingRequired() {
    return (raw & 1L << 24) != 0;
  }

  /** Bit 25: page swap commands disabled (report version 5). */
  public boolean pageSwapDisabled() {
    return (raw & 1L << 25) != 0;
  }

  @Override
  public String toString() {
    return String.format("0x%X", raw);
  }
}

package dev.mayfly.snp.abi;

/**
 * How the eight bytes of a TCB_VERSION are assigned to firmware components (SEV-SNP ABI, table
 * "TCB_VERSION Structure"; Turin adds the FMC and moves the others).
 *
 * @since 0.1.0
 */
public enum TcbLayout {
  /** Byte 0 boot loader, 1 TEE, 2-5 reserved, 6 SNP, 7 microcode. */
  MILAN_GENOA,
  /** Byte 0 FMC, 1 boot loader, 2 TEE, 3 SNP, 4-6 reserved, 7 microcode. */
  TURIN
}

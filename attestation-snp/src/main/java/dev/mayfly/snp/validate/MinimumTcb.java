package dev.mayfly.snp.validate;

import dev.mayfly.snp.abi.TcbLayout;
import dev.mayfly.snp.abi.TcbVersion;

/**
 * The lowest security patch level a policy accepts for each firmware component of REPORTED_TCB.
 * {@code fmc} applies to Turin only.
 *
 * @param fmc minimum FMC SPL (Turin)
 * @param bootloader minimum boot loader SPL
 * @param tee minimum TEE SPL
 * @param snp minimum SNP firmware SPL
 * @param microcode minimum microcode SPL
 * @since 0.1.0
 */
public record MinimumTcb(int fmc, int bootloader, int tee, int snp, int microcode) {
  /** No minimum. */
  public static final MinimumTcb NONE = new MinimumTcb(0, 0, 0, 0, 0);

  /** Checks every component is 0..255. */
  public MinimumTcb {
    for (int v : new int[] {fmc, bootloader, tee, snp, microcode}) {
      if (v < 0 || v > 0xFF) {
        throw new IllegalArgumentException("TCB component must be 0..255, got " + v);
      }
    }
  }

  /** Whether {@code tcb} meets every minimum (FMC only in the Turin layout). */
  public boolean isMetBy(TcbVersion tcb) {
    boolean fmcOk = tcb.layout() != TcbLayout.TURIN || tcb.fmc() >= fmc;
    return fmcOk && tcb.bootloader() >= bootloader && tcb.tee() >= tee && tcb.snp() >= snp
        && tcb.microcode() >= microcode;
  }

  @Override
  public String toString() {
    return "fmc=" + fmc + " bl=" + bootloader + " tee=" + tee + " snp=" + snp + " ucode=" + microcode;
  }
}

package dev.mayfly.snp.abi;

import static java.util.Objects.requireNonNull;

/**
 * A decoded TCB version: the security patch level (SPL) of each firmware component.
 *
 * <p>{@code fmc} is only meaningful in the {@link TcbLayout#TURIN} layout and is 0 otherwise.
 *
 * @param layout how the raw value is laid out
 * @param fmc Turin's first mutable code SPL (0 for Milan/Genoa)
 * @param bootloader boot loader SPL
 * @param tee TEE (PSP OS) SPL
 * @param snp SNP firmware SPL
 * @param microcode CPU microcode SPL
 * @since 0.1.0
 */
public record TcbVersion(
    TcbLayout layout, int fmc, int bootloader, int tee, int snp, int microcode) {

  /** Checks that every component fits one byte. */
  public TcbVersion {
    requireNonNull(layout, "layout");
    for (int v : new int[] {fmc, bootloader, tee, snp, microcode}) {
      if (v < 0 || v > 0xFF) {
        throw new IllegalArgumentException("TCB component must be 0..255, got " + v);
      }
    }
    if (layout == TcbLayout.MILAN_GENOA && fmc != 0) {
      throw new IllegalArgumentException("the Milan/Genoa TCB layout has no FMC component");
    }
  }

  /** A Milan/Genoa TCB version. */
  public static TcbVersion of(int bootloader, int tee, int snp, int microcode) {
    return new TcbVersion(TcbLayout.MILAN_GENOA, 0, bootloader, tee, snp, microcode);
  }

  /** A Turin TCB version. */
  public static TcbVersion ofTurin(int fmc, int bootloader, int tee, int snp, int microcode) {
    return new TcbVersion(TcbLayout.TURIN, fmc, bootloader, tee, snp, microcode);
  }

  /** Decodes the 64-bit little-endian TCB_VERSION value with {@code layout}; reserved bytes are ignored. */
  public static TcbVersion decode(long raw, TcbLayout layout) {
    requireNonNull(layout, "layout");
    if (layout == TcbLayout.TURIN) {
      return ofTurin(
          byteAt(raw, 0), byteAt(raw, 1), byteAt(raw, 2), byteAt(raw, 3), byteAt(raw, 7));
    }
    return of(byteAt(raw, 0), byteAt(raw, 1), byteAt(raw, 6), byteAt(raw, 7));
  }

  /** The 64-bit TCB_VERSION value (reserved bytes zero). */
  public long raw() {
    if (layout == TcbLayout.TURIN) {
      return (long) fmc | (long) bootloader << 8 | (long) tee << 16 | (long) snp << 24
          | (long) microcode << 56;
    }
    return (long) bootloader | (long) tee << 8 | (long) snp << 48 | (long) microcode << 56;
  }

  /** Whether every component is at least the corresponding component of {@code minimum}. */
  public boolean isAtLeast(TcbVersion minimum) {
    requireNonNull(minimum, "minimum");
    return fmc >= minimum.fmc && bootloader >= minimum.bootloader && tee >= minimum.tee
        && snp >= minimum.snp && microcode >= minimum.microcode;
  }

  private static int byteAt(long raw, int index) {
    return (int) (raw >>> (8 * index)) & 0xFF;
  }

  @Override
  public String toString() {
    String base = "bl=" + bootloader + " tee=" + tee + " snp=" + snp + " ucode=" + microcode;
    return layout == TcbLayout.TURIN ? "fmc=" + fmc + " " + base : base;
  }
}

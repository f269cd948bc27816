package dev.mayfly.snp.abi;

import static java.util.Objects.requireNonNull;

import java.util.Locale;
import java.util.Optional;

/**
 * An AMD EPYC product line with SEV-SNP, as named by AMD's key distribution service.
 *
 * <p>The product decides which ARK/ASK chain endorses a chip and how a TCB version is laid out
 * ({@link TcbLayout}).
 *
 * @since 0.1.0
 */
public enum Product {
  /** EPYC 7003 (family 19h, models 00h-0Fh). */
  MILAN("Milan", TcbLayout.MILAN_GENOA),
  /** EPYC 9004/8004 (family 19h, models 10h-1Fh and A0h-AFh). */
  GENOA("Genoa", TcbLayout.MILAN_GENOA),
  /** EPYC 9005 (family 1Ah, models 00h-1Fh). */
  TURIN("Turin", TcbLayout.TURIN);

  private final String kdsName;
  private final TcbLayout tcbLayout;

  Product(String kdsName, TcbLayout tcbLayout) {
    this.kdsName = kdsName;
    this.tcbLayout = tcbLayout;
  }

  /** The name in KDS URLs and certificate CNs: {@code Milan}, {@code Genoa}, {@code Turin}. */
  public String kdsName() {
    return kdsName;
  }

  /** How this product lays out a 64-bit TCB version. */
  public TcbLayout tcbLayout() {
    return tcbLayout;
  }

  /**
   * The product for a name such as {@code Milan}, {@code genoa} or a VCEK productName such as
   * {@code Milan-B0} (the part before the first '-').
   */
  public static Optional<Product> fromName(String name) {
    requireNonNull(name, "name");
    String base = name.strip();
    int dash = base.indexOf('-');
    if (dash >= 0) {
      base = base.substring(0, dash);
    }
    for (Product p : values()) {
      if (p.kdsName.toLowerCase(Locale.ROOT).equals(base.toLowerCase(Locale.ROOT))) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  /**
   * The product for the CPUID family and model that report version 3 and later carry
   * (CPUID_FAM_ID and CPUID_MOD_ID, combined base+extended values).
   */
  public static Optional<Product> fromCpuid(int family, int model) {
    if (family == 0x19 && model <= 0x0F) {
      return Optional.of(MILAN);
    }
    if (family == 0x19 && (model >= 0x10 && model <= 0x1F || model >= 0xA0 && model <= 0xAF)) {
      return Optional.of(GENOA);
    }
    if (family == 0x1A && model <= 0x1F) {
      return Optional.of(TURIN);
    }
    return Optional.empty();
  }
}

package dev.mayfly.snp.trust;

import static java.util.Objects.requireNonNull;

import dev.mayfly.snp.abi.Product;
import dev.mayfly.snp.internal.EmbeddedChains;
import java.util.EnumSet;
import java.util.Set;

/**
 * The AMD SEV-SNP roots a verifier trusts: the real AMD Root Keys (ARK) with their SEV Signing
 * Keys (ASK, for VCEKs) and SEV VLEK Signing Keys (ASVK, for VLEKs), one set per product.
 *
 * <p>The certificates are embedded in the jar (public AMD material from the AMD key distribution
 * service) and pinned by the SHA-256 of their DER encoding; at first use the ARK self-signature
 * and the ASK/ASVK signatures (RSASSA-PSS SHA-384) are checked too.
 *
 * <p><b>Security:</b> a chain presented with a verified report must end at one of these ARKs
 * (compared by SHA-256), so a forged root, however well-formed, is refused. {@link
 * #restrictTo(Set)} narrows the accepted products; nothing here adds roots.
 *
 * @since 0.1.0
 */
public final class AmdRoots {
  private static final AmdRoots EMBEDDED = new AmdRoots(EnumSet.allOf(Product.class));

  private final Set<Product> products;

  private AmdRoots(Set<Product> products) {
    this.products = Set.copyOf(products);
  }

  /** The embedded AMD roots of every product (Milan, Genoa, Turin). */
  public static AmdRoots embedded() {
    return EMBEDDED;
  }

  /**
   * These roots, accepting only chains of {@code allowed} products.
   *
   * @throws IllegalArgumentException if {@code allowed} is empty
   */
  public AmdRoots restrictTo(Set<Product> allowed) {
    requireNonNull(allowed, "allowed");
    if (allowed.isEmpty()) {
      throw new IllegalArgumentException("at least one product must be trusted");
    }
    EnumSet<Product> both = EnumSet.copyOf(allowed);
    both.retainAll(products);
    if (both.isEmpty()) {
      throw new IllegalArgumentException("none of " + allowed + " is trusted here");
    }
    return new AmdRoots(both);
  }

  /** The products whose chains are trusted. */
  public Set<Product> products() {
    return products;
  }

  /** Whether chains of {@code product} are trusted. */
  public boolean trusts(Product product) {
    return products.contains(requireNonNull(product, "product"));
  }

  /** The ARK certificate of {@code product} (DER). */
  public byte[] arkDer(Product product) {
    return EmbeddedChains.of(product).ark().der();
  }

  /** The ASK certificate of {@code product} (DER), the issuer of VCEKs. */
  public byte[] askDer(Product product) {
    return EmbeddedChains.of(product).ask().der();
  }

  /** The ASVK certificate of {@code product} (DER), the issuer of VLEKs. */
  public byte[] asvkDer(Product product) {
    return EmbeddedChains.of(product).asvk().der();
  }

  @Override
  public String toString() {
    return "AmdRoots" + products;
  }
}

package dev.mayfly.snp.internal;

import dev.mayfly.common.internal.Hex;
import dev.mayfly.snp.AttestationException;
import dev.mayfly.snp.abi.Product;
import java.io.IOException;
import java.io.InputStream;
import java.util.EnumMap;
import java.util.Map;

/**
 * The AMD ARK, ASK and ASVK certificates shipped in this jar, each product's loaded once, at the
 * first use of that product, and checked against their pinned SHA-256 and against each other (ARK
 * self-signed, ASK and ASVK signed by the ARK). Whether a certificate is one of them is answered
 * from the pins alone ({@link #arkSha256} and so on), without loading: checking the three 4096-bit
 * ARKs took most of a cold process's first verification, also of chains that end elsewhere.
 *
 * <p>A jar whose resources do not match the pins fails loudly at first use: that is a broken
 * build, not bad input.
 */
public final class EmbeddedChains {
  /** One product's AMD certificates. */
  public record Chain(Product product, AmdCertificate ark, AmdCertificate ask, AmdCertificate asvk) {}

  private static final Map<Product, String[]> PINS = Map.of(
      Product.MILAN, new String[] {
          "69d063b45344d26a2e94e1f4210de49ef555308287d4c174445c95639a540bcd",
          "67d303bd3905fd38db8b20e0793699870e7fa612eaad5dec358293fd8c0bac1b",
          "c5e081f59b7efab1fe2f8b505e159704e72f29cab7ef7cf628a05a42439082f5"},
      Product.GENOA, new String[] {
          "4c6598d19c18719c5dfd4a7d335f674e5bfe1d8f800cea2cf270c10d103db2f1",
          "5464738c1546aed5f2cecf1dc98c5c960a92e8913238a61711bc90ec6e828521",
          "197e610743a917d6b9bb982a5a9226ccc0a15b611be0619e626aca9151457372"},
      Product.TURIN, new String[] {
          "1f084161a44bb6d93778a904877d4819cafa5d05ef4193b2ded9dd9c73dd3f6a",
          "5b77ef5fe7a7a004fd9032668fba9d0fda22f88c4442069a479636a6ae3b3185",
          "104e10a8bd060a3c20a434261a57d0588fd65a88915b4f65b08bdecaf8df1a3c"});

  /** The chains loaded so far (guarded by the class). */
  private static final Map<Product, Chain> CHAINS = new EnumMap<>(Product.class);

  private EmbeddedChains() {}

  /**
   * The embedded chain of {@code product}, loaded and checked at its first use.
   *
   * @throws IllegalStateException if the jar's certificates do not match their pins
   */
  public static synchronized Chain of(Product product) {
    Chain chain = CHAINS.get(product);
    if (chain == null) {
      chain = load(product);
      CHAINS.put(product, chain);
    }
    return chain;
  }

  /** The pinned SHA-256 of the ARK of {@code product}. */
  public static byte[] arkSha256(Product product) {
    return Hex.decode(PINS.get(product)[0]);
  }

  /** The pinned SHA-256 of the ASK of {@code product}. */
  public static byte[] askSha256(Product product) {
    return Hex.decode(PINS.get(product)[1]);
  }

  /** The pinned SHA-256 of the ASVK of {@code product}. */
  public static byte[] asvkSha256(Product product) {
    return Hex.decode(PINS.get(product)[2]);
  }

  /** The pinned SHA-256 (hex) of the ARK, ASK and ASVK of {@code product}, in that order. */
  public static String[] pins(Product product) {
    return PINS.get(product).clone();
  }

  private static Chain load(Product product) {
    String name = product.kdsName().toLowerCase(java.util.Locale.ROOT);
    String[] pins = PINS.get(product);
    try {
      AmdCertificate ark = loadPinned("ark-" + name + ".der", pins[0], "ARK-" + product.kdsName());
      AmdCertificate ask = loadPinned("ask-" + name + ".der", pins[1], "ASK-" + product.kdsName());
      AmdCertificate asvk =
          loadPinned("asvk-" + name + ".der", pins[2], "ASVK-" + product.kdsName());
      ark.checkCommonShape("ARK");
      ask.checkCommonShape("ASK");
      asvk.checkCommonShape("ASVK");
      ark.checkIssuedBy(ark, "ARK", "ARK");
      ask.checkIssuedBy(ark, "ASK", "ARK");
      asvk.checkIssuedBy(ark, "ASVK", "ARK");
      return new Chain(product, ark, ask, asvk);
    } catch (AttestationException | IOException e) {
      throw new IllegalStateException("embedded AMD roots for " + product + " are broken", e);
    }
  }

  private static AmdCertificate loadPinned(String resource, String pinHex, String role)
      throws IOException, AttestationException {
    try (InputStream in = EmbeddedChains.class.getResourceAsStream(
        "/dev/mayfly/snp/trust/" + resource)) {
      if (in == null) {
        throw new IOException("missing resource " + resource);
      }
      AmdCertificate cert = AmdCertificate.parse(in.readAllBytes(), role);
      if (!cert.hasSha256(Hex.decode(pinHex.trim()))) {
        throw new IOException(resource + " does not match its pinned SHA-256 " + pinHex);
      }
      return cert;
    }
  }
}

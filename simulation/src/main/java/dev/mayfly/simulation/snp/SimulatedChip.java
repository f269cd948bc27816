package dev.mayfly.simulation.snp;

import dev.mayfly.common.InsecureSecretAccess;
import dev.mayfly.common.SecretBytes;
import dev.mayfly.simulation.snp.internal.Signing;
import dev.mayfly.snp.abi.Product;
import dev.mayfly.snp.abi.SigningKey;
import dev.mayfly.snp.abi.TcbVersion;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.security.auth.Destroyable;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.params.ECNamedDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.util.BigIntegers;

/**
 * One simulated SEV-SNP chip: a CHIP_ID, a reported TCB and a VCEK (P-384) issued by a {@link
 * SimulatedAuthority}. Each Mayfly party in a simulated ceremony has its own chip.
 *
 * <p><b>Security:</b> simulation only, for demos and tests; never in production. Its reports
 * prove nothing about hardware. The VCEK private scalar is held in {@link SecretBytes} and wiped
 * by {@link #close()}; signing afterwards throws {@link IllegalStateException}.
 *
 * <p>Thread-safe.
 *
 * @since 0.1.0
 */
public final class SimulatedChip implements AutoCloseable, Destroyable {
  private static final int SCALAR_BYTES = 48;

  private final Product product;
  private final byte[] chipId;
  private final TcbVersion tcb;
  private final SecretBytes vcekScalar;
  private final List<byte[]> chain;
  private final SigningKey signingKey;

  SimulatedChip(Product product, byte[] chipId, TcbVersion tcb, AsymmetricCipherKeyPair vcek,
      List<byte[]> chain, SigningKey signingKey) {
    this.product = product;
    this.signingKey = signingKey;
    this.chipId = signingKey == SigningKey.VLEK ? new byte[64]
        : product == Product.TURIN
        ? Arrays.copyOf(Arrays.copyOf(chipId, 8), 64)
        : chipId.clone();
    this.tcb = tcb;
    BigInteger d = ((ECPrivateKeyParameters) vcek.getPrivate()).getD();
    this.vcekScalar = SecretBytes.wrap(
        BigIntegers.asUnsignedByteArray(SCALAR_BYTES, d), InsecureSecretAccess.get());
    this.chain = chain.stream().map(byte[]::clone).toList();
  }

  /** The simulated product. */
  public Product product() {
    return product;
  }

  /** The CHIP_ID this chip puts in its reports (on Turin: 8 bytes, then zeros). */
  public byte[] chipId() {
    return chipId.clone();
  }

  /**
   * The key that signs its reports: {@link SigningKey#VCEK}, or {@link SigningKey#VLEK} for a
   * chip made by {@link SimulatedAuthority#newVlekChip} (whose reports carry no CHIP_ID).
   */
  public SigningKey signingKey() {
    return signingKey;
  }

  /** The TCB its VCEK certifies. */
  public TcbVersion tcb() {
    return tcb;
  }

  /** VCEK (or VLEK), simulated ASK (or ASVK), simulated ARK (DER copies). */
  public List<byte[]> certificateChain() {
    List<byte[]> out = new ArrayList<>();
    chain.forEach(c -> out.add(c.clone()));
    return List.copyOf(out);
  }

  /** Signs the first 0x2A0 bytes of {@code unsignedReport}; returns {r, s} little-endian. */
  byte[][] sign(byte[] signedBytes) {
    byte[] scalar = vcekScalar.copyBytes(InsecureSecretAccess.get());
    try {
      ECPrivateKeyParameters key = new ECPrivateKeyParameters(new BigInteger(1, scalar),
          ECNamedDomainParameters.lookup(SECObjectIdentifiers.secp384r1));
      return Signing.ecdsaP384(key, signedBytes);
    } finally {
      Arrays.fill(scalar, (byte) 0);
    }
  }

  /** Wipes the VCEK private scalar. */
  @Override
  public void destroy() {
    vcekScalar.destroy();
  }

  /** Same as {@link #destroy()}. */
  @Override
  public void close() {
    destroy();
  }

  @Override
  public boolean isDestroyed() {
    return vcekScalar.isDestroyed();
  }

  @Override
  public String toString() {
    return "SimulatedChip[" + product.kdsName() + ", " + tcb + (isDestroyed() ? ", destroyed" : "")
        + "]";
  }
}

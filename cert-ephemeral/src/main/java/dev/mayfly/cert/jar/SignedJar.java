package dev.mayfly.cert.jar;

import dev.mayfly.cert.tsa.VerifiedTimestamp;
import java.util.List;

/**
 * A JAR signed in the standard JAR signature format, as {@link JarSignatureAssembler} wrote it,
 * with the parts a host may want to publish or log separately.
 *
 * @since 0.1.0
 */
public final class SignedJar {
  private final byte[] jar;
  private final String signatureBlockName;
  private final byte[] signatureBlock;
  private final byte[] signature;
  private final VerifiedTimestamp timestamp;
  private final List<String> signedEntries;

  SignedJar(byte[] jar, String signatureBlockName, byte[] signatureBlock, byte[] signature,
      VerifiedTimestamp timestamp, List<String> signedEntries) {
    this.jar = jar.clone();
    this.signatureBlockName = signatureBlockName;
    this.signatureBlock = signatureBlock.clone();
    this.signature = signature.clone();
    this.timestamp = timestamp;
    this.signedEntries = List.copyOf(signedEntries);
  }

  /** A copy of the signed JAR's bytes. */
  public byte[] bytes() {
    return jar.clone();
  }

  /** The signature block's entry name, for example {@code META-INF/MAYFLY.EC}. */
  public String signatureBlockName() {
    return signatureBlockName;
  }

  /** A copy of the signature block: a DER CMS ContentInfo holding the SignedData. */
  public byte[] signatureBlock() {
    return signatureBlock.clone();
  }

  /** A copy of the signature value over the signed attributes, as the group key made it. */
  public byte[] signature() {
    return signature.clone();
  }

  /** The RFC 3161 timestamp over {@link #signature()} that the block carries. */
  public VerifiedTimestamp timestamp() {
    return timestamp;
  }

  /** The entries the signature covers, in archive order. */
  public List<String> signedEntries() {
    return signedEntries;
  }

  @Override
  public String toString() {
    return "SignedJar[" + jar.length + " bytes, " + signedEntries.size() + " signed entries, "
        + signatureBlockName + "]";
  }
}

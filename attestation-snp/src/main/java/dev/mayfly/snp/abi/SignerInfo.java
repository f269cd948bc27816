package dev.mayfly.snp.abi;

import static java.util.Objects.requireNonNull;

/**
 * Who signed the report (the 32-bit field at offset 0x48 of the report).
 *
 * @param authorKeyEnabled bit 0: AUTHOR_KEY_DIGEST holds the digest of an author key
 * @param chipKeyMasked bit 1: MASK_CHIP_KEY; when set the report is not signed
 * @param signingKey bits 4:2: the key that signed the report
 * @since 0.1.0
 */
public record SignerInfo(boolean authorKeyEnabled, boolean chipKeyMasked, SigningKey signingKey) {
  /** Checks for null. */
  public SignerInfo {
    requireNonNull(signingKey, "signingKey");
  }

  /** The 32-bit value. */
  public int raw() {
    return (authorKeyEnabled ? 1 : 0) | (chipKeyMasked ? 2 : 0) | signingKey.code() << 2;
  }
}

package dev.mayfly.snp.abi;

import java.util.Optional;

/**
 * Which key signed a report (SIGNING_KEY bits 4:2 of the report's signer info).
 *
 * @since 0.1.0
 */
public enum SigningKey {
  /** The Versioned Chip Endorsement Key, unique per chip and TCB. */
  VCEK(0),
  /** The Versioned Loaded Endorsement Key, provisioned by a cloud provider through AMD. */
  VLEK(1),
  /** No key: the report is not signed. */
  NONE(7);

  private final int code;

  SigningKey(int code) {
    this.code = code;
  }

  /** The 3-bit value in the report. */
  public int code() {
    return code;
  }

  /** The key kind for a 3-bit value, empty for the reserved values. */
  public static Optional<SigningKey> fromCode(int code) {
    for (SigningKey k : values()) {
      if (k.code == code) {
        return Optional.of(k);
      }
    }
    return Optional.empty();
  }
}

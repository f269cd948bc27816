package dev.mayfly.mpc.ciphersuite;

/**
 * FROST(Ed25519, SHA-512) (RFC 9591 §6.1): the edwards25519 group with SHA-512 hashing.
 *
 * <p>Group signatures are standard RFC 8032 Ed25519 signatures ({@code R || S}, 64 bytes) under
 * the standard 32-byte public key encoding, so the JDK, Bouncy Castle and OpenSSL verify them.
 *
 * <p><b>Security:</b> element decoding is strict: non-canonical encodings, the identity and
 * points outside the prime-order subgroup (including every small-order point) are rejected.
 *
 * @since 0.1.0
 */
public final class Ed25519Sha512 implements Ciphersuite {
  private static final Ed25519Sha512 INSTANCE = new Ed25519Sha512();

  private Ed25519Sha512() {}

  /** The single instance. */
  public static Ed25519Sha512 instance() {
    return INSTANCE;
  }

  @Override
  public String name() {
    return "FROST(Ed25519, SHA-512)";
  }

  @Override
  public String contextString() {
    return "FROST-ED25519-SHA512-v1";
  }

  @Override
  public int id() {
    return 1;
  }

  @Override
  public int elementLengthBytes() {
    return 32;
  }

  @Override
  public int scalarLengthBytes() {
    return 32;
  }

  @Override
  public String toString() {
    return name();
  }
}

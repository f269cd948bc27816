package dev.mayfly.mpc.ciphersuite;

/**
 * FROST(P-256, SHA-256) (RFC 9591 §6.4): the NIST P-256 group with SHA-256 and RFC 9380
 * hash-to-field.
 *
 * <p>Group signatures are Schnorr signatures {@code R || z} (33 + 32 bytes), <em>not</em> ECDSA:
 * ECDSA verifiers cannot check them. Elements are SEC 1 compressed points.
 *
 * @since 0.1.0
 */
public final class P256Sha256 implements Ciphersuite {
  private static final P256Sha256 INSTANCE = new P256Sha256();

  private P256Sha256() {}

  /** The single instance. */
  public static P256Sha256 instance() {
    return INSTANCE;
  }

  @Override
  public String name() {
    return "FROST(P-256, SHA-256)";
  }

  @Override
  public String contextString() {
    return "FROST-P256-SHA256-v1";
  }

  @Override
  public int id() {
    return 2;
  }

  @Override
  public int elementLengthBytes() {
    return 33;
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

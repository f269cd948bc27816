package dev.mayfly.mpc.ecdsa.internal;

import dev.mayfly.common.ProtocolException;
import dev.mayfly.mpc.ciphersuite.Ciphersuite;
import dev.mayfly.mpc.ciphersuite.internal.SuiteMath;
import dev.mayfly.mpc.internal.Wire;

/**
 * The group and header of threshold ECDSA messages: P-256 elements and scalars (the encodings of
 * {@link Ciphersuite#p256Sha256()}) under protocol id {@value Wire#PROTOCOL_ECDSA_P256}.
 *
 * @since 0.1.0
 */
public final class EcdsaCodec {
  /** The group whose encodings the messages carry. */
  public static final Ciphersuite GROUP = Ciphersuite.p256Sha256();

  /** Its arithmetic. */
  public static final SuiteMath MATH = SuiteMath.of(GROUP);

  private EcdsaCodec() {}

  /**
   * A reader of an ECDSA message of {@code type} that checks the header.
   *
   * @throws ProtocolException on a short input, unknown version, other type or other protocol
   */
  public static Wire.Reader reader(byte[] bytes, int type, String what) throws ProtocolException {
    return new Wire.Reader(bytes, GROUP, Wire.PROTOCOL_ECDSA_P256, Wire.PROTOCOL_ECDSA_P256_NAME,
        type, what);
  }
}

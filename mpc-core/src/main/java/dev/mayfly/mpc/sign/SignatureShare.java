package dev.mayfly.mpc.sign;

import static java.util.Objects.requireNonNull;

import dev.mayfly.common.PartyId;
import dev.mayfly.common.ProtocolException;
import dev.mayfly.mpc.MessageBase;
import dev.mayfly.mpc.ciphersuite.Ciphersuite;
import dev.mayfly.mpc.ciphersuite.internal.SuiteMath;
import dev.mayfly.mpc.internal.Wire;
import java.io.ByteArrayOutputStream;

/**
 * A signer's round-2 output (RFC 9591 §5.2): the signature share {@code z_i}, sent to whoever
 * aggregates.
 *
 * <p>Encoding: the common header (version 1, type 4, suite id, sender), then the share scalar.
 *
 * @since 0.1.0
 */
public final class SignatureShare extends MessageBase {
  private final byte[] share;

  SignatureShare(Ciphersuite suite, PartyId sender, byte[] share) {
    super(suite, sender, null);
    this.share = share.clone();
  }

  /**
   * Parses and validates the share scalar.
   *
   * @throws ProtocolException {@code MPC_MALFORMED_MESSAGE}, {@code MPC_WRONG_CIPHERSUITE} or
   *     {@code MPC_INVALID_SCALAR}, naming the sender
   */
  public static SignatureShare parse(Ciphersuite suite, byte[] bytes) throws ProtocolException {
    requireNonNull(suite, "suite");
    requireNonNull(bytes, "bytes");
    Wire.Reader r = new Wire.Reader(bytes, suite, Wire.TYPE_SIGNATURE_SHARE, "signature share");
    int[] z = r.readScalar("share");
    r.finish();
    return new SignatureShare(suite, r.sender(), SuiteMath.of(suite).encodeScalar(z));
  }

  /** The share's scalar encoding. */
  public byte[] share() {
    return share.clone();
  }

  @Override
  public byte[] encode() {
    ByteArrayOutputStream out = header(Wire.TYPE_SIGNATURE_SHARE);
    Wire.write(out, share);
    return out.toByteArray();
  }

  @Override
  public String toString() {
    return "SignatureShare[from " + sender() + "]";
  }
}

package dev.mayfly.mpc.ecdsa;

import static java.util.Objects.requireNonNull;

import dev.mayfly.common.PartyId;
import dev.mayfly.common.ProtocolException;
import dev.mayfly.mpc.ecdsa.internal.EcdsaCodec;
import dev.mayfly.mpc.internal.MessageBase;
import dev.mayfly.mpc.internal.Wire;
import java.io.ByteArrayOutputStream;

/**
 * Threshold ECDSA signing, round 3 broadcast (DKLs23 Protocol 3.6, step 9): the sender's additive
 * shares {@code u_i} of {@code phi * r} and {@code w_i} of {@code phi * (H(m) + r_x * sk)}.
 * Everyone computes {@code s = sum(w_i) / sum(u_i)} and verifies the signature.
 *
 * <p>Encoding: the common header (version 1, type 10, protocol id 3, sender), then {@code u_i}
 * and {@code w_i} (32-byte scalars).
 *
 * @since 0.1.0
 */
public final class EcdsaSignRound3Message extends MessageBase {
  private final byte[] u;
  private final byte[] w;

  EcdsaSignRound3Message(PartyId sender, byte[] u, byte[] w) {
    super(EcdsaCodec.GROUP, Wire.PROTOCOL_ECDSA_P256, sender, null);
    this.u = u.clone();
    this.w = w.clone();
  }

  /**
   * Parses the message strictly.
   *
   * @throws ProtocolException {@code MPC_MALFORMED_MESSAGE}, {@code MPC_WRONG_CIPHERSUITE} or
   *     {@code MPC_INVALID_SCALAR}, naming the sender
   */
  public static EcdsaSignRound3Message parse(byte[] bytes) throws ProtocolException {
    requireNonNull(bytes, "bytes");
    Wire.Reader r = EcdsaCodec.reader(bytes, Wire.TYPE_ECDSA_SIGN_ROUND3,
        "ECDSA signing round 3");
    byte[] u = r.readScalars(1, "u");
    byte[] w = r.readScalars(1, "w");
    r.finish();
    return new EcdsaSignRound3Message(r.sender(), u, w);
  }

  byte[] u() {
    return u.clone();
  }

  byte[] w() {
    return w.clone();
  }

  @Override
  public byte[] encode() {
    ByteArrayOutputStream out = header(Wire.TYPE_ECDSA_SIGN_ROUND3);
    Wire.write(out, u);
    Wire.write(out, w);
    return out.toByteArray();
  }

  @Override
  public String toString() {
    return "EcdsaSignRound3Message[from " + sender() + "]";
  }
}

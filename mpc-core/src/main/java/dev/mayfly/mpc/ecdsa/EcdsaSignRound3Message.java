package dev.mayfly.mpc.ecdsa;

import static java.util.Objects.requireNonNull;

import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.PartyId;
import dev.mayfly.common.ProtocolException;
import dev.mayfly.mpc.MessageBase;
import dev.mayfly.mpc.ecdsa.internal.EcdsaCodec;
import dev.mayfly.mpc.internal.Wire;
import java.io.ByteArrayOutputStream;

/**
 * Threshold ECDSA signing, round 3 broadcast (DKLs23 Protocol 3.6, step 9): the sender's additive
 * shares {@code u_i} of {@code phi * r} and {@code w_i} of {@code phi * (H(m) + r_x * sk)}, and
 * the echo of what the sender saw in rounds 1 and 2: for every signer {@code k} in ascending order
 * (the sender included) the digest {@code SHA-256("signer-view", k, C_k, R_k, pk_k)} of the
 * round-1 commitment, instance point and public key share as the sender received them (its own
 * values for itself). Everyone computes {@code s = sum(w_i) / sum(u_i)} after comparing the
 * digests, so a signer that showed different values to different signers is named by every
 * signer that received a value other than the one the equivocator claims here.
 *
 * <p>Encoding: the common header (version 1, type 10, protocol id 3, sender), {@code u_i} and
 * {@code w_i} (32-byte scalars), the digest count (uint16, must equal the number of signers) and
 * the digests (32 bytes each): 105 + 32 * |signers| bytes. Must reach every signer through a
 * broadcast that detects equivocation (the ceremony echoes it).
 *
 * @since 0.1.0
 */
public final class EcdsaSignRound3Message extends MessageBase {
  /** Bytes of one view digest. */
  static final int DIGEST_BYTES = 32;

  private final byte[] u;
  private final byte[] w;
  private final byte[] views;

  EcdsaSignRound3Message(PartyId sender, byte[] u, byte[] w, byte[] views) {
    super(EcdsaCodec.GROUP, Wire.PROTOCOL_ECDSA_P256, sender, null);
    this.u = u.clone();
    this.w = w.clone();
    this.views = views.clone();
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
    int count = r.readU16();
    if (count < 2) {
      throw r.fail(ErrorCode.MPC_MALFORMED_MESSAGE, "ECDSA signing round 3 echoes " + count
          + " signer views, at least 2 expected");
    }
    byte[] views = r.readBytes(count * DIGEST_BYTES, "signer views");
    r.finish();
    return new EcdsaSignRound3Message(r.sender(), u, w, views);
  }

  byte[] u() {
    return u.clone();
  }

  byte[] w() {
    return w.clone();
  }

  /** Number of view digests. */
  int viewCount() {
    return views.length / DIGEST_BYTES;
  }

  /** The view digest at {@code index} (signer order). */
  byte[] view(int index) {
    byte[] d = new byte[DIGEST_BYTES];
    System.arraycopy(views, index * DIGEST_BYTES, d, 0, DIGEST_BYTES);
    return d;
  }

  @Override
  public byte[] encode() {
    ByteArrayOutputStream out = header(Wire.TYPE_ECDSA_SIGN_ROUND3);
    Wire.write(out, u);
    Wire.write(out, w);
    Wire.writeU16(out, viewCount());
    Wire.write(out, views);
    return out.toByteArray();
  }

  @Override
  public String toString() {
    return "EcdsaSignRound3Message[from " + sender() + "]";
  }
}

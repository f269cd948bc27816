package dev.mayfly.mpc.ecdsa;

import static java.util.Objects.requireNonNull;

import dev.mayfly.common.PartyId;
import dev.mayfly.common.ProtocolException;
import dev.mayfly.mpc.MessageBase;
import dev.mayfly.mpc.ecdsa.internal.EcdsaCodec;
import dev.mayfly.mpc.ecdsa.internal.OtExtension;
import dev.mayfly.mpc.internal.Wire;
import java.io.ByteArrayOutputStream;

/**
 * Threshold ECDSA signing, round 1, point to point (DKLs23 Protocol 3.6, steps 4–6): the sender's
 * commitment to its instance point {@code R_i}, and its first multiplication message as the
 * receiver ("Bob") of the pair's random vector OLE: a fresh session nonce, the OT-extension matrix
 * {@code u} and the KOS consistency check.
 *
 * <p>Encoding: the common header (version 1, type 8, protocol id 3, sender), the recipient
 * (uint16), the nonce (32 bytes), the commitment (32 bytes), {@code u} (128 columns of 78 bytes)
 * and the check {@code x~ || t~} (32 bytes): 10,087 bytes.
 *
 * <p><b>Security:</b> {@link #carriesSecret()} is true: the OT-extension material is only meant
 * for the recipient, so send it encrypted (the ceremony uses HPKE).
 *
 * @since 0.1.0
 */
public final class EcdsaSignRound1Message extends MessageBase {
  /** Bytes of a nonce, salt or commitment. */
  static final int NONCE_BYTES = 32;

  private final byte[] nonce;
  private final byte[] commitment;
  private final byte[] u;
  private final byte[] check;

  EcdsaSignRound1Message(PartyId sender, PartyId recipient, byte[] nonce, byte[] commitment,
      byte[] u, byte[] check) {
    super(EcdsaCodec.GROUP, Wire.PROTOCOL_ECDSA_P256, sender, recipient);
    this.nonce = nonce.clone();
    this.commitment = commitment.clone();
    this.u = u.clone();
    this.check = check.clone();
  }

  /**
   * Parses the message strictly.
   *
   * @throws ProtocolException {@code MPC_MALFORMED_MESSAGE} or {@code MPC_WRONG_CIPHERSUITE},
   *     naming the sender
   */
  public static EcdsaSignRound1Message parse(byte[] bytes) throws ProtocolException {
    requireNonNull(bytes, "bytes");
    Wire.Reader r = EcdsaCodec.reader(bytes, Wire.TYPE_ECDSA_SIGN_ROUND1,
        "ECDSA signing round 1");
    PartyId recipient = r.readPartyId("recipient");
    byte[] nonce = r.readBytes(NONCE_BYTES, "nonce");
    byte[] commitment = r.readBytes(NONCE_BYTES, "commitment");
    byte[] u = r.readBytes(OtExtension.U_BYTES, "u");
    byte[] check = r.readBytes(OtExtension.CHECK_BYTES, "check");
    r.finish();
    return new EcdsaSignRound1Message(r.sender(), recipient, nonce, commitment, u, check);
  }

  @Override
  public boolean carriesSecret() {
    return true;
  }

  byte[] nonce() {
    return nonce.clone();
  }

  byte[] commitment() {
    return commitment.clone();
  }

  byte[] u() {
    return u.clone();
  }

  byte[] check() {
    return check.clone();
  }

  @Override
  public byte[] encode() {
    ByteArrayOutputStream out = header(Wire.TYPE_ECDSA_SIGN_ROUND1);
    Wire.writeU16(out, recipient().orElseThrow().value());
    Wire.write(out, nonce);
    Wire.write(out, commitment);
    Wire.write(out, u);
    Wire.write(out, check);
    return out.toByteArray();
  }

  @Override
  public String toString() {
    return "EcdsaSignRound1Message[from " + sender() + " to " + recipient().orElseThrow() + "]";
  }
}

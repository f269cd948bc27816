package dev.mayfly.mpc.ecdsa;

import static java.util.Objects.requireNonNull;

import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.PartyId;
import dev.mayfly.common.ProtocolException;
import dev.mayfly.mpc.MessageBase;
import dev.mayfly.mpc.ciphersuite.GroupElement;
import dev.mayfly.mpc.ecdsa.internal.EcdsaCodec;
import dev.mayfly.mpc.internal.Wire;
import dev.mayfly.mpc.keygen.DkgCommitmentMessage;
import java.io.ByteArrayOutputStream;

/**
 * Threshold ECDSA key generation, round 1 broadcast: the sender's Feldman commitments and proof of
 * knowledge (an embedded FROST(P-256) {@link DkgCommitmentMessage}, FROST paper Figure 1 round 1),
 * plus its base-OT sender key {@code A = a*G} with a Schnorr proof of knowledge of {@code a}
 * (the setup of DKLs23's pairwise multiplications).
 *
 * <p>Encoding: the common header (version 1, type 6, protocol id 3, sender), the embedded message
 * length (uint16) and bytes (whose sender must be the same), then {@code A}, the proof's
 * {@code R} and {@code mu}. Must reach every participant through a broadcast that detects
 * equivocation.
 *
 * @since 0.1.0
 */
public final class EcdsaDkgCommitmentMessage extends MessageBase {
  private final byte[] feldman;
  private final GroupElement otKey;
  private final GroupElement proofR;
  private final byte[] proofMu;

  EcdsaDkgCommitmentMessage(PartyId sender, byte[] feldman, GroupElement otKey,
      GroupElement proofR, byte[] proofMu) {
    super(EcdsaCodec.GROUP, Wire.PROTOCOL_ECDSA_P256, sender, null);
    this.feldman = feldman.clone();
    this.otKey = otKey;
    this.proofR = proofR;
    this.proofMu = proofMu.clone();
  }

  /**
   * Parses and validates every field, the embedded message included.
   *
   * @throws ProtocolException {@code MPC_MALFORMED_MESSAGE}, {@code MPC_WRONG_CIPHERSUITE},
   *     {@code MPC_INVALID_ELEMENT} or {@code MPC_INVALID_SCALAR}, naming the sender
   */
  public static EcdsaDkgCommitmentMessage parse(byte[] bytes) throws ProtocolException {
    requireNonNull(bytes, "bytes");
    Wire.Reader r = EcdsaCodec.reader(bytes, Wire.TYPE_ECDSA_DKG_COMMITMENT,
        "ECDSA DKG commitment");
    byte[] feldman = r.readBytes(r.readU16(), "embedded commitment");
    GroupElement otKey = r.readElement("base-OT key");
    GroupElement proofR = r.readElement("base-OT key proof R");
    byte[] mu = r.readScalars(1, "base-OT key proof mu");
    r.finish();
    checkEmbeddedSender(r, feldman, "embedded commitment");
    DkgCommitmentMessage.parse(EcdsaCodec.GROUP, feldman);
    return new EcdsaDkgCommitmentMessage(r.sender(), feldman, otKey, proofR, mu);
  }

  /** Fails unless the embedded message names the same sender as the outer header. */
  static void checkEmbeddedSender(Wire.Reader r, byte[] embedded, String what)
      throws ProtocolException {
    if (embedded.length < Wire.HEADER_BYTES
        || (((embedded[3] & 0xFF) << 8) | (embedded[4] & 0xFF)) != r.sender().value()) {
      throw r.fail(ErrorCode.MPC_MALFORMED_MESSAGE, what + " does not name " + r.sender()
          + " as its sender");
    }
  }

  /** The embedded FROST(P-256) DKG commitment message. */
  byte[] feldman() {
    return feldman.clone();
  }

  /** The base-OT sender key {@code A}. */
  public GroupElement otKey() {
    return otKey;
  }

  GroupElement proofR() {
    return proofR;
  }

  byte[] proofMu() {
    return proofMu.clone();
  }

  @Override
  public byte[] encode() {
    ByteArrayOutputStream out = header(Wire.TYPE_ECDSA_DKG_COMMITMENT);
    Wire.writeU16(out, feldman.length);
    Wire.write(out, feldman);
    Wire.write(out, otKey.encode());
    Wire.write(out, proofR.encode());
    Wire.write(out, proofMu);
    return out.toByteArray();
  }

  @Override
  public String toString() {
    return "EcdsaDkgCommitmentMessage[from " + sender() + "]";
  }
}
